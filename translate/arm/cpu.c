/* ARM CPU models and the user-visible CPSR. */
#include <string.h>

#include "arm/cpu.h"

enum {
    HWCAP_SWP = 1 << 0, HWCAP_HALF = 1 << 1, HWCAP_THUMB = 1 << 2, HWCAP_FAST_MULT = 1 << 4,
    HWCAP_VFP = 1 << 6, HWCAP_EDSP = 1 << 7, HWCAP_JAVA = 1 << 8, HWCAP_TLS = 1 << 15,
};

#define V4T (ARM_F_V4T)
#define V5TEJ (V4T | ARM_F_V5 | ARM_F_V5TE | ARM_F_V5J)
#define V6 (V5TEJ | ARM_F_V6)

const struct arm_model arm_models[] = {
    { "arm7tdmi", V4T, 0x41007700, "v4l", "armv4tl",
      HWCAP_SWP | HWCAP_HALF | HWCAP_THUMB },
    { "arm926", V5TEJ, 0x41069265, "v5l", "armv5tel",
      HWCAP_SWP | HWCAP_HALF | HWCAP_THUMB | HWCAP_FAST_MULT | HWCAP_EDSP | HWCAP_JAVA },
    { "arm1136", V6, 0x4117b363, "v6l", "armv6l",
      HWCAP_SWP | HWCAP_HALF | HWCAP_THUMB | HWCAP_FAST_MULT | HWCAP_EDSP | HWCAP_JAVA },
    { "arm1176", V6 | ARM_F_V6K | ARM_F_VFP2, 0x410fb767, "v6l", "armv6l",
      HWCAP_SWP | HWCAP_HALF | HWCAP_THUMB | HWCAP_FAST_MULT | HWCAP_VFP | HWCAP_EDSP |
      HWCAP_JAVA | HWCAP_TLS },
    { NULL, 0, 0, NULL, NULL, 0 },
};

const struct arm_model *arm_model_find(const char *name)
{
    for (const struct arm_model *m = arm_models; m->name; m++)
        if (strcmp(m->name, name) == 0)
            return m;
    return NULL;
}

void arm_cpu_reset(struct arm_cpu *c, const struct arm_model *m)
{
    memset(c, 0, sizeof(*c));
    c->model = m;
    c->zf = 1;
    c->excl_addr = UINT32_MAX;
}

uint32_t arm_cpsr_read(const struct arm_cpu *c)
{
    uint32_t v = 0x10;  /* user mode */
    v |= c->nf & 0x80000000u;
    v |= c->zf == 0 ? 1u << 30 : 0;
    v |= (c->cf & 1) << 29;
    v |= (c->vf >> 31) << 28;
    v |= c->qf ? 1u << 27 : 0;
    v |= (c->ge & 0xf) << 16;
    v |= (c->head.block_flags & ARM_TB_BE_DATA) ? 1u << 9 : 0;
    v |= (c->head.block_flags & ARM_TB_THUMB) ? 1u << 5 : 0;
    return v;
}

/* Only what user mode may write: NZCVQ, GE (ARMv6) and E (ARMv6). */
void arm_cpsr_write(struct arm_cpu *c, uint32_t val, uint32_t mask)
{
    bool v6 = c->model && (c->model->features & ARM_F_V6);
    if (mask & 0xf8000000u) {
        c->nf = val & 0x80000000u;
        c->zf = (val & (1u << 30)) ? 0 : 1;
        c->cf = (val >> 29) & 1;
        c->vf = (val << 3) & 0x80000000u;
        /* Q exists from ARMv5TE on. */
        if (c->model && (c->model->features & ARM_F_V5TE))
            c->qf = (val >> 27) & 1;
    }
    if (v6 && (mask & 0x000f0000u))
        c->ge = (val >> 16) & 0xf;
    if (v6 && (mask & (1u << 9))) {
        c->head.block_flags &= ~(uint32_t)ARM_TB_BE_DATA;
        c->head.block_flags |= (val & (1u << 9)) ? ARM_TB_BE_DATA : 0;
    }
}

void arm_cpu_set_fpscr(struct arm_cpu *c, uint32_t fpscr)
{
    c->fpscr = fpscr;
    c->head.block_flags = (c->head.block_flags & ~(uint32_t)ARM_TB_VFP_VECTOR) | (fpscr & ARM_TB_VFP_VECTOR);
}
