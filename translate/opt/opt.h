/* The optimisation pipeline: one pass per file, each switchable. */
#ifndef DUET_OPT_H
#define DUET_OPT_H

#include "dbt.h"

/* Runs every pass not disabled in passes_off. With verify, the verifier
 * runs after each pass; returns -1 and fills err if one produced bad IR. */
int opt_run(struct ir_block *b, uint32_t passes_off, bool verify, char *err, size_t errlen);

void opt_constfold(struct ir_block *b);
void opt_condfold(struct ir_block *b);
void opt_copyprop(struct ir_block *b);
void opt_getset(struct ir_block *b);
void opt_dce(struct ir_block *b);

/* Shared by the passes: drops the ops whose keep[] entry is false; none
 * before first_dropped is (b->nops when none is). */
void opt_compact(struct ir_block *b, const bool *keep, uint32_t first_dropped);
/* Turns op, one of b's, into dst = mov src (same type), keeping dst, and
 * lowers b->first_mov to it. */
void opt_make_mov(struct ir_block *b, struct ir_op *op, uint32_t src);
void opt_make_movi(struct ir_op *op, uint64_t imm);
/* Turns op into a nop, which dce removes: dropping it without moving the
 * ops after it. */
void opt_make_nop(struct ir_op *op);

#endif
