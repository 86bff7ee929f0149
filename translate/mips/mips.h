/* The MIPS frontend: decodes MIPS32/MIPS64 code and builds IR blocks. */
#ifndef DUET_MIPS_H
#define DUET_MIPS_H

#include "mips/cpu.h"

/* How the frontend reads guest code: false when pc is not executable.
 * The word comes in host order as memory holds it; the frontend swaps it
 * for a big-endian CPU. */
struct mips_code_fetch {
    bool (*fetch)(void *opaque, uint64_t pc, unsigned size, uint32_t *insn);
    void *opaque;
};

struct mips_frontend;

/* The IR view of the CPU state: 32-bit registers for MIPS32 models,
 * 64-bit for MIPS64 ones. */
extern const struct ir_guest_desc mips32_guest_desc;
extern const struct ir_guest_desc mips64_guest_desc;

/* NULL (with a message) when the decode tables are malformed. */
struct mips_frontend *mips_frontend_create(const struct mips_model *m, bool big_endian,
                                           const struct mips_code_fetch *fetch);
void mips_frontend_destroy(struct mips_frontend *fe);
/* The frontend as the translator takes it. */
struct frontend mips_frontend_get(struct mips_frontend *fe);

#endif
