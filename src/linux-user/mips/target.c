/* Linux user mode for MIPS o32: system call numbers (4000 + n), registers
 * and the a3 error convention, arguments 5 and 6 on the stack, 64-bit
 * arguments in aligned register pairs and the private MIPS calls. */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "linux-user/abi.h"
#include "linux-user/mips/signal.h"
#include "linux-user/mips/target.h"
#include "linux-user/sys.h"
#include "mips/cpu.h"
#include "util/xalloc.h"

enum { REG_V0 = 2, REG_V1 = 3, REG_A0 = 4, REG_A1 = 5, REG_A3 = 7, REG_K0 = 26, REG_SP = 29 };
#define O32_BASE 4000

static struct mips_cpu *mips(struct lu_process *p)
{
    return (struct mips_cpu *)p->cpu;
}

static long mips_syscall_nr(struct lu_process *p)
{
    return mips_cpu_gpr32(mips(p), REG_V0);
}

/* a0-a3, then the words at sp + 16 and sp + 20 (above the caller's
 * argument save area). An unreadable stack gives 0 here; the kernel would
 * fail the call with EFAULT. */
static uint64_t mips_syscall_arg(struct lu_process *p, unsigned i)
{
    struct mips_cpu *c = mips(p);
    if (i < 4)
        return mips_cpu_gpr32(c, REG_A0 + i);
    uint32_t w = 0;
    lu_copy_from(p, &w, mips_cpu_gpr32(c, REG_SP) + 16 + 4 * (i - 4), 4);
    return c->big_endian ? __builtin_bswap32(w) : w;
}

/* A 64-bit argument takes an even/odd pair of argument slots, as memory
 * would hold it: low word first on mipsel, high word first on mips. */
static unsigned pair_slot(unsigned *i)
{
    unsigned r = (*i + 1) & ~1u;
    *i = r + 2;
    return r;
}

static uint64_t mipsel_syscall_arg64(const uint64_t *a, unsigned *i)
{
    unsigned r = pair_slot(i);
    return r > 4 ? 0 : (uint32_t)a[r] | (uint64_t)(uint32_t)a[r + 1] << 32;
}

static uint64_t mips_syscall_arg64(const uint64_t *a, unsigned *i)
{
    unsigned r = pair_slot(i);
    return r > 4 ? 0 : (uint64_t)(uint32_t)a[r] << 32 | (uint32_t)a[r + 1];
}

/* v0 is the result and a3 0, or v0 the (MIPS) errno and a3 1. As the
 * kernel does, the call number and the original a3 are kept where a
 * restart finds them: the $zero slot of the registers, which nothing
 * reads, and $k0, which the kernel may clobber at any time. */
static void mips_syscall_ret(struct lu_process *p, int64_t ret)
{
    struct mips_cpu *c = mips(p);
    c->gpr[0] = c->gpr[REG_V0];
    c->gpr[REG_K0] = c->gpr[REG_A3];
    bool error = ret < 0 && ret >= -4095;
    mips_cpu_set_gpr32(c, REG_V0, error ? lu_mips_errno((int)-ret) : (uint32_t)ret);
    mips_cpu_set_gpr32(c, REG_A3, error);
}

static void mips_set_tls(struct lu_process *p, lu_addr v)
{
    mips(p)->userlocal = (uint64_t)(int64_t)(int32_t)v;
}

static void mips_set_sp(struct lu_process *p, lu_addr sp)
{
    mips_cpu_set_gpr32(mips(p), REG_SP, (uint32_t)sp);
}

/* pipe returns the two descriptors in v0 and v1 (sysm_pipe). */
static int64_t mips_pipe(struct lu_process *p)
{
    int fds[2];
    if (pipe(fds) < 0)
        return lu_err();
    mips_cpu_set_gpr32(mips(p), REG_V1, (uint32_t)fds[1]);
    return fds[0];
}

/* fadvise64(fd, pad, offset, len, advice): seven argument slots, the
 * pairs aligned, advice at sp + 24. */
static int64_t mips_fadvise64(struct lu_process *p)
{
    uint64_t a[7];
    for (unsigned i = 0; i < 7; i++)
        a[i] = mips_syscall_arg(p, i);
    unsigned i = 2;
    uint64_t off = p->target->syscall_arg64(a, &i);
    uint64_t len = p->target->syscall_arg64(a, &i);
    return lu_ret(syscall(SYS_fadvise64, (int)(int32_t)a[0], (int64_t)off, (int64_t)len, (int)(int32_t)a[6]));
}

/* The kernel's sys_cacheflush: an empty range is nothing, one past the
 * end of the address space is -EFAULT. */
int64_t lu_mips_cacheflush(struct lu_process *p, lu_addr addr, lu_addr len)
{
    if (len == 0)
        return 0;
    if (addr + len < addr)
        return -EFAULT;
    lu_lock(p);
    lu_invalidate(p, addr, len);
    lu_unlock(p);
    return 0;
}

static int64_t mips_syscall_private(struct lu_process *p, long nr)
{
    switch (nr - O32_BASE) {
    case 27: /* alarm: the host's SIGALRM becomes the guest's */
        return alarm(mips_cpu_gpr32(mips(p), REG_A0));
    case 42:
        return mips_pipe(p);
    case 254:
        return mips_fadvise64(p);
    case 147: /* cacheflush(addr, nbytes, cache): code translated from the range is stale */
        return lu_mips_cacheflush(p, mips_cpu_gpr32(mips(p), REG_A0), mips_cpu_gpr32(mips(p), REG_A1));
    case 148: /* cachectl: cacheability of a range, nothing to do here */
        return 0;
    case 283: /* set_thread_area: UserLocal, which RDHWR $29 reads */
        mips_set_tls(p, mips_cpu_gpr32(mips(p), REG_A0));
        return 0;
    default:
        return -ENOSYS;
    }
}

/* From the kernel's arch/mips/kernel/syscalls/syscall_o32.tbl, minus 4000.
 * 90 (mmap) is the old mmap with a byte offset: mmap2 once
 * lu_mips_abi.args_to_generic has turned it into pages; 72 (sigsuspend)
 * is rt_sigsuspend once it has given it the size of sigset_t. */
static const struct {
    uint16_t nr;
    uint8_t sys;
} mips_sys_map[] = {
    { 1, LU_SYS_exit }, { 2, LU_SYS_fork }, { 3, LU_SYS_read }, { 4, LU_SYS_write }, { 5, LU_SYS_open },
    { 6, LU_SYS_close }, { 9, LU_SYS_link }, { 10, LU_SYS_unlink }, { 11, LU_SYS_execve },
    { 12, LU_SYS_chdir }, { 14, LU_SYS_mknod }, { 15, LU_SYS_chmod }, { 16, LU_SYS_lchown32 },
    { 7, LU_SYS_waitpid }, { 19, LU_SYS_lseek }, { 20, LU_SYS_getpid }, { 24, LU_SYS_getuid },
    { 29, LU_SYS_pause },
    { 33, LU_SYS_access }, { 36, LU_SYS_sync }, { 37, LU_SYS_kill }, { 38, LU_SYS_rename },
    { 39, LU_SYS_mkdir }, { 40, LU_SYS_rmdir }, { 41, LU_SYS_dup }, { 43, LU_SYS_times },
    { 45, LU_SYS_brk }, { 47, LU_SYS_getgid }, { 49, LU_SYS_geteuid }, { 50, LU_SYS_getegid },
    { 54, LU_SYS_ioctl }, { 55, LU_SYS_fcntl64 }, { 57, LU_SYS_setpgid }, { 60, LU_SYS_umask },
    { 63, LU_SYS_dup2 }, { 64, LU_SYS_getppid }, { 65, LU_SYS_getpgrp }, { 66, LU_SYS_setsid },
    { 67, LU_SYS_sigaction }, { 72, LU_SYS_rt_sigsuspend }, { 73, LU_SYS_sigpending }, { 75, LU_SYS_setrlimit }, { 76, LU_SYS_ugetrlimit },
    { 77, LU_SYS_getrusage }, { 78, LU_SYS_gettimeofday }, { 80, LU_SYS_getgroups32 },
    { 83, LU_SYS_symlink }, { 85, LU_SYS_readlink }, { 90, LU_SYS_mmap2 }, { 91, LU_SYS_munmap },
    { 92, LU_SYS_truncate }, { 93, LU_SYS_ftruncate }, { 94, LU_SYS_fchmod }, { 95, LU_SYS_fchown32 },
    { 104, LU_SYS_setitimer }, { 105, LU_SYS_getitimer }, { 114, LU_SYS_wait4 }, { 116, LU_SYS_sysinfo },
    { 118, LU_SYS_fsync }, { 119, LU_SYS_sigreturn }, { 120, LU_SYS_clone }, { 122, LU_SYS_uname },
    { 125, LU_SYS_mprotect }, { 126, LU_SYS_sigprocmask }, { 132, LU_SYS_getpgid },
    { 133, LU_SYS_fchdir }, { 140, LU_SYS__llseek }, { 142, LU_SYS__newselect }, { 144, LU_SYS_msync },
    { 145, LU_SYS_readv }, { 146, LU_SYS_writev }, { 151, LU_SYS_getsid }, { 152, LU_SYS_fdatasync },
    { 162, LU_SYS_sched_yield }, { 166, LU_SYS_nanosleep }, { 167, LU_SYS_mremap },
    { 186, LU_SYS_getresuid32 }, { 188, LU_SYS_poll }, { 191, LU_SYS_getresgid32 },
    { 193, LU_SYS_rt_sigreturn }, { 194, LU_SYS_rt_sigaction }, { 195, LU_SYS_rt_sigprocmask },
    { 196, LU_SYS_rt_sigpending }, { 197, LU_SYS_rt_sigtimedwait }, { 199, LU_SYS_rt_sigsuspend },
    { 200, LU_SYS_pread64 }, { 201, LU_SYS_pwrite64 }, { 202, LU_SYS_chown32 }, { 203, LU_SYS_getcwd },
    { 206, LU_SYS_sigaltstack }, { 210, LU_SYS_mmap2 }, { 211, LU_SYS_truncate64 },
    { 212, LU_SYS_ftruncate64 }, { 213, LU_SYS_stat64 }, { 214, LU_SYS_lstat64 }, { 215, LU_SYS_fstat64 },
    { 218, LU_SYS_madvise }, { 219, LU_SYS_getdents64 }, { 220, LU_SYS_fcntl64 }, { 222, LU_SYS_gettid },
    { 236, LU_SYS_tkill }, { 240, LU_SYS_sched_getaffinity }, { 246, LU_SYS_exit_group }, { 238, LU_SYS_futex }, { 422, LU_SYS_futex_time64 },
    { 252, LU_SYS_set_tid_address }, { 255, LU_SYS_statfs64 }, { 256, LU_SYS_fstatfs64 },
    { 263, LU_SYS_clock_gettime }, { 264, LU_SYS_clock_getres }, { 265, LU_SYS_clock_nanosleep },
    { 266, LU_SYS_tgkill }, { 288, LU_SYS_openat }, { 289, LU_SYS_mkdirat }, { 290, LU_SYS_mknodat },
    { 291, LU_SYS_fchownat }, { 293, LU_SYS_fstatat64 }, { 294, LU_SYS_unlinkat },
    { 295, LU_SYS_renameat }, { 296, LU_SYS_linkat }, { 297, LU_SYS_symlinkat },
    { 298, LU_SYS_readlinkat }, { 299, LU_SYS_fchmodat }, { 300, LU_SYS_faccessat },
    { 301, LU_SYS_pselect6 }, { 302, LU_SYS_ppoll }, { 309, LU_SYS_set_robust_list },
    { 310, LU_SYS_get_robust_list }, { 316, LU_SYS_utimensat }, { 320, LU_SYS_fallocate },
    { 327, LU_SYS_dup3 }, { 328, LU_SYS_pipe2 }, { 338, LU_SYS_prlimit64 }, { 351, LU_SYS_renameat2 },
    { 353, LU_SYS_getrandom }, { 366, LU_SYS_statx }, { 367, LU_SYS_rseq },
    { 403, LU_SYS_clock_gettime64 }, { 406, LU_SYS_clock_getres_time64 },
    { 407, LU_SYS_clock_nanosleep_time64 }, { 412, LU_SYS_utimensat_time64 },
    { 413, LU_SYS_pselect6_time64 }, { 414, LU_SYS_ppoll_time64 },
    { 421, LU_SYS_rt_sigtimedwait_time64 }, { 439, LU_SYS_faccessat2 },
    { 102, LU_SYS_socketcall }, { 168, LU_SYS_accept }, { 169, LU_SYS_bind }, { 170, LU_SYS_connect },
    { 171, LU_SYS_getpeername }, { 172, LU_SYS_getsockname }, { 173, LU_SYS_getsockopt },
    { 174, LU_SYS_listen }, { 175, LU_SYS_recv }, { 176, LU_SYS_recvfrom }, { 177, LU_SYS_recvmsg },
    { 178, LU_SYS_send }, { 179, LU_SYS_sendmsg }, { 180, LU_SYS_sendto }, { 181, LU_SYS_setsockopt },
    { 182, LU_SYS_shutdown }, { 183, LU_SYS_socket }, { 184, LU_SYS_socketpair }, { 334, LU_SYS_accept4 },
    { 96, LU_SYS_getpriority }, { 97, LU_SYS_setpriority }, { 192, LU_SYS_prctl }, { 207, LU_SYS_sendfile },
    { 237, LU_SYS_sendfile64 }, { 314, LU_SYS_ioprio_set }, { 315, LU_SYS_ioprio_get },
};

_Static_assert(LU_NUM_SYS <= 256, "mips_sys_map holds enum lu_sys in a byte");

static int mips_syscall_common(long nr)
{
    for (size_t i = 0; i < sizeof(mips_sys_map) / sizeof(mips_sys_map[0]); i++)
        if (mips_sys_map[i].nr + O32_BASE == nr)
            return mips_sys_map[i].sys;
    return -1;
}

const char *lu_mips_uname_machine(struct lu_process *p)
{
    return mips(p)->model->uname;
}

const char *lu_mips_platform(struct lu_process *p)
{
    return mips(p)->model->platform;
}

/* No HWCAP bits before Release 6 (HWCAP_MIPS_R6, MSA...). */
uint32_t lu_mips_hwcap(struct lu_process *p)
{
    (void)p;
    return 0;
}

/* Every MIPS exit is a signal (lu_mips_exit_siginfo). */
bool lu_mips_exit_reason(struct lu_process *p, enum exit_reason r)
{
    (void)p;
    (void)r;
    return false;
}

struct cpu_head *lu_mips_cpu_clone(struct lu_process *p)
{
    struct mips_cpu *c = xmalloc(sizeof(*c));
    *c = *mips(p);
    c->head.exit_request = 0;
    c->lladdr = ~0ull;
    return &c->head;
}

void lu_mips_cpu_free(struct cpu_head *cpu)
{
    free(cpu);   /* the head is the mips_cpu's first member */
}

/* LL/SC and RDHWR UserLocal are per thread already. */
void lu_mips_threads_start(struct lu_process *p)
{
    (void)p;
}

#define MIPS_TARGET(big)                                                                          \
    .elf_machine = 8, /* EM_MIPS */                                                               \
    .big_endian = big,                                                                            \
    .word_size = 4,                                                                               \
    .task_size = 0x7fff8000u, /* TASK_SIZE of a 32-bit MIPS kernel */                             \
    .mmap_base = 0x40000000u,                                                                     \
    .abi = &lu_mips_abi,                                                                          \
    .syscall_nr = mips_syscall_nr, .syscall_arg = mips_syscall_arg,                               \
    .syscall_arg64 = big ? mips_syscall_arg64 : mipsel_syscall_arg64,                             \
    .syscall_ret = mips_syscall_ret, .set_tls = mips_set_tls, .set_sp = mips_set_sp,              \
    .syscall_private = mips_syscall_private, .syscall_common = mips_syscall_common,               \
    .uname_machine = lu_mips_uname_machine, .platform = lu_mips_platform, .hwcap = lu_mips_hwcap,   \
    .exit_reason = lu_mips_exit_reason, .exit_siginfo = lu_mips_exit_siginfo,                     \
    .setup_frame = lu_mips_setup_frame, .restore_frame = lu_mips_restore_frame,                   \
    .syscall_restart = lu_mips_syscall_restart, .get_sp = lu_mips_get_sp,                      \
    .cpu_clone = lu_mips_cpu_clone, .cpu_free = lu_mips_cpu_free, .threads_start = lu_mips_threads_start

const struct lu_target lu_target_mipsel = { .name = "mipsel", MIPS_TARGET(false) };
const struct lu_target lu_target_mips = { .name = "mips", MIPS_TARGET(true) };
