/* Linux system calls common to every guest. Every guest pointer goes
 * through lu_ptr, so a bad one is -EFAULT and never touches host memory
 * outside the guest's own space. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "linux-user/process.h"

typedef int64_t (*lu_sys_fn)(struct lu_process *p, const uint64_t *a);

static int64_t err(void)
{
    return -(int64_t)errno;
}

static int64_t sys_exit(struct lu_process *p, const uint64_t *a)
{
    p->exited = true;
    p->exit_status = (int)(a[0] & 0xff);
    return 0;
}

static int64_t sys_read(struct lu_process *p, const uint64_t *a)
{
    void *buf = lu_ptr(p, (uint32_t)a[1], (uint32_t)a[2], LU_PROT_W);
    if (!buf)
        return -EFAULT;
    ssize_t n = read((int)a[0], buf, (size_t)(uint32_t)a[2]);
    return n < 0 ? err() : n;
}

static int64_t sys_write(struct lu_process *p, const uint64_t *a)
{
    const void *buf = lu_ptr(p, (uint32_t)a[1], (uint32_t)a[2], LU_PROT_R);
    if (!buf)
        return -EFAULT;
    ssize_t n = write((int)a[0], buf, (size_t)(uint32_t)a[2]);
    return n < 0 ? err() : n;
}

static int64_t sys_writev(struct lu_process *p, const uint64_t *a)
{
    uint32_t cnt = (uint32_t)a[2];
    const uint32_t *gv = lu_ptr(p, (uint32_t)a[1], cnt * 8, LU_PROT_R);
    if (cnt > 1024)
        return -EINVAL;
    if (!gv)
        return -EFAULT;
    struct iovec iov[1024];
    for (uint32_t i = 0; i < cnt; i++) {
        iov[i].iov_base = lu_ptr(p, gv[2 * i], gv[2 * i + 1], LU_PROT_R);
        iov[i].iov_len = gv[2 * i + 1];
        if (!iov[i].iov_base)
            return -EFAULT;
    }
    ssize_t n = writev((int)a[0], iov, (int)cnt);
    return n < 0 ? err() : n;
}

/* Open flags: the low ones are the same on ARM and x86; these four moved.
 * (MIPS numbers them differently: this goes to the target with MIPS.) */
static int open_flags(uint32_t g)
{
    int f = (int)(g & 0x3fff);
    if (g & 0x4000) f |= O_DIRECTORY;
    if (g & 0x8000) f |= O_NOFOLLOW;
    if (g & 0x40000) f |= O_NOATIME;
    if (g & 0x80000) f |= O_CLOEXEC;
    return f;
}

static int64_t do_openat(struct lu_process *p, int dirfd, uint32_t path, uint32_t flags, uint32_t mode)
{
    char name[4096];
    if (lu_strcpy_from(p, name, path, sizeof(name)) != 0)
        return -EFAULT;
    int fd = openat(dirfd, name, open_flags(flags), mode);
    return fd < 0 ? err() : fd;
}

static int64_t sys_open(struct lu_process *p, const uint64_t *a)
{
    return do_openat(p, AT_FDCWD, (uint32_t)a[0], (uint32_t)a[1], (uint32_t)a[2]);
}

static int64_t sys_openat(struct lu_process *p, const uint64_t *a)
{
    return do_openat(p, (int)a[0], (uint32_t)a[1], (uint32_t)a[2], (uint32_t)a[3]);
}

static int64_t sys_close(struct lu_process *p, const uint64_t *a)
{
    (void)p;
    /* The host's standard streams stay open under duet's own output. */
    return close((int)a[0]) < 0 ? err() : 0;
}

static int64_t sys_lseek(struct lu_process *p, const uint64_t *a)
{
    (void)p;
    off_t r = lseek((int)a[0], (off_t)(int32_t)a[1], (int)a[2]);
    return r < 0 ? err() : r;
}

static int64_t sys_brk(struct lu_process *p, const uint64_t *a)
{
    uint32_t want = (uint32_t)a[0];
    if (want < p->brk_start)
        return p->brk;
    uint32_t old_top = (p->brk + LU_PAGE - 1) & ~(LU_PAGE - 1);
    uint32_t new_top = (uint32_t)(((uint64_t)want + LU_PAGE - 1) & ~(uint64_t)(LU_PAGE - 1));
    if (new_top > old_top) {
        if (lu_find_free(p, old_top, new_top - old_top) != old_top ||
            lu_map(p, old_top, new_top - old_top, LU_PROT_R | LU_PROT_W) != 0)
            return p->brk;
    } else if (new_top < old_top) {
        lu_unmap(p, new_top, old_top - new_top);
    }
    p->brk = want;
    return p->brk;
}

enum { G_MAP_SHARED = 1, G_MAP_PRIVATE = 2, G_MAP_FIXED = 0x10, G_MAP_ANONYMOUS = 0x20 };

static int64_t sys_mmap2(struct lu_process *p, const uint64_t *a)
{
    uint32_t addr = (uint32_t)a[0], len = (uint32_t)((a[1] + LU_PAGE - 1) & ~(uint64_t)(LU_PAGE - 1));
    uint32_t prot = (uint32_t)a[2], flags = (uint32_t)a[3];
    int fd = (int)a[4];
    uint64_t off = (uint64_t)(uint32_t)a[5] * 4096;
    if (len == 0 || (addr & (LU_PAGE - 1)))
        return -EINVAL;
    if (!(flags & G_MAP_FIXED)) {
        addr = lu_find_free(p, addr ? addr : p->mmap_base, len);
        if (!addr)
            return -ENOMEM;
    }
    if (lu_map(p, addr, len, LU_PROT_R | LU_PROT_W) != 0)
        return -ENOMEM;
    if (!(flags & G_MAP_ANONYMOUS)) {
        /* Private file mappings are copies; shared ones are not supported yet. */
        ssize_t n = pread(fd, p->mem.base + addr, len, (off_t)off);
        if (n < 0) {
            int64_t e = err();
            lu_unmap(p, addr, len);
            return e;
        }
    }
    lu_protect(p, addr, len, (int)(prot & 7));
    return addr;
}

static int64_t sys_munmap(struct lu_process *p, const uint64_t *a)
{
    uint32_t len = (uint32_t)((a[1] + LU_PAGE - 1) & ~(uint64_t)(LU_PAGE - 1));
    return lu_unmap(p, (uint32_t)a[0], len) == 0 ? 0 : -EINVAL;
}

static int64_t sys_mprotect(struct lu_process *p, const uint64_t *a)
{
    uint32_t len = (uint32_t)((a[1] + LU_PAGE - 1) & ~(uint64_t)(LU_PAGE - 1));
    return lu_protect(p, (uint32_t)a[0], len, (int)(a[2] & 7)) == 0 ? 0 : -ENOMEM;
}

static int64_t sys_uname(struct lu_process *p, const uint64_t *a)
{
    struct utsname *u = lu_ptr(p, (uint32_t)a[0], sizeof(struct utsname), LU_PROT_W);
    if (!u)
        return -EFAULT;
    if (uname(u) < 0)
        return err();
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

/* The clear-child-tid address matters once threads exist. */
static int64_t sys_set_tid_address(struct lu_process *p, const uint64_t *a)
{
    (void)p; (void)a;
    return gettid();
}

/* Terminal ioctls whose structures are laid out alike on guest and host. */
static int64_t sys_ioctl(struct lu_process *p, const uint64_t *a)
{
    uint32_t req = (uint32_t)a[1];
    size_t size;
    switch (req) {
    case TCGETS: size = 36; break;
    case TIOCGWINSZ: size = sizeof(struct winsize); break;
    default: return -ENOTTY;
    }
    void *arg = lu_ptr(p, (uint32_t)a[2], (uint32_t)size, LU_PROT_W);
    if (!arg)
        return -EFAULT;
    return ioctl((int)a[0], req, arg) < 0 ? err() : 0;
}

/* 32-bit guests: struct timespec and timeval are two 32-bit words. */
static int64_t put_time_pair(struct lu_process *p, uint32_t addr, int64_t sec, int64_t frac)
{
    uint32_t *g = lu_ptr(p, addr, 8, LU_PROT_W);
    if (!g)
        return -EFAULT;
    g[0] = (uint32_t)sec;
    g[1] = (uint32_t)frac;
    return 0;
}

static int64_t sys_clock_gettime(struct lu_process *p, const uint64_t *a)
{
    struct timespec ts;
    if (clock_gettime((clockid_t)a[0], &ts) < 0)
        return err();
    return put_time_pair(p, (uint32_t)a[1], ts.tv_sec, ts.tv_nsec);
}

static int64_t sys_gettimeofday(struct lu_process *p, const uint64_t *a)
{
    struct timeval tv;
    gettimeofday(&tv, NULL);
    return a[0] ? put_time_pair(p, (uint32_t)a[0], tv.tv_sec, tv.tv_usec) : 0;
}

static int64_t sys_readlink(struct lu_process *p, const uint64_t *a)
{
    char name[4096], out[4096];
    if (lu_strcpy_from(p, name, (uint32_t)a[0], sizeof(name)) != 0)
        return -EFAULT;
    ssize_t n;
    if (strcmp(name, "/proc/self/exe") == 0) {
        char *real = realpath(p->exe_path, NULL);
        n = (ssize_t)snprintf(out, sizeof(out), "%s", real ? real : p->exe_path);
        free(real);
    } else {
        n = readlink(name, out, sizeof(out));
        if (n < 0)
            return err();
    }
    uint32_t len = (uint32_t)a[2] < (uint32_t)n ? (uint32_t)a[2] : (uint32_t)n;
    void *dst = lu_ptr(p, (uint32_t)a[1], len, LU_PROT_W);
    if (!dst)
        return -EFAULT;
    memcpy(dst, out, len);
    return len;
}

static int64_t sys_getrandom(struct lu_process *p, const uint64_t *a)
{
    void *buf = lu_ptr(p, (uint32_t)a[0], (uint32_t)a[1], LU_PROT_W);
    if (!buf)
        return -EFAULT;
    ssize_t n = getrandom(buf, (uint32_t)a[1], (unsigned)a[2]);
    return n < 0 ? err() : n;
}

static const struct {
    const char *name;
    lu_sys_fn fn;
} lu_sys_table[LU_NUM_SYS] = {
    [LU_SYS_exit] = { "exit", sys_exit },
    [LU_SYS_exit_group] = { "exit_group", sys_exit },
    [LU_SYS_read] = { "read", sys_read },
    [LU_SYS_write] = { "write", sys_write },
    [LU_SYS_writev] = { "writev", sys_writev },
    [LU_SYS_open] = { "open", sys_open },
    [LU_SYS_openat] = { "openat", sys_openat },
    [LU_SYS_close] = { "close", sys_close },
    [LU_SYS_lseek] = { "lseek", sys_lseek },
    [LU_SYS_brk] = { "brk", sys_brk },
    [LU_SYS_mmap2] = { "mmap2", sys_mmap2 },
    [LU_SYS_munmap] = { "munmap", sys_munmap },
    [LU_SYS_mprotect] = { "mprotect", sys_mprotect },
    [LU_SYS_uname] = { "uname", sys_uname },
    [LU_SYS_getpid] = { "getpid", sys_getpid },
    [LU_SYS_gettid] = { "gettid", sys_gettid },
    [LU_SYS_getuid] = { "getuid", sys_getuid },
    [LU_SYS_geteuid] = { "geteuid", sys_geteuid },
    [LU_SYS_getgid] = { "getgid", sys_getgid },
    [LU_SYS_getegid] = { "getegid", sys_getegid },
    [LU_SYS_set_tid_address] = { "set_tid_address", sys_set_tid_address },
    [LU_SYS_ioctl] = { "ioctl", sys_ioctl },
    [LU_SYS_clock_gettime] = { "clock_gettime", sys_clock_gettime },
    [LU_SYS_gettimeofday] = { "gettimeofday", sys_gettimeofday },
    [LU_SYS_readlink] = { "readlink", sys_readlink },
    [LU_SYS_getrandom] = { "getrandom", sys_getrandom },
};

void lu_syscall(struct lu_process *p)
{
    long nr = p->target->syscall_nr(p);
    uint64_t a[6];
    for (unsigned i = 0; i < 6; i++)
        a[i] = p->target->syscall_arg(p, i);
    int common = p->target->syscall_common(nr);
    int64_t ret;
    if (common >= 0) {
        ret = lu_sys_table[common].fn(p, a);
    } else {
        ret = p->target->syscall_private(p, nr);
        if (ret == -ENOSYS && (p->log & LOG_UNIMP))
            fprintf(p->logfile ? p->logfile : stderr, "unimplemented system call %ld\n", nr);
    }
    if (!p->exited)
        p->target->syscall_ret(p, ret);
}
