/* Linear-scan register allocation for one IR block. Temps are
 * single-assignment and branches only go forward, so a temp's live range is
 * the interval [definition, last use] of op indices, and one location for
 * the whole interval is exact on every path. */
#ifndef DUET_X64_REGALLOC_H
#define DUET_X64_REGALLOC_H

#include "ir/ir.h"
#include "x86_64/emit.h"

/* RA_STATE: a spilled guest register or flag read whose slot nothing
 * writes while the temp lives stays where it is in the CPU state, so the
 * spill costs no store (rematerialisation from the state). */
enum ra_kind { RA_NONE, RA_REG, RA_SLOT, RA_CONST, RA_STATE };

struct ra_loc {
    uint8_t kind;
    uint8_t reg;     /* RA_REG: the register; RA_STATE: the width, 4 or 8 */
    uint16_t slot;   /* RA_SLOT: the stack slot; RA_STATE: the state offset */
};

struct ra_result {
    struct ra_loc *loc;   /* per temp */
    uint32_t *end;        /* per temp: index of the last op reading it */
    uint64_t *cval;       /* per temp: value when RA_CONST */
    uint32_t nslots;
};

/* Registers the allocator never hands out: RSP, RBP (CPU state), R15 (guest
 * memory base) and the scratch registers RAX, RCX, RDX used inside one op. */
#define RA_MAX_SLOTS 1024

static inline bool ra_caller_saved(enum x64_reg r)
{
    return r == X64_RSI || r == X64_RDI || (r >= X64_R8 && r <= X64_R11);
}

/* Fills r with arrays taken from scratch. Returns 0, or -1 when the block
 * needs more than RA_MAX_SLOTS spill slots. */
int regalloc_run(const struct ir_block *b, struct arena *scratch, struct ra_result *r);

#endif
