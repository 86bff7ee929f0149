/* Where a guest's Linux ABI differs from the generic one that the common
 * system call code speaks (ARM EABI's with the guest's long and pointer
 * size, whose signal numbers are also the host's): the target translates
 * at these points. Every hook may be NULL, meaning the generic ABI. */
#ifndef DUET_LU_ABI_H
#define DUET_LU_ABI_H

#include <stdint.h>
#include <sys/stat.h>
#include <sys/statfs.h>

#include "linux-user/process.h"

struct lu_process;

/* The generic kernel struct termios of TCGETS and TCSETS* (ARM's and the
 * host's): four flag words, the line discipline, 19 control characters,
 * no speed fields. */
#define LU_NCCS 19
struct lu_termios {
    uint32_t iflag, oflag, cflag, lflag;
    uint8_t line;
    uint8_t cc[LU_NCCS];
};

/* A number the guest gives another value than the generic one. */
struct lu_number_pair {
    uint32_t guest, generic;
};

/* The socket numbers of a guest that has its own: a number not listed
 * is the generic one (unless it stands for another in the generic
 * numbering, when it is refused). */
struct lu_socket_abi {
    uint32_t sol_socket;                    /* SOL_SOCKET, also the level of SCM_* messages */
    uint32_t sock_nonblock, sock_cloexec;   /* the type flags: the guest's O_NONBLOCK, O_CLOEXEC */
    const struct lu_number_pair *types;     /* SOCK_STREAM... */
    unsigned ntypes;
    const struct lu_number_pair *options;   /* the options of SOL_SOCKET */
    unsigned noptions;
};

struct lu_abi {
    /* The arguments of common call `common` (enum lu_sys), turned from the
     * guest's values (flags, commands, signal numbers) into generic ones
     * in place before the call. */
    void (*args_to_generic)(struct lu_process *p, int common, uint64_t *a);
    /* A call's result in generic values turned into the guest's (the
     * flags F_GETFL returns, the signal sigtimedwait took). */
    int64_t (*ret_to_guest)(struct lu_process *p, int common, const uint64_t *a, int64_t ret);
    /* Signal numbers: guest to host and back (0 when there is none). */
    int (*sig_to_host)(int sig);
    int (*sig_to_guest)(int sig);
    /* Bytes of the kernel's sigset_t (0: 8). */
    unsigned sigset_size;
    /* struct sigaction of rt_sigaction: into and out of guest memory. */
    int64_t (*get_sigaction)(struct lu_process *p, lu_addr addr, struct lu_sigaction *act);
    int64_t (*put_sigaction)(struct lu_process *p, lu_addr addr, const struct lu_sigaction *act);
    /* stack_t as the guest lays it out: sp, size, flags (MIPS) rather
     * than sp, flags, size. */
    bool stack_t_size_before_flags;
    /* siginfo as the guest lays it out, its signal number the guest's:
     * the 128 bytes the guest sees, in its byte order. */
    void (*siginfo_to_guest)(const struct lu_process *p, const struct lu_siginfo *in, struct lu_siginfo *out);
    /* RLIM_INFINITY of getrlimit/setrlimit (0: ~0 of the guest's long). */
    uint32_t rlim_infinity;
    /* struct stat64 (a 64-bit guest's struct stat) and struct statfs64 of
     * the guest (size: the one the call passed, which the guest's kernel
     * checks; 0 for statfs and fstatfs, which take the guest's own struct
     * statfs). */
    int64_t (*put_stat64)(struct lu_process *p, lu_addr addr, const struct stat *st);
    int64_t (*put_statfs64)(struct lu_process *p, lu_addr addr, uint32_t size, const struct statfs *st);
    /* struct flock (of the commands on 32-bit offsets) has MIPS o32's
     * l_sysid before l_pid and four pad longs after it. */
    bool flock_has_sysid;
    /* struct termios of the terminal ioctls where the guest's layout, flag
     * bits or control character slots differ: into and out of the generic
     * one. */
    int64_t (*get_termios)(struct lu_process *p, lu_addr addr, struct lu_termios *t);
    int64_t (*put_termios)(struct lu_process *p, lu_addr addr, const struct lu_termios *t);
    /* Socket types, SOL_SOCKET and its options where the guest numbers
     * them otherwise. */
    const struct lu_socket_abi *socket;
};

#endif
