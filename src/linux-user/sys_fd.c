/* System calls on file descriptors: directory reads, positioned and
 * vectored I/O, dup and pipe, fcntl, and waiting with poll and select. */
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/sendfile.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "linux-user/abi.h"
#include "linux-user/sys.h"
#include "util/xalloc.h"

/* Open flags: the low ones and those from O_NOATIME up are numbered alike
 * on ARM and x86; these four moved. (MIPS numbers them differently: this
 * goes to the target with MIPS.) */
#define G_O_DIRECTORY 0x4000u
#define G_O_NOFOLLOW 0x8000u
#define G_O_DIRECT 0x10000u
#define G_O_LARGEFILE 0x20000u
#define G_O_MOVED (G_O_DIRECTORY | G_O_NOFOLLOW | G_O_DIRECT | G_O_LARGEFILE)
/* The same four bits hold x86's O_DIRECT, O_LARGEFILE, O_DIRECTORY, O_NOFOLLOW. */
#define H_O_MOVED 0x3c000

int lu_open_flags_to_host(uint32_t g)
{
    int h = (int)(g & ~G_O_MOVED);
    if (g & G_O_DIRECTORY) h |= O_DIRECTORY;
    if (g & G_O_NOFOLLOW) h |= O_NOFOLLOW;
    if (g & G_O_DIRECT) h |= O_DIRECT;
    /* G_O_LARGEFILE: a 64-bit host opens every file that way anyway. */
    return h;
}

uint32_t lu_open_flags_to_guest(int h)
{
    uint32_t g = (uint32_t)h & ~(uint32_t)H_O_MOVED;
    if (h & O_DIRECTORY) g |= G_O_DIRECTORY;
    if (h & O_NOFOLLOW) g |= G_O_NOFOLLOW;
    if (h & O_DIRECT) g |= G_O_DIRECT;
    /* The host kernel forces O_LARGEFILE on every file of a 64-bit process
     * (duet), so every guest file has it too, as under qemu. */
    return g | G_O_LARGEFILE;
}

int64_t lu_iovec(struct lu_process *p, lu_addr addr, uint32_t cnt, int prot, struct iovec *iov)
{
    if (cnt > LU_IOV_MAX)
        return -EINVAL;
    uint32_t size = lu_struct_size(p, "ll");
    if (!lu_ptr(p, addr, (lu_addr)cnt * size, LU_PROT_R))
        return -EFAULT;
    for (uint32_t i = 0; i < cnt; i++) {
        uint64_t w[2];
        lu_struct_get(p, addr + (lu_addr)size * i, "ll", w);
        /* The kernel takes a length as ssize_t: negative is invalid. */
        if (lu_slong(p, w[1]) < 0)
            return -EINVAL;
        iov[i].iov_base = lu_ptr(p, w[0], w[1], prot);
        iov[i].iov_len = w[1];
        if (!iov[i].iov_base)
            return -EFAULT;
    }
    return 0;
}

/* struct linux_dirent64 (u64 ino, s64 off, u16 reclen, u8 type, name,
 * records padded to 8 bytes) is laid out alike on every architecture, so
 * the host's records, offsets and lengths are the guest's as they are
 * (in its byte order). */
int64_t lu_sys_getdents64(struct lu_process *p, const uint64_t *a)
{
    uint32_t count = lu_u32(a, 2);
    void *buf = lu_ptr(p, lu_ad(a, 1), count, LU_PROT_W);
    if (!buf)
        return -EFAULT;
    int64_t r = lu_ret(syscall(SYS_getdents64, lu_int(a, 0), buf, count));
    /* A big-endian guest: each record's ino, off and reclen swapped. */
    for (int64_t at = 0; p->target->big_endian && at + 19 <= r;) {
        uint8_t *rec = (uint8_t *)buf + at;
        uint16_t reclen;
        memcpy(&reclen, rec + 16, 2);
        lu_swap_layout(p, rec, "ddh");
        at += reclen ? reclen : r;
    }
    return r;
}

/* _llseek(fd, offset_high, offset_low, loff_t *result, whence) */
int64_t lu_sys__llseek(struct lu_process *p, const uint64_t *a)
{
    int64_t off = (int64_t)((uint64_t)lu_u32(a, 1) << 32 | lu_u32(a, 2));
    if (!lu_ptr(p, lu_ad(a, 3), 8, LU_PROT_W))
        return -EFAULT;
    off_t r = lseek(lu_int(a, 0), (off_t)off, lu_int(a, 4));
    if (r < 0)
        return lu_err();
    return lu_put_u64(p, lu_ad(a, 3), (uint64_t)r);
}

/* pread64(fd, buf, count, off) and pwrite64: off is the target's 64-bit
 * argument after three words. */
static int64_t do_prw(struct lu_process *p, const uint64_t *a, bool write)
{
    unsigned i = 3;
    int64_t off = (int64_t)p->target->syscall_arg64(a, &i);
    uint64_t count = lu_ulong(p, a[2]);
    void *buf = lu_ptr(p, lu_ad(a, 1), count, write ? LU_PROT_R : LU_PROT_W);
    if (!buf)
        return -EFAULT;
    ssize_t n = write ? pwrite(lu_int(a, 0), buf, count, (off_t)off)
                      : pread(lu_int(a, 0), buf, count, (off_t)off);
    return lu_ret(n);
}

int64_t lu_sys_pread64(struct lu_process *p, const uint64_t *a)
{
    return do_prw(p, a, false);
}

int64_t lu_sys_pwrite64(struct lu_process *p, const uint64_t *a)
{
    return do_prw(p, a, true);
}

int64_t lu_sys_readv(struct lu_process *p, const uint64_t *a)
{
    struct iovec iov[LU_IOV_MAX];
    int64_t r = lu_iovec(p, lu_ad(a, 1), lu_u32(a, 2), LU_PROT_W, iov);
    if (r < 0)
        return r;
    return lu_ret(readv(lu_int(a, 0), iov, lu_int(a, 2)));
}

int64_t lu_sys_dup(struct lu_process *p, const uint64_t *a)
{
    (void)p;
    return lu_ret(dup(lu_int(a, 0)));
}

int64_t lu_sys_dup2(struct lu_process *p, const uint64_t *a)
{
    (void)p;
    return lu_ret(dup2(lu_int(a, 0), lu_int(a, 1)));
}

int64_t lu_sys_dup3(struct lu_process *p, const uint64_t *a)
{
    (void)p;
    return lu_ret(dup3(lu_int(a, 0), lu_int(a, 1), lu_open_flags_to_host(lu_u32(a, 2))));
}

static int64_t do_pipe(struct lu_process *p, lu_addr addr, uint32_t flags)
{
    int fds[2];
    /* Check first: a pipe made and then not reported would leak. */
    if (!lu_ptr(p, addr, 8, LU_PROT_W))
        return -EFAULT;
    if (pipe2(fds, lu_open_flags_to_host(flags)) < 0)
        return lu_err();
    int32_t g[2] = { fds[0], fds[1] };
    lu_swap_words(p, g, 2);
    return lu_copy_to(p, addr, g, sizeof(g));
}

int64_t lu_sys_pipe(struct lu_process *p, const uint64_t *a)
{
    return do_pipe(p, lu_ad(a, 0), 0);
}

int64_t lu_sys_pipe2(struct lu_process *p, const uint64_t *a)
{
    return do_pipe(p, lu_ad(a, 0), lu_u32(a, 1));
}

/* The guest's struct flock and struct flock64, by layout (the field
 * values are kept between reading a structure and writing it back, so
 * what F_GETLK does not change, padding included, stays as the guest had
 * it, as the kernel leaves it). struct flock has offsets of the guest's
 * long; MIPS o32's has l_sysid (a long) before l_pid and four pad longs
 * after it. struct flock64 has 64-bit offsets, 8-aligned on every ABI: 32
 * bytes. Lock types and whence values are numbered alike everywhere. */
struct flock_layout {
    const char *fields;
    uint8_t start, len, pid;    /* the field numbers of l_start, l_len, l_pid */
    bool offsets64;
};
#define FLOCK_MAX_FIELDS 10
static const struct flock_layout flock_generic = { "hhllw", 2, 3, 4, false };
static const struct flock_layout flock_sysid = { "hhlllw4l", 2, 3, 5, false };
static const struct flock_layout flock64_layout = { "hhwddww", 3, 4, 5, true };

static const struct flock_layout *flock_layout(const struct lu_process *p, bool wide)
{
    const struct lu_abi *abi = p->target->abi;
    if (wide)
        return &flock64_layout;
    return abi && abi->flock_has_sysid ? &flock_sysid : &flock_generic;
}

static int64_t offset_value(const struct lu_process *p, const struct flock_layout *l, uint64_t v)
{
    return l->offsets64 ? (int64_t)v : lu_slong(p, v);
}

static int64_t get_flock(struct lu_process *p, lu_addr addr, const struct flock_layout *l, uint64_t *vals,
                         struct flock *h)
{
    if (lu_struct_get(p, addr, l->fields, vals) != 0)
        return -EFAULT;
    *h = (struct flock){ .l_type = (short)vals[0], .l_whence = (short)vals[1],
                         .l_start = offset_value(p, l, vals[l->start]),
                         .l_len = offset_value(p, l, vals[l->len]), .l_pid = (pid_t)vals[l->pid] };
    return 0;
}

static int64_t put_flock(struct lu_process *p, lu_addr addr, const struct flock_layout *l, uint64_t *vals,
                         const struct flock *h)
{
    /* What a 32-bit kernel does with a lock it cannot describe in 32 bits. */
    if (!l->offsets64 && p->target->word_size == 4 &&
        (h->l_start != (int32_t)h->l_start || h->l_len != (int32_t)h->l_len))
        return -EOVERFLOW;
    vals[0] = (uint16_t)h->l_type;
    vals[1] = (uint16_t)h->l_whence;
    vals[l->start] = (uint64_t)h->l_start;
    vals[l->len] = (uint64_t)h->l_len;
    vals[l->pid] = (uint32_t)h->l_pid;
    return lu_struct_put(p, addr, l->fields, vals);
}

/* A lock command with the host command hcmd on the guest's flock(64). */
static int64_t fcntl_lock(struct lu_process *p, int fd, int hcmd, lu_addr addr, bool wide)
{
    const struct flock_layout *l = flock_layout(p, wide);
    uint64_t vals[FLOCK_MAX_FIELDS];
    struct flock fl;
    int64_t r = get_flock(p, addr, l, vals, &fl);
    if (r < 0)
        return r;
    if (fcntl(fd, hcmd, &fl) < 0)
        return lu_err();
    return (hcmd == F_GETLK || hcmd == F_OFD_GETLK) ? put_flock(p, addr, l, vals, &fl) : 0;
}

/* The guest's lock commands, each a run of GETLK, SETLK, SETLKW: on
 * struct flock, on struct flock64, and the OFD ones (flock64). A 64-bit
 * host has one struct flock for both. */
enum { G_F_GETLK = 5, G_F_GETLK64 = 12, G_F_OFD_GETLK = 36 };
static const int host_lock_cmd[3] = { F_GETLK, F_SETLK, F_SETLKW };
static const int host_ofd_cmd[3] = { F_OFD_GETLK, F_OFD_SETLK, F_OFD_SETLKW };

/* Serves fcntl (55) too: there F_GETLK64 and friends are unknown to the
 * kernel, here they work, which no correct guest can tell. */
int64_t lu_sys_fcntl64(struct lu_process *p, const uint64_t *a)
{
    int fd = lu_int(a, 0), cmd = lu_int(a, 1);
    uint64_t arg = lu_ad(a, 2);
    if (cmd >= G_F_GETLK && cmd < G_F_GETLK + 3)
        return fcntl_lock(p, fd, host_lock_cmd[cmd - G_F_GETLK], arg, false);
    if (cmd >= G_F_GETLK64 && cmd < G_F_GETLK64 + 3)
        return fcntl_lock(p, fd, host_lock_cmd[cmd - G_F_GETLK64], arg, true);
    if (cmd >= G_F_OFD_GETLK && cmd < G_F_OFD_GETLK + 3)
        return fcntl_lock(p, fd, host_ofd_cmd[cmd - G_F_OFD_GETLK], arg, true);
    switch (cmd) {
    case F_GETFL: {
        int r = fcntl(fd, F_GETFL);
        return r < 0 ? lu_err() : lu_open_flags_to_guest(r);
    }
    case F_SETFL:
        return lu_ret(fcntl(fd, F_SETFL, lu_open_flags_to_host(arg)));
    case F_DUPFD: case F_DUPFD_CLOEXEC: case F_GETFD: case F_SETFD: case F_SETOWN:
    case F_GETOWN: case F_SETLEASE: case F_GETLEASE: case F_SETPIPE_SZ: case F_GETPIPE_SZ:
    case F_ADD_SEALS: case F_GET_SEALS:
        /* Integer argument and result, same numbers on both sides. */
        return lu_ret(fcntl(fd, cmd, (int)arg));
    default:
        /* F_SETSIG, F_NOTIFY and the like name signals: not delivered yet. */
        return -EINVAL;
    }
}

/* fallocate(fd, mode, offset, len): two of the target's 64-bit arguments. */
int64_t lu_sys_fallocate(struct lu_process *p, const uint64_t *a)
{
    unsigned i = 2;
    int64_t off = (int64_t)p->target->syscall_arg64(a, &i);
    int64_t len = (int64_t)p->target->syscall_arg64(a, &i);
    return lu_ret(fallocate(lu_int(a, 0), lu_int(a, 1), (off_t)off, (off_t)len));
}

/* ARM's fadvise64_64(fd, advice, offset, len) has advice second so that the
 * 64-bit arguments fill register pairs; the advice numbers are the host's. */
int64_t lu_sys_arm_fadvise64_64(struct lu_process *p, const uint64_t *a)
{
    unsigned i = 2;
    int64_t off = (int64_t)p->target->syscall_arg64(a, &i);
    int64_t len = (int64_t)p->target->syscall_arg64(a, &i);
    return lu_ret(syscall(SYS_fadvise64, lu_int(a, 0), (long)off, (long)len, lu_int(a, 1)));
}

/* sendfile(out, in, offset, count): offset points to the guest's off_t
 * (sendfile) or loff_t (sendfile64), or is NULL for in's file position,
 * and is written back. A 32-bit guest's sendfile stops short of 2 GiB, or
 * is -EOVERFLOW at it, as the kernel's MAX_NON_LFS. */
static int64_t do_sendfile(struct lu_process *p, const uint64_t *a, bool off64)
{
    int out = lu_int(a, 0), in = lu_int(a, 1);
    lu_addr offp = lu_ad(a, 2);
    uint64_t count = lu_ulong(p, a[3]), v = 0;
    const char *layout = off64 ? "d" : "l";
    if (offp && (lu_struct_get(p, offp, layout, &v) != 0 || !lu_ptr(p, offp, lu_struct_size(p, layout), LU_PROT_W)))
        return -EFAULT;
    off_t off = off64 ? (off_t)v : (off_t)lu_slong(p, v);
    if (!off64 && p->target->word_size == 4) {
        off_t pos = offp ? off : lseek(in, 0, SEEK_CUR);
        if (pos >= INT32_MAX)
            return -EOVERFLOW;
        if (pos >= 0 && count > (uint64_t)(INT32_MAX - pos))
            count = (uint64_t)(INT32_MAX - pos);
    }
    ssize_t n = sendfile(out, in, offp ? &off : NULL, count);
    int64_t r = n < 0 ? lu_err() : n;
    if (offp)
        lu_struct_put(p, offp, layout, (const uint64_t[]){ (uint64_t)off });
    return r;
}

int64_t lu_sys_sendfile(struct lu_process *p, const uint64_t *a)
{
    return do_sendfile(p, a, false);
}

int64_t lu_sys_sendfile64(struct lu_process *p, const uint64_t *a)
{
    return do_sendfile(p, a, true);
}

int64_t lu_sys_fsync(struct lu_process *p, const uint64_t *a)
{
    (void)p;
    return lu_ret(fsync(lu_int(a, 0)));
}

int64_t lu_sys_fdatasync(struct lu_process *p, const uint64_t *a)
{
    (void)p;
    return lu_ret(fdatasync(lu_int(a, 0)));
}

int64_t lu_sys_sync(struct lu_process *p, const uint64_t *a)
{
    (void)p; (void)a;
    sync();
    return 0;
}

static bool over_nofile(uint64_t n)
{
    struct rlimit rl;
    return getrlimit(RLIMIT_NOFILE, &rl) == 0 && n > rl.rlim_cur;
}

/* poll and ppoll: struct pollfd (int fd, short events, revents) and the
 * event bits are alike on ARM and x86. ts (NULL: no limit) comes back
 * with the time left, as the kernel's ppoll leaves it. */
static int64_t do_poll(struct lu_process *p, lu_addr addr, uint32_t nfds, struct timespec *ts)
{
    if (nfds > (1u << 24) || over_nofile(nfds))
        return -EINVAL;
    uint8_t *g = lu_ptr(p, addr, nfds * 8, LU_PROT_R | LU_PROT_W);
    if (!g)
        return -EFAULT;
    struct pollfd *h = xmalloc((nfds ? nfds : 1) * sizeof(*h));
    for (uint32_t i = 0; i < nfds; i++) {
        int32_t fd;
        int16_t ev;
        memcpy(&fd, g + 8 * i, 4);
        memcpy(&ev, g + 8 * i + 4, 2);
        fd = (int32_t)lu_g32(p, (uint32_t)fd);
        if (p->target->big_endian)
            ev = (int16_t)__builtin_bswap16((uint16_t)ev);
        h[i] = (struct pollfd){ .fd = fd, .events = ev };
    }
    long r = syscall(SYS_ppoll, h, (unsigned long)nfds, ts, NULL, 0);
    int64_t ret = lu_ret(r);
    for (uint32_t i = 0; r >= 0 && i < nfds; i++) {
        int16_t rev = h[i].revents;
        if (p->target->big_endian)
            rev = (int16_t)__builtin_bswap16((uint16_t)rev);
        memcpy(g + 8 * i + 6, &rev, 2);
    }
    free(h);
    return ret;
}

int64_t lu_sys_poll(struct lu_process *p, const uint64_t *a)
{
    int ms = lu_int(a, 2);
    struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };
    return do_poll(p, lu_ad(a, 0), lu_u32(a, 1), ms < 0 ? NULL : &ts);
}

/* ppoll(fds, nfds, tsp, sigmask, sigsetsize): the mask is left to signal
 * delivery, which does not exist yet. */
static int64_t do_ppoll(struct lu_process *p, const uint64_t *a, bool time64)
{
    struct timespec ts;
    lu_addr tsp = lu_ad(a, 2);
    if (tsp && lu_get_timespec(p, tsp, time64, &ts) != 0)
        return -EFAULT;
    int64_t r = do_poll(p, lu_ad(a, 0), lu_u32(a, 1), tsp ? &ts : NULL);
    if (tsp && r >= 0 && lu_put_timespec(p, tsp, time64, &ts) != 0)
        return -EFAULT;
    return r;
}

int64_t lu_sys_ppoll(struct lu_process *p, const uint64_t *a)
{
    return do_ppoll(p, a, false);
}

int64_t lu_sys_ppoll_time64(struct lu_process *p, const uint64_t *a)
{
    return do_ppoll(p, a, true);
}

/* The guest's fd_set is an array of its longs and the host's of 64-bit
 * ones; on little-endian both put fd k at bit k % 8 of byte k / 8. */
struct fdsets {
    uint8_t *g[3];
    unsigned long *h[3];
    uint32_t gbytes;
};

static int64_t fdsets_in(struct lu_process *p, struct fdsets *s, int n, const lu_addr *addr)
{
    size_t hbytes = ((size_t)n + 63) / 64 * 8;
    uint32_t ws = p->target->word_size;
    s->gbytes = ((uint32_t)n + 8 * ws - 1) / (8 * ws) * ws;
    for (int i = 0; i < 3; i++) {
        s->g[i] = NULL;
        s->h[i] = NULL;
        if (!addr[i])
            continue;
        s->g[i] = lu_ptr(p, addr[i], s->gbytes, LU_PROT_R | LU_PROT_W);
        if (!s->g[i])
            return -EFAULT;
        s->h[i] = xcalloc(1, hbytes ? hbytes : 8);
        memcpy(s->h[i], s->g[i], s->gbytes);
        lu_swap_longs(p, s->h[i], s->gbytes / ws);
    }
    return 0;
}

/* The guest's sets are arrays of its longs, in its byte order. */
static void fdsets_out(struct lu_process *p, struct fdsets *s, bool copy)
{
    for (int i = 0; i < 3; i++) {
        lu_swap_longs(p, s->h[i], s->g[i] ? s->gbytes / p->target->word_size : 0);
        if (copy && s->g[i])
            memcpy(s->g[i], s->h[i], s->gbytes);
        free(s->h[i]);
    }
}

/* select on the guest's sets; ts (NULL: no limit) comes back with the
 * time left. */
static int64_t do_select(struct lu_process *p, int n, const lu_addr *addr, struct timespec *ts)
{
    if (n < 0)
        return -EINVAL;
    struct rlimit rl;
    /* The kernel looks no further than the highest descriptor it has. */
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && (uint64_t)n > rl.rlim_cur)
        n = (int)rl.rlim_cur;
    struct fdsets s;
    int64_t r = fdsets_in(p, &s, n, addr);
    if (r == 0)
        r = lu_ret(syscall(SYS_pselect6, n, s.h[0], s.h[1], s.h[2], ts, NULL));
    fdsets_out(p, &s, r >= 0);
    return r;
}

/* _newselect(n, in, out, except, struct timeval *tv): a timeval of longs. */
int64_t lu_sys__newselect(struct lu_process *p, const uint64_t *a)
{
    const lu_addr sets[3] = { lu_ad(a, 1), lu_ad(a, 2), lu_ad(a, 3) };
    lu_addr tvp = lu_ad(a, 4);
    struct timespec ts;
    if (tvp) {
        uint64_t tv[2];
        if (lu_struct_get(p, tvp, "ll", tv) != 0)
            return -EFAULT;
        int64_t sec = lu_slong(p, tv[0]), usec = lu_slong(p, tv[1]);
        if (sec < 0 || usec < 0)
            return -EINVAL;
        ts.tv_sec = sec + usec / 1000000;
        ts.tv_nsec = (long)(usec % 1000000) * 1000;
    }
    int64_t r = do_select(p, lu_int(a, 0), sets, tvp ? &ts : NULL);
    if (tvp && r >= 0) {
        const uint64_t tv[2] = { (uint64_t)ts.tv_sec, (uint64_t)(ts.tv_nsec / 1000) };
        if (lu_struct_put(p, tvp, "ll", tv) != 0)
            return -EFAULT;
    }
    return r;
}

/* pselect6(n, in, out, except, tsp, {sigmask, size}): the mask is left
 * to signal delivery, which does not exist yet. */
static int64_t do_pselect6(struct lu_process *p, const uint64_t *a, bool time64)
{
    const lu_addr sets[3] = { lu_ad(a, 1), lu_ad(a, 2), lu_ad(a, 3) };
    lu_addr tsp = lu_ad(a, 4);
    struct timespec ts;
    if (tsp && lu_get_timespec(p, tsp, time64, &ts) != 0)
        return -EFAULT;
    int64_t r = do_select(p, lu_int(a, 0), sets, tsp ? &ts : NULL);
    if (tsp && r >= 0 && lu_put_timespec(p, tsp, time64, &ts) != 0)
        return -EFAULT;
    return r;
}

int64_t lu_sys_pselect6(struct lu_process *p, const uint64_t *a)
{
    return do_pselect6(p, a, false);
}

int64_t lu_sys_pselect6_time64(struct lu_process *p, const uint64_t *a)
{
    return do_pselect6(p, a, true);
}
