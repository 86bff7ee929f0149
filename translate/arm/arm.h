/* The ARM frontend: decodes ARM code and builds IR blocks. */
#ifndef DUET_ARM_H
#define DUET_ARM_H

#include "arm/cpu.h"

/* How the frontend reads guest code: false when pc is not executable. */
struct arm_code_fetch {
    bool (*fetch)(void *opaque, uint64_t pc, unsigned size, uint32_t *insn);
    void *opaque;
};

struct arm_frontend;

extern const struct ir_guest_desc arm_guest_desc;

/* NULL (with a message) when the decode tables are malformed. */
struct arm_frontend *arm_frontend_create(const struct arm_model *m, const struct arm_code_fetch *fetch);
void arm_frontend_destroy(struct arm_frontend *fe);
/* The frontend as the translator takes it. */
struct frontend arm_frontend_get(struct arm_frontend *fe);

#endif
