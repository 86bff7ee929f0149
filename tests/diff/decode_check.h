/* What the ARM and MIPS parts of decode_check share. */
#ifndef DUET_DECODE_CHECK_H
#define DUET_DECODE_CHECK_H

#include <stdbool.h>
#include <stdint.h>

/* Why Capstone and duet may disagree. A class matches by mask and value
 * in its instruction set and names who accepts the encoding. */
struct exception_class {
    const char *what;
    bool thumb;
    uint32_t mask, value;
    bool capstone_accepts;     /* true: Capstone accepts, duet not; false: the reverse */
};

/* A form of encoding whose fields sbz must be zero (and sbo ones). */
struct sb_form {
    bool thumb;
    uint32_t mask, value, sbz, sbo;
};

#define MAX_CLASSES 48

struct tally {
    unsigned long checked, agreed, later_level, sb_fields, by_class[MAX_CLASSES];
    uint32_t example[MAX_CLASSES];
    unsigned long unexplained;
};

static inline uint64_t next_random(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

/* Every MIPS model in both byte orders (decode_check_mips.c); the number
 * of unexplained disagreements. */
unsigned long check_mips(unsigned long count, uint64_t seed, const char *only, bool verbose);

#endif
