/* The portable backend: runs an IR block op by op on any host. */
#ifndef DUET_INTERP_H
#define DUET_INTERP_H

#include "dbt.h"

/* A block prepared for interpretation: its IR and where each label is. */
struct interp_block {
    struct ir_block ir;
    uint32_t *label_pos;
};

/* How a block left. */
struct block_exit {
    enum exit_reason reason;  /* EXIT_CHAIN for goto_tb, EXIT_LOOKUP for exit_indirect */
    unsigned slot;            /* goto_tb slot */
};

void interp_prepare(struct interp_block *ib, const struct ir_block *b);
void interp_free(struct interp_block *ib);

/* Runs one block; cpu->pc holds the next guest pc on return. *cur_pc is
 * updated at every guest instruction so a fault can report it. temps has
 * room for ib->ir.ntemps values. */
struct block_exit interp_run(const struct interp_block *ib, struct cpu_head *cpu,
                             const struct guest_mem *mem, uint64_t *temps,
                             volatile uint64_t *cur_pc);

#endif
