/* Linux user mode for ARM EABI: system call numbers and registers, the
 * private ARM calls, and the kuser helper page the kernel maps at
 * 0xffff0000 (real ARM code, so it runs through the translator). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "arm/cpu.h"
#include "linux-user/arm/signal.h"
#include "linux-user/arm/target.h"
#include "util/xalloc.h"

#define KUSER_PAGE 0xffff0000u
#define KUSER_TLS_WORD 0xffff0ff0u   /* where get_tls reads on CPUs without TPIDRURO */

static struct arm_cpu *arm(struct lu_process *p)
{
    return (struct arm_cpu *)p->cpu;
}

/* The kuser helpers of a threaded process (arm_threads_start) are an SVC
 * at the helper's address; the call number is that address, which no
 * system call has. */
enum {
    KUSER_BARRIER = 0xffff0fa0u, KUSER_CMPXCHG = 0xffff0fc0u, KUSER_GET_TLS = 0xffff0fe0u,
};

static long arm_syscall_nr(struct lu_process *p)
{
    uint32_t svc_pc = (uint32_t)arm(p)->head.pc - 4;
    if ((svc_pc & ~(LU_PAGE - 1)) == KUSER_PAGE)
        return svc_pc;
    return arm(p)->r[7];
}

static uint64_t arm_syscall_arg(struct lu_process *p, unsigned i)
{
    return arm(p)->r[i];
}

/* EABI puts a 64-bit argument in an even/odd register pair, low word in
 * the even register (little-endian), leaving an odd register unused
 * before it: pread64(fd, buf, count, off) has off in r4:r5, r3 unused. */
static uint64_t arm_syscall_arg64(const uint64_t *a, unsigned *i)
{
    unsigned r = (*i + 1) & ~1u;
    if (r > 4)
        return 0;   /* past r5: no call has its 64-bit argument there */
    *i = r + 2;
    return (uint32_t)a[r] | (uint64_t)(uint32_t)a[r + 1] << 32;
}

static void arm_syscall_ret(struct lu_process *p, int64_t ret)
{
    arm(p)->r[0] = (uint32_t)ret;
}

/* With one thread, __kuser_get_tls reads the word the kernel keeps in the
 * page; with threads it reads the calling thread's register. */
static void arm_set_tls(struct lu_process *p, lu_addr tls)
{
    uint32_t v = (uint32_t)tls;
    arm(p)->tpidruro = v;
    if (!__atomic_load_n(&p->sh->threaded, __ATOMIC_ACQUIRE))
        lu_poke(p, KUSER_TLS_WORD, &v, 4);
}

static void arm_set_sp(struct lu_process *p, lu_addr sp)
{
    arm(p)->r[13] = (uint32_t)sp;
}

/* __kuser_cmpxchg(oldval r0, newval r1, ptr r2) between threads: one host
 * compare-and-swap. r0 = 0 and C set when it stored, as the helper's
 * "rsbs r0, r3, #0" leaves them. */
static int64_t kuser_cmpxchg(struct lu_process *p)
{
    struct arm_cpu *c = arm(p);
    uint32_t *w = lu_ptr(p, c->r[2], 4, LU_PROT_R | LU_PROT_W);
    if (!w || (c->r[2] & 3)) {
        lu_signal_force_segv(p);
        return LU_RET_NONE;
    }
    uint32_t cur = c->r[0];
    bool stored = __atomic_compare_exchange_n(w, &cur, c->r[1], false, __ATOMIC_SEQ_CST,
                                              __ATOMIC_SEQ_CST);
    c->cf = stored;
    return stored ? 0 : (uint32_t)(c->r[0] - cur);
}

static int64_t arm_syscall_private(struct lu_process *p, long nr)
{
    switch (nr) {
    case KUSER_BARRIER:
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
        return LU_RET_NONE;
    case KUSER_CMPXCHG:
        return kuser_cmpxchg(p);
    case KUSER_GET_TLS:
        return arm(p)->tpidruro;
    case 0xf0002: { /* cacheflush(start, end, flags): code translated from the range is stale */
        uint32_t start = arm(p)->r[0], end = arm(p)->r[1];
        if (end < start)
            return -EINVAL;
        if (end > start) {
            lu_lock(p);
            lu_invalidate(p, start, end - start);
            lu_unlock(p);
        }
        return 0;
    }
    case 0xf0005: /* set_tls */
        arm_set_tls(p, arm(p)->r[0]);
        return 0;
    default:
        return -ENOSYS;
    }
}

/* From the kernel's arch/arm/tools/syscall.tbl (EABI numbers). */
static const struct {
    uint16_t nr;
    uint8_t sys;
} arm_sys_map[] = {
    { 1, LU_SYS_exit }, { 3, LU_SYS_read }, { 4, LU_SYS_write }, { 5, LU_SYS_open },
    { 6, LU_SYS_close }, { 9, LU_SYS_link }, { 10, LU_SYS_unlink }, { 12, LU_SYS_chdir }, { 14, LU_SYS_mknod },
    { 15, LU_SYS_chmod }, { 19, LU_SYS_lseek }, { 20, LU_SYS_getpid }, { 33, LU_SYS_access },
    { 36, LU_SYS_sync }, { 37, LU_SYS_kill }, { 38, LU_SYS_rename }, { 39, LU_SYS_mkdir },
    { 40, LU_SYS_rmdir }, { 41, LU_SYS_dup }, { 42, LU_SYS_pipe }, { 43, LU_SYS_times },
    { 45, LU_SYS_brk }, { 54, LU_SYS_ioctl }, { 55, LU_SYS_fcntl64 }, { 57, LU_SYS_setpgid },
    { 60, LU_SYS_umask }, { 63, LU_SYS_dup2 }, { 64, LU_SYS_getppid }, { 65, LU_SYS_getpgrp },
    { 66, LU_SYS_setsid }, { 75, LU_SYS_setrlimit }, { 77, LU_SYS_getrusage },
    { 78, LU_SYS_gettimeofday }, { 83, LU_SYS_symlink }, { 85, LU_SYS_readlink },
    { 91, LU_SYS_munmap }, { 92, LU_SYS_truncate }, { 93, LU_SYS_ftruncate },
    { 94, LU_SYS_fchmod }, { 114, LU_SYS_wait4 }, { 116, LU_SYS_sysinfo },
    { 118, LU_SYS_fsync }, { 122, LU_SYS_uname }, { 125, LU_SYS_mprotect },
    { 132, LU_SYS_getpgid }, { 133, LU_SYS_fchdir }, { 140, LU_SYS__llseek },
    { 142, LU_SYS__newselect }, { 144, LU_SYS_msync }, { 145, LU_SYS_readv },
    { 146, LU_SYS_writev }, { 147, LU_SYS_getsid }, { 148, LU_SYS_fdatasync },
    { 158, LU_SYS_sched_yield }, { 162, LU_SYS_nanosleep }, { 163, LU_SYS_mremap },
    { 168, LU_SYS_poll }, { 180, LU_SYS_pread64 }, { 181, LU_SYS_pwrite64 },
    { 183, LU_SYS_getcwd }, { 191, LU_SYS_ugetrlimit }, { 192, LU_SYS_mmap2 },
    { 193, LU_SYS_truncate64 }, { 194, LU_SYS_ftruncate64 }, { 195, LU_SYS_stat64 },
    { 196, LU_SYS_lstat64 }, { 197, LU_SYS_fstat64 }, { 198, LU_SYS_lchown32 },
    { 199, LU_SYS_getuid }, { 200, LU_SYS_getgid }, { 201, LU_SYS_geteuid },
    { 202, LU_SYS_getegid }, { 205, LU_SYS_getgroups32 }, { 207, LU_SYS_fchown32 },
    { 209, LU_SYS_getresuid32 }, { 211, LU_SYS_getresgid32 }, { 212, LU_SYS_chown32 },
    { 2, LU_SYS_fork }, { 11, LU_SYS_execve }, { 120, LU_SYS_clone }, { 190, LU_SYS_vfork },
    { 217, LU_SYS_getdents64 }, { 220, LU_SYS_madvise }, { 221, LU_SYS_fcntl64 },
    { 224, LU_SYS_gettid }, { 238, LU_SYS_tkill }, { 242, LU_SYS_sched_getaffinity }, { 248, LU_SYS_exit_group }, { 240, LU_SYS_futex }, { 422, LU_SYS_futex_time64 },
    { 256, LU_SYS_set_tid_address }, { 263, LU_SYS_clock_gettime },
    { 264, LU_SYS_clock_getres }, { 265, LU_SYS_clock_nanosleep }, { 266, LU_SYS_statfs64 },
    { 267, LU_SYS_fstatfs64 }, { 268, LU_SYS_tgkill }, { 270, LU_SYS_arm_fadvise64_64 }, { 322, LU_SYS_openat },
    { 323, LU_SYS_mkdirat }, { 324, LU_SYS_mknodat }, { 325, LU_SYS_fchownat }, { 327, LU_SYS_fstatat64 },
    { 328, LU_SYS_unlinkat }, { 329, LU_SYS_renameat }, { 330, LU_SYS_linkat },
    { 331, LU_SYS_symlinkat }, { 332, LU_SYS_readlinkat }, { 333, LU_SYS_fchmodat },
    { 334, LU_SYS_faccessat }, { 335, LU_SYS_pselect6 }, { 336, LU_SYS_ppoll },
    { 338, LU_SYS_set_robust_list }, { 339, LU_SYS_get_robust_list },
    { 348, LU_SYS_utimensat }, { 352, LU_SYS_fallocate }, { 358, LU_SYS_dup3 }, { 359, LU_SYS_pipe2 },
    { 369, LU_SYS_prlimit64 }, { 382, LU_SYS_renameat2 }, { 384, LU_SYS_getrandom },
    { 397, LU_SYS_statx }, { 398, LU_SYS_rseq }, { 403, LU_SYS_clock_gettime64 },
    { 406, LU_SYS_clock_getres_time64 }, { 407, LU_SYS_clock_nanosleep_time64 },
    { 412, LU_SYS_utimensat_time64 }, { 413, LU_SYS_pselect6_time64 },
    { 414, LU_SYS_ppoll_time64 }, { 439, LU_SYS_faccessat2 },
    { 29, LU_SYS_pause }, { 67, LU_SYS_sigaction }, { 73, LU_SYS_sigpending },
    { 104, LU_SYS_setitimer }, { 105, LU_SYS_getitimer }, { 119, LU_SYS_sigreturn },
    { 126, LU_SYS_sigprocmask }, { 173, LU_SYS_rt_sigreturn }, { 174, LU_SYS_rt_sigaction },
    { 175, LU_SYS_rt_sigprocmask }, { 176, LU_SYS_rt_sigpending }, { 177, LU_SYS_rt_sigtimedwait },
    { 179, LU_SYS_rt_sigsuspend }, { 186, LU_SYS_sigaltstack }, { 421, LU_SYS_rt_sigtimedwait_time64 },
    { 281, LU_SYS_socket }, { 282, LU_SYS_bind }, { 283, LU_SYS_connect }, { 284, LU_SYS_listen },
    { 285, LU_SYS_accept }, { 286, LU_SYS_getsockname }, { 287, LU_SYS_getpeername },
    { 288, LU_SYS_socketpair }, { 289, LU_SYS_send }, { 290, LU_SYS_sendto }, { 291, LU_SYS_recv },
    { 292, LU_SYS_recvfrom }, { 293, LU_SYS_shutdown }, { 294, LU_SYS_setsockopt },
    { 295, LU_SYS_getsockopt }, { 296, LU_SYS_sendmsg }, { 297, LU_SYS_recvmsg }, { 366, LU_SYS_accept4 },
    { 96, LU_SYS_getpriority }, { 97, LU_SYS_setpriority }, { 172, LU_SYS_prctl }, { 187, LU_SYS_sendfile },
    { 239, LU_SYS_sendfile64 }, { 314, LU_SYS_ioprio_set }, { 315, LU_SYS_ioprio_get },
};

_Static_assert(LU_NUM_SYS <= 256, "arm_sys_map holds enum lu_sys in a byte");

static int arm_syscall_common(long nr)
{
    for (size_t i = 0; i < sizeof(arm_sys_map) / sizeof(arm_sys_map[0]); i++)
        if (arm_sys_map[i].nr == nr)
            return arm_sys_map[i].sys;
    return -1;
}

static const char *arm_uname_machine(struct lu_process *p)
{
    return arm(p)->model->uname;
}

static const char *arm_platform(struct lu_process *p)
{
    return arm(p)->model->platform;
}

static uint32_t arm_hwcap(struct lu_process *p)
{
    return arm(p)->model->hwcap;
}

static bool arm_exit_reason(struct lu_process *p, enum exit_reason r)
{
    (void)p;
    (void)r;
    return false;
}

static struct cpu_head *arm_cpu_clone(struct lu_process *p)
{
    struct arm_cpu *c = xmalloc(sizeof(*c));
    *c = *arm(p);
    c->head.exit_request = 0;
    c->excl_addr = ~0u;
    return &c->head;
}

static void arm_cpu_free(struct cpu_head *cpu)
{
    free(cpu);   /* the head is the arm_cpu's first member */
}

static void arm_threads_start(struct lu_process *p);

const struct lu_target lu_target_arm = {
    .name = "arm",
    .elf_machine = 40, /* EM_ARM */
    .word_size = 4,
    .mmap_base = 0x40000000u,
    .syscall_nr = arm_syscall_nr,
    .syscall_arg = arm_syscall_arg,
    .syscall_arg64 = arm_syscall_arg64,
    .syscall_ret = arm_syscall_ret,
    .set_tls = arm_set_tls,
    .set_sp = arm_set_sp,
    .syscall_private = arm_syscall_private,
    .syscall_common = arm_syscall_common,
    .uname_machine = arm_uname_machine,
    .platform = arm_platform,
    .hwcap = arm_hwcap,
    .exit_reason = arm_exit_reason,
    .setup_frame = lu_arm_setup_frame,
    .restore_frame = lu_arm_restore_frame,
    .syscall_restart = lu_arm_syscall_restart,
    .get_sp = lu_arm_get_sp,
    .cpu_clone = arm_cpu_clone,
    .cpu_free = arm_cpu_free,
    .threads_start = arm_threads_start,
};

/* The helpers as the Linux kernel's documentation (kernel_user_helpers)
 * specifies them, for a uniprocessor: a single-threaded guest needs no
 * interlock beyond what one host thread gives, since a block is never
 * interrupted (arm_threads_start replaces them once there are threads). */
static const struct {
    uint32_t addr;
    uint32_t code[6];
    unsigned n;
} kuser_code[] = {
    /* __kuser_memory_barrier: nothing to order on one CPU */
    { 0xffff0fa0, { 0xe12fff1e /* bx lr */ }, 1 },
    /* __kuser_cmpxchg(oldval r0, newval r1, ptr r2): r0 = 0 and C set on success */
    { 0xffff0fc0, { 0xe5923000 /* ldr r3, [r2] */, 0xe0533000 /* subs r3, r3, r0 */,
                    0x05821000 /* streq r1, [r2] */, 0xe2730000 /* rsbs r0, r3, #0 */,
                    0xe12fff1e /* bx lr */ }, 5 },
    /* __kuser_get_tls: the value set_tls left in the page */
    { 0xffff0fe0, { 0xe59f0008 /* ldr r0, [pc, #8] */, 0xe12fff1e /* bx lr */ }, 2 },
};

int lu_arm_setup(struct lu_process *p)
{
    if (lu_map(p, KUSER_PAGE, LU_PAGE, LU_PROT_R | LU_PROT_W) != 0)
        return -1;
    for (size_t i = 0; i < sizeof(kuser_code) / sizeof(kuser_code[0]); i++)
        memcpy(p->mem.base + kuser_code[i].addr, kuser_code[i].code, 4 * kuser_code[i].n);
    uint32_t version = 2;  /* __kuser_helper_version at 0xffff0ffc */
    memcpy(p->mem.base + 0xffff0ffc, &version, 4);
    return lu_protect(p, KUSER_PAGE, LU_PAGE, LU_PROT_R | LU_PROT_X);
}

/* Threads run on several host CPUs at once: each helper becomes an SVC
 * that arm_syscall_private carries out atomically (and get_tls reads the
 * calling thread's own TLS register). */
static void arm_threads_start(struct lu_process *p)
{
    static const uint32_t svc_bx[2] = { 0xef000000 /* svc #0 */, 0xe12fff1e /* bx lr */ };
    static const uint32_t helpers[] = { KUSER_BARRIER, KUSER_CMPXCHG, KUSER_GET_TLS };
    for (size_t i = 0; i < sizeof(helpers) / sizeof(helpers[0]); i++)
        lu_poke(p, helpers[i], svc_bx, sizeof(svc_bx));
    lu_invalidate(p, KUSER_PAGE, LU_PAGE);
}
