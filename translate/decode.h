/* Table-driven instruction decoding. Each encoding is one line with a
 * pattern string such as "cccc0010101Snnnnddddrrrrvvvvvvvv": '0' and '1'
 * must match, any other character is a field the handler extracts. The
 * tables are const; the masks are computed once per decoder instance. */
#ifndef DUET_DECODE_H
#define DUET_DECODE_H

#include <stdbool.h>
#include <stdint.h>

/* The caller keeps its handlers in an array parallel to the entries. */
struct decode_entry {
    const char *name;
    const char *pattern;   /* most significant bit first; 16 or 32 characters */
    uint32_t features;     /* features the CPU must have, or the encoding is undefined */
};

/* DECODE_INDEX_BITS instruction bits pick a bucket; they are taken in runs
 * of adjacent bits: width bits at shift go to bucket bit pos. */
#define DECODE_INDEX_BITS 10
#define DECODE_MAX_RUNS DECODE_INDEX_BITS
struct decode_run {
    uint8_t shift, width, pos;
};

struct decode_table {
    const struct decode_entry *entries;
    uint32_t *mask;
    uint32_t *value;
    unsigned n;
    uint32_t index_mask;
    struct decode_run runs[DECODE_MAX_RUNS];
    unsigned nruns;
    uint16_t gather[4][256];  /* per instruction byte: its index bits in the bucket number */
    uint32_t *bucket_start;  /* per bucket, and one past the last: where its list starts */
    uint16_t *bucket_list;   /* entry numbers, in table order */
};

/* Compiles the patterns and their index; returns -1 (naming the entry on stderr) when a
 * pattern is malformed, so a bad table line fails loudly at start-up. */
int decode_table_init(struct decode_table *t, const struct decode_entry *e, unsigned n, unsigned bits);
void decode_table_free(struct decode_table *t);
/* The index of the first entry matching insn, or -1 when none does or the
 * CPU lacks its features (the encoding is undefined on that CPU). Earlier
 * lines take precedence, so more specific encodings come first. */
int decode_lookup(const struct decode_table *t, uint32_t insn, uint32_t features);

#endif
