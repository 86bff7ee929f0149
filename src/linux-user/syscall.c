/* Linux system calls common to every guest: the dispatcher, the basic
 * calls a static C program starts with, and the guest memory helpers of
 * sys.h; files, descriptors, processes and memory advice are in sys_*.c.
 * Every guest pointer goes through lu_ptr, so a bad one is -EFAULT and
 * never touches host memory outside the guest's own space. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "linux-user/abi.h"
#include "linux-user/process.h"
#include "linux-user/sys.h"

int64_t lu_copy_to(struct lu_process *p, lu_addr addr, const void *src, lu_addr len)
{
    void *dst = lu_ptr(p, addr, len, LU_PROT_W);
    if (!dst)
        return -EFAULT;
    memcpy(dst, src, len);
    return 0;
}

int64_t lu_copy_from(struct lu_process *p, void *dst, lu_addr addr, lu_addr len)
{
    const void *src = lu_ptr(p, addr, len, LU_PROT_R);
    if (!src)
        return -EFAULT;
    memcpy(dst, src, len);
    return 0;
}

int64_t lu_put_u32(struct lu_process *p, lu_addr addr, uint32_t v)
{
    if (p->target->big_endian)
        v = __builtin_bswap32(v);
    return lu_copy_to(p, addr, &v, 4);
}

int64_t lu_put_u64(struct lu_process *p, lu_addr addr, uint64_t v)
{
    if (p->target->big_endian)
        v = __builtin_bswap64(v);
    return lu_copy_to(p, addr, &v, 8);
}

void lu_swap_layout(const struct lu_process *p, void *buf, const char *layout)
{
    uint8_t *b = buf;
    if (!p->target->big_endian)
        return;
    while (*layout) {
        unsigned count = 0;
        while (*layout >= '0' && *layout <= '9')
            count = count * 10 + (unsigned)(*layout++ - '0');
        unsigned size = *layout == 'h' ? 2 : *layout == 'w' ? 4 : *layout == 'd' ? 8 : 1;
        for (unsigned i = 0; i < (count ? count : 1); i++, b += size)
            for (unsigned k = 0; k < size / 2; k++) {
                uint8_t t = b[k];
                b[k] = b[size - 1 - k];
                b[size - 1 - k] = t;
            }
        layout++;
    }
}

void lu_swap_words(const struct lu_process *p, void *buf, size_t n)
{
    uint32_t *w = buf;
    for (size_t i = 0; p->target->big_endian && i < n; i++)
        w[i] = __builtin_bswap32(w[i]);
}

void lu_swap_longs(const struct lu_process *p, void *buf, size_t n)
{
    if (p->target->word_size == 4) {
        lu_swap_words(p, buf, n);
        return;
    }
    uint64_t *d = buf;
    for (size_t i = 0; p->target->big_endian && i < n; i++)
        d[i] = __builtin_bswap64(d[i]);
}

int64_t lu_path_raw(struct lu_process *p, char *buf, lu_addr addr)
{
    if (lu_strcpy_from(p, buf, addr, LU_PATH_MAX) == 0)
        return 0;
    /* The kernel reads at most PATH_MAX bytes: all readable and no NUL
     * means too long, anything else a bad pointer. */
    return lu_ptr(p, addr, LU_PATH_MAX, LU_PROT_R) ? -ENAMETOOLONG : -EFAULT;
}

/* exit ends the calling thread; the process ends with its last thread. */
static int64_t sys_exit(struct lu_process *p, const uint64_t *a)
{
    p->exited = true;
    p->exit_status = (int)(a[0] & 0xff);
    return 0;
}

static int64_t sys_exit_group(struct lu_process *p, const uint64_t *a)
{
    p->group_exit = true;
    return sys_exit(p, a);
}

static int64_t sys_read(struct lu_process *p, const uint64_t *a)
{
    uint64_t len = lu_ulong(p, a[2]);
    void *buf = lu_ptr(p, lu_ad(a, 1), len, LU_PROT_W);
    if (!buf)
        return -EFAULT;
    ssize_t n = read((int)a[0], buf, len);
    return n < 0 ? lu_err() : n;
}

static int64_t sys_write(struct lu_process *p, const uint64_t *a)
{
    uint64_t len = lu_ulong(p, a[2]);
    const void *buf = lu_ptr(p, lu_ad(a, 1), len, LU_PROT_R);
    if (!buf)
        return -EFAULT;
    ssize_t n = write((int)a[0], buf, len);
    return n < 0 ? lu_err() : n;
}

static int64_t sys_writev(struct lu_process *p, const uint64_t *a)
{
    struct iovec iov[LU_IOV_MAX];
    int64_t r = lu_iovec(p, lu_ad(a, 1), (uint32_t)a[2], LU_PROT_R, iov);
    if (r < 0)
        return r;
    ssize_t n = writev((int)a[0], iov, (int)(uint32_t)a[2]);
    return n < 0 ? lu_err() : n;
}

static int64_t do_openat(struct lu_process *p, int dirfd, lu_addr path, uint32_t flags, uint32_t mode)
{
    char name[LU_PATH_MAX];
    int64_t r = lu_path(p, name, path);
    if (r < 0)
        return r;
    int fd = openat(dirfd, name, lu_open_flags_to_host(flags), mode);
    return fd < 0 ? lu_err() : fd;
}

static int64_t sys_open(struct lu_process *p, const uint64_t *a)
{
    return do_openat(p, AT_FDCWD, lu_ad(a, 0), (uint32_t)a[1], (uint32_t)a[2]);
}

static int64_t sys_openat(struct lu_process *p, const uint64_t *a)
{
    return do_openat(p, lu_int(a, 0), lu_ad(a, 1), (uint32_t)a[2], (uint32_t)a[3]);
}

static int64_t sys_close(struct lu_process *p, const uint64_t *a)
{
    (void)p;
    /* The host's standard streams stay open under duet's own output. */
    return close((int)a[0]) < 0 ? lu_err() : 0;
}

static int64_t sys_lseek(struct lu_process *p, const uint64_t *a)
{
    off_t r = lseek((int)a[0], (off_t)lu_slong(p, a[1]), (int)a[2]);
    return r < 0 ? lu_err() : r;
}

static int64_t sys_brk(struct lu_process *p, const uint64_t *a)
{
    lu_addr want = lu_ad(a, 0);
    if (want < p->sh->brk_start || want > p->mem.size)
        return p->sh->brk;
    lu_addr old_top = (p->sh->brk + LU_PAGE - 1) & ~(lu_addr)(LU_PAGE - 1);
    lu_addr new_top = (want + LU_PAGE - 1) & ~(lu_addr)(LU_PAGE - 1);
    if (new_top > old_top) {
        if (lu_find_free(p, old_top, new_top - old_top) != old_top ||
            lu_map(p, old_top, new_top - old_top, LU_PROT_R | LU_PROT_W) != 0)
            return p->sh->brk;
    } else if (new_top < old_top) {
        lu_unmap(p, new_top, old_top - new_top);
    }
    p->sh->brk = want;
    return p->sh->brk;
}

enum { G_MAP_SHARED = 1, G_MAP_PRIVATE = 2, G_MAP_FIXED = 0x10, G_MAP_ANONYMOUS = 0x20 };

/* Where a mapping without MAP_FIXED goes: the first free range at or above
 * the hint (rounded up to a page, as the kernel does), else in the mmap area. */
static lu_addr mmap_place(struct lu_process *p, lu_addr hint, lu_addr len)
{
    lu_addr at = hint < p->mem.size ? (hint + LU_PAGE - 1) & ~(lu_addr)(LU_PAGE - 1) : 0;
    lu_addr addr = at ? lu_find_free(p, at, len) : 0;
    return addr ? addr : lu_find_free(p, p->mmap_base, len);
}

/* A private file mapping is a copy of the file: whole pages from off;
 * past the end of the file they stay zero. */
static int64_t mmap_read(struct lu_process *p, int fd, lu_addr addr, lu_addr len, uint64_t off)
{
    for (lu_addr done = 0; done < len;) {
        ssize_t n = pread(fd, p->mem.base + addr + done, len - done, (off_t)(off + done));
        if (n < 0 && errno != EINTR)
            return lu_err();
        if (n == 0)
            break;
        done += n > 0 ? (lu_addr)n : 0;
    }
    return 0;
}

static int64_t sys_mmap2(struct lu_process *p, const uint64_t *a)
{
    lu_addr addr = lu_ad(a, 0), len = (lu_ulong(p, a[1]) + LU_PAGE - 1) & ~(lu_addr)(LU_PAGE - 1);
    uint32_t prot = (uint32_t)a[2], flags = (uint32_t)a[3];
    int fd = (int)a[4];
    uint64_t off = lu_ulong(p, a[5]) * 4096;
    if (len == 0 || len > p->mem.size || ((flags & G_MAP_FIXED) && (addr & (LU_PAGE - 1))) ||
        !(flags & (G_MAP_SHARED | G_MAP_PRIVATE)))
        return -EINVAL;
    /* A bad descriptor must fail before a MAP_FIXED mapping replaces anything. */
    if (!(flags & G_MAP_ANONYMOUS) && fcntl(fd, F_GETFD) < 0)
        return -EBADF;
    if (!(flags & G_MAP_FIXED) && !(addr = mmap_place(p, addr, len)))
        return -ENOMEM;
    if (lu_map(p, addr, len, LU_PROT_R | LU_PROT_W) != 0)
        return -ENOMEM;
    if (!(flags & G_MAP_ANONYMOUS)) {
        /* Shared file mappings are copies too: not coherent with the file yet. */
        int64_t e = mmap_read(p, fd, addr, len, off);
        if (e < 0) {
            lu_unmap(p, addr, len);
            return e;
        }
    }
    lu_protect(p, addr, len, (int)(prot & 7));
    return addr;
}

static int64_t sys_munmap(struct lu_process *p, const uint64_t *a)
{
    lu_addr len = (lu_ulong(p, a[1]) + LU_PAGE - 1) & ~(lu_addr)(LU_PAGE - 1);
    return lu_unmap(p, lu_ad(a, 0), len) == 0 ? 0 : -EINVAL;
}

static int64_t sys_mprotect(struct lu_process *p, const uint64_t *a)
{
    lu_addr len = (lu_ulong(p, a[1]) + LU_PAGE - 1) & ~(lu_addr)(LU_PAGE - 1);
    return lu_protect(p, lu_ad(a, 0), len, (int)(a[2] & 7)) == 0 ? 0 : -ENOMEM;
}

static int64_t sys_uname(struct lu_process *p, const uint64_t *a)
{
    struct utsname *u = lu_ptr(p, lu_ad(a, 0), sizeof(struct utsname), LU_PROT_W);
    if (!u)
        return -EFAULT;
    if (uname(u) < 0)
        return lu_err();
    snprintf(u->machine, sizeof(u->machine), "%s", p->target->uname_machine(p));
    return 0;
}

static int64_t sys_ids(struct lu_process *p, const uint64_t *a, int which)
{
    (void)p; (void)a;
    switch (which) {
    case LU_SYS_getpid: return getpid();
    case LU_SYS_gettid: return gettid();
    case LU_SYS_getuid: return getuid();
    case LU_SYS_geteuid: return geteuid();
    case LU_SYS_getgid: return getgid();
    default: return getegid();
    }
}
static int64_t sys_getpid(struct lu_process *p, const uint64_t *a) { return sys_ids(p, a, LU_SYS_getpid); }
static int64_t sys_gettid(struct lu_process *p, const uint64_t *a) { return sys_ids(p, a, LU_SYS_gettid); }
static int64_t sys_getuid(struct lu_process *p, const uint64_t *a) { return sys_ids(p, a, LU_SYS_getuid); }
static int64_t sys_geteuid(struct lu_process *p, const uint64_t *a) { return sys_ids(p, a, LU_SYS_geteuid); }
static int64_t sys_getgid(struct lu_process *p, const uint64_t *a) { return sys_ids(p, a, LU_SYS_getgid); }
static int64_t sys_getegid(struct lu_process *p, const uint64_t *a) { return sys_ids(p, a, LU_SYS_getegid); }

/* Where the thread's exit writes 0 and wakes a futex (pthread_join). */
static int64_t sys_set_tid_address(struct lu_process *p, const uint64_t *a)
{
    p->clear_child_tid = lu_ad(a, 0);
    return gettid();
}

/* struct timespec and timeval: two longs. */
static int64_t put_time_pair(struct lu_process *p, lu_addr addr, int64_t sec, int64_t frac)
{
    const uint64_t v[2] = { (uint64_t)sec, (uint64_t)frac };
    return lu_struct_put(p, addr, "ll", v);
}

static int64_t sys_clock_gettime(struct lu_process *p, const uint64_t *a)
{
    struct timespec ts;
    if (clock_gettime((clockid_t)a[0], &ts) < 0)
        return lu_err();
    return put_time_pair(p, lu_ad(a, 1), ts.tv_sec, ts.tv_nsec);
}

static int64_t sys_gettimeofday(struct lu_process *p, const uint64_t *a)
{
    struct timeval tv;
    gettimeofday(&tv, NULL);
    return a[0] ? put_time_pair(p, lu_ad(a, 0), tv.tv_sec, tv.tv_usec) : 0;
}

static int64_t sys_getrandom(struct lu_process *p, const uint64_t *a)
{
    uint64_t len = lu_ulong(p, a[1]);
    void *buf = lu_ptr(p, lu_ad(a, 0), len, LU_PROT_W);
    if (!buf)
        return -EFAULT;
    ssize_t n = getrandom(buf, len, (unsigned)a[2]);
    return n < 0 ? lu_err() : n;
}

#define SYS(n, fn) [LU_SYS_##n] = { #n, fn }

static const struct {
    const char *name;
    lu_sys_fn fn;
} lu_sys_table[LU_NUM_SYS] = {
    SYS(exit, sys_exit), SYS(exit_group, sys_exit_group), SYS(read, sys_read), SYS(write, sys_write),
    SYS(writev, sys_writev), SYS(open, sys_open), SYS(openat, sys_openat),
    SYS(close, sys_close), SYS(lseek, sys_lseek), SYS(brk, sys_brk), SYS(mmap2, sys_mmap2),
    SYS(munmap, sys_munmap), SYS(mprotect, sys_mprotect), SYS(uname, sys_uname),
    SYS(getpid, sys_getpid), SYS(gettid, sys_gettid), SYS(getuid, sys_getuid),
    SYS(geteuid, sys_geteuid), SYS(getgid, sys_getgid), SYS(getegid, sys_getegid),
    SYS(set_tid_address, sys_set_tid_address), SYS(ioctl, lu_sys_ioctl),
    SYS(clock_gettime, sys_clock_gettime), SYS(gettimeofday, sys_gettimeofday),
    SYS(getrandom, sys_getrandom),
#define L(n) SYS(n, lu_sys_##n)
    L(stat64), L(lstat64), L(fstat64), L(fstatat64), L(statx), L(statfs64), L(fstatfs64),
    L(statfs), L(fstatfs),
    L(getcwd), L(chdir), L(fchdir), L(mkdir), L(mkdirat), L(rmdir), L(unlink), L(unlinkat),
    L(rename), L(renameat), L(renameat2), L(link), L(linkat), L(symlink), L(symlinkat),
    L(readlink), L(readlinkat), L(access), L(faccessat), L(faccessat2), L(chmod), L(fchmod),
    L(fchmodat), L(chown32), L(fchown32), L(lchown32), L(fchownat), L(utimensat),
    L(utimensat_time64), L(truncate), L(ftruncate), L(truncate64), L(ftruncate64), L(mknod),
    L(mknodat),
    L(getdents64), L(_llseek), L(pread64), L(pwrite64), L(readv), L(dup), L(dup2), L(dup3),
    L(pipe), L(pipe2), L(fcntl64), L(fsync), L(fdatasync), L(sync), L(poll), L(ppoll),
    L(ppoll_time64), L(_newselect), L(pselect6), L(pselect6_time64), L(fallocate),
    L(arm_fadvise64_64), L(sendfile), L(sendfile64),
    L(umask), L(getppid), L(getpgrp), L(setpgid), L(getpgid), L(setsid), L(getsid),
    L(ugetrlimit), L(setrlimit), L(prlimit64), L(getrusage), L(times), L(sysinfo),
    L(nanosleep), L(clock_nanosleep), L(clock_nanosleep_time64), L(clock_gettime64),
    L(clock_getres), L(clock_getres_time64), L(wait4), L(waitpid), L(kill), L(tkill), L(tgkill),
    L(sched_yield), L(set_robust_list), L(get_robust_list), L(rseq), L(getgroups32),
    L(getresuid32), L(getresgid32), L(sched_getaffinity), L(prctl), L(getpriority), L(setpriority),
    L(ioprio_get), L(ioprio_set),
    L(madvise), L(mremap), L(msync),
    L(fork), L(vfork), L(clone), L(execve),
    L(rt_sigaction), L(sigaction), L(rt_sigprocmask), L(sigprocmask), L(rt_sigpending),
    L(sigpending), L(rt_sigsuspend), L(pause), L(rt_sigtimedwait), L(rt_sigtimedwait_time64),
    L(sigaltstack), L(rt_sigreturn), L(sigreturn), L(setitimer), L(getitimer),
    L(futex), L(futex_time64),
    L(socket), L(socketpair), L(bind), L(connect), L(listen), L(accept), L(accept4), L(getsockname),
    L(getpeername), L(send), L(sendto), L(recv), L(recvfrom), L(shutdown), L(setsockopt),
    L(getsockopt), L(sendmsg), L(recvmsg), L(socketcall),
#undef L
};
#undef SYS

/* Calls that change the memory map run whole under the process lock, so
 * threads see each change complete. */
static bool changes_memory_map(int common)
{
    switch (common) {
    case LU_SYS_brk: case LU_SYS_mmap2: case LU_SYS_munmap: case LU_SYS_mprotect:
    case LU_SYS_mremap: case LU_SYS_madvise:
        return true;
    default:
        return false;
    }
}

void lu_log_unimplemented(struct lu_process *p, enum lu_unimp_kind kind, uint64_t number)
{
    struct lu_shared *sh = p->sh;
    uint64_t key = (uint64_t)kind << 56 | (number & ((1ull << 56) - 1));
    lu_lock(p);
    bool seen = false;
    for (unsigned i = 0; i < sh->nunimp && !seen; i++)
        seen = sh->unimp_logged[i] == key;
    if (!seen && sh->nunimp < LU_UNIMP_MAX)
        sh->unimp_logged[sh->nunimp++] = key;
    lu_unlock(p);
    FILE *f = p->logfile ? p->logfile : stderr;
    if (seen)
        return;
    if (kind == LU_UNIMP_IOCTL)
        fprintf(f, "unimplemented ioctl %#llx\n", (unsigned long long)number);
    else if (kind == LU_UNIMP_PRCTL)
        fprintf(f, "unimplemented prctl option %lld\n", (long long)number);
    else
        fprintf(f, "unimplemented system call %lld\n", (long long)number);
}

void lu_syscall(struct lu_process *p)
{
    long nr = p->target->syscall_nr(p);
    uint64_t a[6];
    for (unsigned i = 0; i < 6; i++)
        a[i] = p->target->syscall_arg(p, i);
    int common = p->target->syscall_common(nr);
    const struct lu_abi *abi = p->target->abi;
    uint64_t a0 = a[0];
    int64_t ret;
    if (common >= 0) {
        if (abi && abi->args_to_generic)
            abi->args_to_generic(p, common, a);
        bool lock = changes_memory_map(common);
        if (lock)
            lu_lock(p);
        ret = lu_sys_table[common].fn(p, a);
        if (lock)
            lu_unlock(p);
    } else {
        ret = p->target->syscall_private(p, nr);
        if (ret == -ENOSYS && (p->log & LOG_UNIMP))
            lu_log_unimplemented(p, LU_UNIMP_SYSCALL, (uint64_t)nr);
    }
    lu_signal_syscall_done(p, common, a0, ret);
    if (common >= 0 && ret >= 0 && ret != LU_RET_NONE && abi && abi->ret_to_guest)
        ret = abi->ret_to_guest(p, common, a, ret);
    if (!p->exited && ret != LU_RET_NONE)
        p->target->syscall_ret(p, ret);
}
