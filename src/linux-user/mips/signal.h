/* MIPS o32 signal frames and signal numbers (signal.c, abi.c), for the
 * hooks of lu_target_mips and lu_target_mipsel. */
#ifndef DUET_LU_MIPS_SIGNAL_H
#define DUET_LU_MIPS_SIGNAL_H

#include "linux-user/process.h"

int lu_mips_setup_frame(struct lu_process *p, int sig, const struct lu_sigaction *act,
                        const struct lu_siginfo *info, uint64_t oldmask);
int lu_mips_restore_frame(struct lu_process *p, bool rt);
void lu_mips_syscall_restart(struct lu_process *p, uint64_t a0);
lu_addr lu_mips_get_sp(struct lu_process *p);
int lu_mips_exit_siginfo(struct lu_process *p, enum exit_reason r, struct lu_siginfo *info);

/* abi.c: MIPS numbering of signals and errno values. */
int lu_mips_sig_to_host(int sig);
int lu_mips_sig_to_guest(int sig);
uint64_t lu_mips_sigset_to_guest(uint64_t host_set);
uint64_t lu_mips_sigset_to_host(uint64_t guest_set);
uint32_t lu_mips_errno(int host_errno);
/* siginfo in the MIPS layout (signo, code, errno), signal number MIPS's,
 * still in host byte order. */
void lu_mips_siginfo_to_guest(const struct lu_process *p, const struct lu_siginfo *in, struct lu_siginfo *out);
/* The 128 bytes of siginfo the guest sees (its ABI's layout and byte order). */
void lu_mips_siginfo_bytes(const struct lu_process *p, const struct lu_siginfo *in, uint8_t *out);

/* Guest-endian words in a byte buffer. */
static inline void lu_mips_put32(uint8_t *b, bool be, uint32_t v)
{
    for (unsigned i = 0; i < 4; i++)
        b[be ? 3 - i : i] = (uint8_t)(v >> (8 * i));
}
static inline uint32_t lu_mips_get32(const uint8_t *b, bool be)
{
    uint32_t v = 0;
    for (unsigned i = 0; i < 4; i++)
        v |= (uint32_t)b[be ? 3 - i : i] << (8 * i);
    return v;
}
static inline void lu_mips_put64(uint8_t *b, bool be, uint64_t v)
{
    lu_mips_put32(b + (be ? 4 : 0), be, (uint32_t)v);
    lu_mips_put32(b + (be ? 0 : 4), be, (uint32_t)(v >> 32));
}
static inline uint64_t lu_mips_get64(const uint8_t *b, bool be)
{
    return lu_mips_get32(b + (be ? 4 : 0), be) | (uint64_t)lu_mips_get32(b + (be ? 0 : 4), be) << 32;
}

#endif
