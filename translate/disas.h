/* -d in_asm: a translated block's guest code as Capstone disassembles it,
 * named by the guest's symbols. Shared by the frontends. */
#ifndef DUET_DISAS_H
#define DUET_DISAS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <capstone.h>

#include "symtab.h"

/* Reads len bytes of guest code at pc into buf as memory holds them;
 * returns how many it could. */
typedef size_t (*disas_fetch_fn)(const void *opaque, uint64_t pc, uint8_t *buf, size_t len);

/* "IN: isa pc 0x... <symbol+off>", then one line per instruction of each
 * run of the block's code (ir_block.runs); a symbol that starts inside the
 * block gets a label line, and a branch target (the last operand of a b...
 * or j... instruction) its name. */
struct ir_block;
void disas_log_runs(FILE *f, const char *isa, cs_arch arch, cs_mode mode, const struct ir_block *b,
                    disas_fetch_fn fetch, const void *opaque, struct symtab *syms);

#endif
