/* Linux user mode for MIPS n64: system call numbers (5000 + n), the
 * arguments in a0-a5 as whole 64-bit registers, the a3 error convention
 * and the private MIPS calls; the numbers, structures and signal frames
 * it shares with o32 are abi.c's and signal.c's, which follow the
 * target's 64-bit long. */
#include <errno.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "linux-user/abi.h"
#include "linux-user/mips/signal.h"
#include "linux-user/mips/target.h"
#include "linux-user/sys.h"
#include "mips/cpu.h"

enum { REG_V0 = 2, REG_V1 = 3, REG_A0 = 4, REG_A3 = 7, REG_K0 = 26, REG_SP = 29 };
#define N64_BASE 5000

static struct mips_cpu *mips(struct lu_process *p)
{
    return (struct mips_cpu *)p->cpu;
}

static long n64_syscall_nr(struct lu_process *p)
{
    return (long)mips(p)->gpr[REG_V0];
}

/* a0-a7 are $4-$11; no call takes more than six. */
static uint64_t n64_syscall_arg(struct lu_process *p, unsigned i)
{
    return i < 8 ? mips(p)->gpr[REG_A0 + i] : 0;
}

/* A 64-bit argument is one register. */
static uint64_t n64_syscall_arg64(const uint64_t *a, unsigned *i)
{
    return a[(*i)++];
}

/* v0 is the result and a3 0, or v0 the (MIPS) errno and a3 1; the call
 * number and a3 are kept for a restart as o32 keeps them. */
static void n64_syscall_ret(struct lu_process *p, int64_t ret)
{
    struct mips_cpu *c = mips(p);
    c->gpr[0] = c->gpr[REG_V0];
    c->gpr[REG_K0] = c->gpr[REG_A3];
    bool error = ret < 0 && ret >= -4095;
    c->gpr[REG_V0] = error ? lu_mips_errno((int)-ret) : (uint64_t)ret;
    c->gpr[REG_A3] = error;
}

static void n64_set_tls(struct lu_process *p, lu_addr v)
{
    mips(p)->userlocal = v;
}

static void n64_set_sp(struct lu_process *p, lu_addr sp)
{
    mips(p)->gpr[REG_SP] = sp;
}

/* pipe returns the two descriptors in v0 and v1 (sysm_pipe). */
static int64_t n64_pipe(struct lu_process *p)
{
    int fds[2];
    if (pipe(fds) < 0)
        return lu_err();
    mips(p)->gpr[REG_V1] = (uint64_t)fds[1];
    return fds[0];
}

static int64_t n64_syscall_private(struct lu_process *p, long nr)
{
    const uint64_t *r = mips(p)->gpr + REG_A0;
    switch (nr - N64_BASE) {
    case 37: /* alarm: the host's SIGALRM becomes the guest's */
        return alarm((unsigned)r[0]);
    case 21:
        return n64_pipe(p);
    case 215: /* fadvise64(fd, offset, len, advice): the advice numbers are the host's */
        return lu_ret(syscall(SYS_fadvise64, (int)r[0], (int64_t)r[1], (int64_t)r[2], (int)r[3]));
    case 197: /* cacheflush(addr, nbytes, cache): code translated from the range is stale */
        return lu_mips_cacheflush(p, r[0], r[1]);
    case 198: /* cachectl: cacheability of a range, nothing to do here */
        return 0;
    case 242: /* set_thread_area: UserLocal, which RDHWR $29 reads */
        n64_set_tls(p, r[0]);
        return 0;
    default:
        return -ENOSYS;
    }
}

/* From the kernel's arch/mips/kernel/syscalls/syscall_n64.tbl, minus
 * 5000. mmap (9) takes its offset in bytes: mmap2 once
 * lu_mips_n64_abi.args_to_generic has turned it into pages. stat, fstat,
 * lstat and newfstatat write n64's struct stat, which is laid out as
 * o32's stat64 (the stat64 calls' hook). */
static const struct {
    uint16_t nr;
    uint8_t sys;
} n64_sys_map[] = {
    { 0, LU_SYS_read }, { 1, LU_SYS_write }, { 2, LU_SYS_open }, { 3, LU_SYS_close },
    { 4, LU_SYS_stat64 }, { 5, LU_SYS_fstat64 }, { 6, LU_SYS_lstat64 }, { 7, LU_SYS_poll },
    { 8, LU_SYS_lseek }, { 9, LU_SYS_mmap2 }, { 10, LU_SYS_mprotect }, { 11, LU_SYS_munmap },
    { 12, LU_SYS_brk }, { 13, LU_SYS_rt_sigaction }, { 14, LU_SYS_rt_sigprocmask }, { 15, LU_SYS_ioctl },
    { 16, LU_SYS_pread64 }, { 17, LU_SYS_pwrite64 }, { 18, LU_SYS_readv }, { 19, LU_SYS_writev },
    { 20, LU_SYS_access }, { 22, LU_SYS__newselect }, { 23, LU_SYS_sched_yield }, { 24, LU_SYS_mremap },
    { 25, LU_SYS_msync }, { 27, LU_SYS_madvise }, { 31, LU_SYS_dup }, { 32, LU_SYS_dup2 },
    { 33, LU_SYS_pause }, { 34, LU_SYS_nanosleep }, { 35, LU_SYS_getitimer }, { 36, LU_SYS_setitimer },
    { 38, LU_SYS_getpid }, { 55, LU_SYS_clone }, { 56, LU_SYS_fork }, { 57, LU_SYS_execve },
    { 58, LU_SYS_exit }, { 59, LU_SYS_wait4 }, { 60, LU_SYS_kill }, { 61, LU_SYS_uname },
    { 70, LU_SYS_fcntl64 }, { 72, LU_SYS_fsync }, { 73, LU_SYS_fdatasync }, { 74, LU_SYS_truncate },
    { 75, LU_SYS_ftruncate }, { 77, LU_SYS_getcwd }, { 78, LU_SYS_chdir }, { 79, LU_SYS_fchdir },
    { 80, LU_SYS_rename }, { 81, LU_SYS_mkdir }, { 82, LU_SYS_rmdir }, { 84, LU_SYS_link },
    { 85, LU_SYS_unlink }, { 86, LU_SYS_symlink }, { 87, LU_SYS_readlink }, { 88, LU_SYS_chmod },
    { 89, LU_SYS_fchmod }, { 90, LU_SYS_chown32 }, { 91, LU_SYS_fchown32 }, { 92, LU_SYS_lchown32 },
    { 93, LU_SYS_umask }, { 94, LU_SYS_gettimeofday }, { 95, LU_SYS_ugetrlimit }, { 96, LU_SYS_getrusage },
    { 97, LU_SYS_sysinfo }, { 98, LU_SYS_times }, { 100, LU_SYS_getuid }, { 102, LU_SYS_getgid },
    { 105, LU_SYS_geteuid }, { 106, LU_SYS_getegid }, { 107, LU_SYS_setpgid }, { 108, LU_SYS_getppid },
    { 109, LU_SYS_getpgrp }, { 110, LU_SYS_setsid }, { 113, LU_SYS_getgroups32 },
    { 116, LU_SYS_getresuid32 }, { 118, LU_SYS_getresgid32 }, { 119, LU_SYS_getpgid },
    { 122, LU_SYS_getsid }, { 125, LU_SYS_rt_sigpending }, { 126, LU_SYS_rt_sigtimedwait },
    { 128, LU_SYS_rt_sigsuspend }, { 129, LU_SYS_sigaltstack }, { 131, LU_SYS_mknod },
    { 134, LU_SYS_statfs }, { 135, LU_SYS_fstatfs }, { 155, LU_SYS_setrlimit }, { 157, LU_SYS_sync },
    { 178, LU_SYS_gettid }, { 192, LU_SYS_tkill }, { 194, LU_SYS_futex }, { 196, LU_SYS_sched_getaffinity },
    { 205, LU_SYS_exit_group }, { 211, LU_SYS_rt_sigreturn }, { 212, LU_SYS_set_tid_address },
    { 222, LU_SYS_clock_gettime }, { 223, LU_SYS_clock_getres }, { 224, LU_SYS_clock_nanosleep },
    { 225, LU_SYS_tgkill }, { 247, LU_SYS_openat }, { 248, LU_SYS_mkdirat }, { 249, LU_SYS_mknodat },
    { 250, LU_SYS_fchownat }, { 252, LU_SYS_fstatat64 }, { 253, LU_SYS_unlinkat }, { 254, LU_SYS_renameat },
    { 255, LU_SYS_linkat }, { 256, LU_SYS_symlinkat }, { 257, LU_SYS_readlinkat }, { 258, LU_SYS_fchmodat },
    { 259, LU_SYS_faccessat }, { 260, LU_SYS_pselect6 }, { 261, LU_SYS_ppoll },
    { 268, LU_SYS_set_robust_list }, { 269, LU_SYS_get_robust_list }, { 275, LU_SYS_utimensat },
    { 279, LU_SYS_fallocate }, { 286, LU_SYS_dup3 }, { 287, LU_SYS_pipe2 }, { 297, LU_SYS_prlimit64 },
    { 308, LU_SYS_getdents64 }, { 311, LU_SYS_renameat2 }, { 313, LU_SYS_getrandom }, { 326, LU_SYS_statx },
    { 327, LU_SYS_rseq }, { 439, LU_SYS_faccessat2 },
    { 40, LU_SYS_socket }, { 41, LU_SYS_connect }, { 42, LU_SYS_accept }, { 43, LU_SYS_sendto },
    { 44, LU_SYS_recvfrom }, { 45, LU_SYS_sendmsg }, { 46, LU_SYS_recvmsg }, { 47, LU_SYS_shutdown },
    { 48, LU_SYS_bind }, { 49, LU_SYS_listen }, { 50, LU_SYS_getsockname }, { 51, LU_SYS_getpeername },
    { 52, LU_SYS_socketpair }, { 53, LU_SYS_setsockopt }, { 54, LU_SYS_getsockopt },
    { 293, LU_SYS_accept4 }, { 137, LU_SYS_getpriority }, { 138, LU_SYS_setpriority },
    { 153, LU_SYS_prctl }, { 39, LU_SYS_sendfile }, { 273, LU_SYS_ioprio_set }, { 274, LU_SYS_ioprio_get },
};

_Static_assert(LU_NUM_SYS <= 256, "n64_sys_map holds enum lu_sys in a byte");

static int n64_syscall_common(long nr)
{
    for (size_t i = 0; i < sizeof(n64_sys_map) / sizeof(n64_sys_map[0]); i++)
        if (n64_sys_map[i].nr + N64_BASE == nr)
            return n64_sys_map[i].sys;
    return -1;
}

/* What uname says on a 64-bit MIPS kernel. */
static const char *n64_uname_machine(struct lu_process *p)
{
    (void)p;
    return "mips64";
}

/* The user address space: 1 TiB (TASK_SIZE64 of a kernel with 40-bit
 * segments), the stack at its top, mappings from 256 GiB, far above the
 * program at 0x120000000 and its brk area. A position-independent program
 * goes where the kernel puts it, at ELF_ET_DYN_BASE (two thirds of the
 * task size), with room for its brk area below the stack and above the
 * mappings. */
#define N64_TARGET(big)                                                                           \
    .elf_machine = 8, /* EM_MIPS */                                                               \
    .big_endian = big,                                                                            \
    .word_size = 8,                                                                               \
    .task_size = 1ull << 40,                                                                      \
    .mmap_base = 1ull << 38,                                                                      \
    .pie_base = (1ull << 40) / 3 * 2,                                                             \
    .abi = &lu_mips_n64_abi,                                                                      \
    .syscall_nr = n64_syscall_nr, .syscall_arg = n64_syscall_arg, .syscall_arg64 = n64_syscall_arg64, \
    .syscall_ret = n64_syscall_ret, .set_tls = n64_set_tls, .set_sp = n64_set_sp,                 \
    .syscall_private = n64_syscall_private, .syscall_common = n64_syscall_common,                 \
    .uname_machine = n64_uname_machine, .platform = lu_mips_platform, .hwcap = lu_mips_hwcap,     \
    .exit_reason = lu_mips_exit_reason, .exit_siginfo = lu_mips_exit_siginfo,                     \
    .setup_frame = lu_mips_setup_frame, .restore_frame = lu_mips_restore_frame,                   \
    .syscall_restart = lu_mips_syscall_restart, .get_sp = lu_mips_get_sp,                         \
    .cpu_clone = lu_mips_cpu_clone, .cpu_free = lu_mips_cpu_free, .threads_start = lu_mips_threads_start

const struct lu_target lu_target_mips64el = { .name = "mips64el", N64_TARGET(false) };
const struct lu_target lu_target_mips64 = { .name = "mips64", N64_TARGET(true) };
