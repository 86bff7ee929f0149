#ifndef DUET_LU_MIPS_TARGET_H
#define DUET_LU_MIPS_TARGET_H

#include "linux-user/process.h"

/* o32 on little-endian (mipsel) and big-endian (mips) CPUs. */
extern const struct lu_target lu_target_mipsel;
extern const struct lu_target lu_target_mips;
extern const struct lu_abi lu_mips_abi;
extern const struct lu_abi lu_mips_n64_abi;

/* The FP register mode (Status.FR) the kernel picks for the program at
 * path from its ELF header and .MIPS.abiflags; -1 (with a message naming
 * the file) when the program is not an o32 one. */
int lu_mips_fr_mode(const char *path, bool *fr);

#endif
