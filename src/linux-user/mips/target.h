#ifndef DUET_LU_MIPS_TARGET_H
#define DUET_LU_MIPS_TARGET_H

#include "linux-user/process.h"

/* o32 on little-endian (mipsel) and big-endian (mips) CPUs. */
extern const struct lu_target lu_target_mipsel;
extern const struct lu_target lu_target_mips;
extern const struct lu_abi lu_mips_abi;
extern const struct lu_abi lu_mips_n64_abi;

/* n64 on little-endian (mips64el) and big-endian (mips64) MIPS64 CPUs (n64.c). */
extern const struct lu_target lu_target_mips64el;
extern const struct lu_target lu_target_mips64;

/* The hooks o32 and n64 share (target.c). */
const char *lu_mips_uname_machine(struct lu_process *p);
const char *lu_mips_platform(struct lu_process *p);
uint32_t lu_mips_hwcap(struct lu_process *p);
bool lu_mips_exit_reason(struct lu_process *p, enum exit_reason r);
struct cpu_head *lu_mips_cpu_clone(struct lu_process *p);
void lu_mips_cpu_free(struct cpu_head *cpu);
void lu_mips_threads_start(struct lu_process *p);
/* cacheflush(addr, len, cache): drops the translations of the range. */
int64_t lu_mips_cacheflush(struct lu_process *p, lu_addr addr, lu_addr len);

/* ioctl.c: a MIPS ioctl request as the generic one; struct termios. */
uint32_t lu_mips_ioctl_to_generic(uint32_t req);
struct lu_termios;
int64_t lu_mips_get_termios(struct lu_process *p, lu_addr addr, struct lu_termios *t);
int64_t lu_mips_put_termios(struct lu_process *p, lu_addr addr, const struct lu_termios *t);

/* The FP register mode (Status.FR) the kernel picks for the program at
 * path from its ELF header and .MIPS.abiflags (always FR=1 for n64); -1
 * (with a message naming the file) when the program is neither an o32
 * nor an n64 one. */
int lu_mips_fr_mode(const char *path, bool *fr);

#endif
