/* MIPS CPU models. */
#include <string.h>

#include "mips/cpu.h"

/* FIR (FCR0) fields: what the FPU implements. */
enum {
    FIR_S = 1u << 16, FIR_D = 1u << 17, FIR_PS = 1u << 18, FIR_3D = 1u << 19, FIR_W = 1u << 20,
    FIR_L = 1u << 21, FIR_F64 = 1u << 22,
};

/* FCSR without the bits that read as zero: 22..18 (and, without a
 * 64-bit FPU, nothing else changes). */
#define FCSR_WRITABLE 0xff83ffffu

#define FPU_R2 (MIPS_F_FPU | MIPS_F_F64 | MIPS_F_COP1X)

/* PRId and FIR values are the ones qemu gives the same models, but that
 * FIR never announces paired single (PS) or MIPS-3D (3D), which qemu's
 * MIPS64R2-generic has and duet does not: software chooses code by FIR. */
const struct mips_model mips_models[] = {
    { "4kc", 0, 0x00018000, 0, 0, "mips32", "mips" },
    { "24kf", MIPS_F_R2 | FPU_R2, 0x00019300,
      FIR_F64 | FIR_L | FIR_W | FIR_D | FIR_S | 0x9300, FCSR_WRITABLE, "mips32r2", "mips" },
    { "5kf", MIPS_F_64 | FPU_R2, 0x00018100,
      FIR_F64 | FIR_L | FIR_W | FIR_D | FIR_S | 0x8100, FCSR_WRITABLE, "mips64", "mips" },
    { "mips64r2", MIPS_F_R2 | MIPS_F_64 | FPU_R2, 0x00010000,
      FIR_F64 | FIR_L | FIR_W | FIR_D | FIR_S, FCSR_WRITABLE, "mips64r2", "mips" },
    { NULL, 0, 0, 0, 0, NULL, NULL },
};

const struct mips_model *mips_model_find(const char *name)
{
    for (const struct mips_model *m = mips_models; m->name; m++)
        if (strcmp(m->name, name) == 0)
            return m;
    return NULL;
}

void mips_cpu_reset(struct mips_cpu *c, const struct mips_model *m, bool big_endian)
{
    memset(c, 0, sizeof(*c));
    c->model = m;
    c->big_endian = big_endian;
    c->lladdr = ~0ull;
}
