/* -d in_asm: a translated block's guest code as Capstone disassembles it,
 * named by the guest's symbols. Shared by the frontends. */
#ifndef DUET_DISAS_H
#define DUET_DISAS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <capstone.h>

#include "symtab.h"

/* "IN: isa pc 0x... <symbol+off>", then one line per instruction; a symbol
 * that starts inside the block gets a label line, and a branch target
 * (the last operand of a b... or j... instruction) its name. */
void disas_log_block(FILE *f, const char *isa, cs_arch arch, cs_mode mode, const uint8_t *code,
                     size_t len, uint64_t pc, struct symtab *syms);

#endif
