/* The MIPS o32 and n64 Linux ABIs where they differ from the generic one
 * the common system call code speaks (linux-user/abi.h): signal numbers
 * and sets, errno values, open/fcntl/mmap flags and commands, rlimit
 * numbers, and the layouts of struct sigaction, siginfo, stat64 (n64:
 * stat, laid out alike), statfs64 and n64's statfs
 * (arch/mips/include/uapi/asm/); ioctl.c has the ioctl numbers and
 * struct termios. The numbers are the same for both ABIs;
 * the layouts follow the guest's long. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include "linux-user/abi.h"
#include "linux-user/mips/signal.h"
#include "linux-user/mips/target.h"
#include "linux-user/sys.h"

/* ---- signals ---- */

/* MIPS signal n (1..31) as the host's; 32 and up are the same. SIGEMT
 * (7) has no host counterpart. */
static const uint8_t host_of_mips_sig[32] = {
    0, SIGHUP, SIGINT, SIGQUIT, SIGILL, SIGTRAP, SIGABRT, 0 /* SIGEMT */, SIGFPE, SIGKILL, SIGBUS,
    SIGSEGV, SIGSYS, SIGPIPE, SIGALRM, SIGTERM, SIGUSR1, SIGUSR2, SIGCHLD, SIGPWR, SIGWINCH, SIGURG,
    SIGIO, SIGSTOP, SIGTSTP, SIGCONT, SIGTTIN, SIGTTOU, SIGVTALRM, SIGPROF, SIGXCPU, SIGXFSZ,
};

int lu_mips_sig_to_host(int sig)
{
    if (sig >= 32 && sig <= LU_NSIG)
        return sig;
    return sig > 0 && sig < 32 ? host_of_mips_sig[sig] : 0;
}

int lu_mips_sig_to_guest(int sig)
{
    if (sig >= 32)
        return sig;
    for (int g = 1; g < 32; g++)
        if (host_of_mips_sig[g] == sig)
            return g;
    return 0;
}

static uint64_t map_set(uint64_t set, int (*map)(int))
{
    uint64_t out = 0;
    for (int s = 1; s <= LU_NSIG; s++) {
        int m = (set & LU_SIGBIT(s)) ? map(s) : 0;
        if (m > 0 && m <= LU_NSIG)
            out |= LU_SIGBIT(m);
    }
    return out;
}

uint64_t lu_mips_sigset_to_guest(uint64_t host_set) { return map_set(host_set, lu_mips_sig_to_guest); }
uint64_t lu_mips_sigset_to_host(uint64_t guest_set) { return map_set(guest_set, lu_mips_sig_to_host); }

/* sa_flags: SA_SIGINFO is 8 and SA_NOCLDWAIT 0x10000 on MIPS; the rest
 * match the generic values; there is no SA_RESTORER. */
enum { MIPS_SA_SIGINFO = 8, MIPS_SA_NOCLDWAIT = 0x10000 };
#define SA_SAME (LU_SA_NOCLDSTOP | LU_SA_ONSTACK | LU_SA_RESTART | LU_SA_NODEFER | LU_SA_RESETHAND)

static uint32_t sa_flags_to_generic(uint32_t f)
{
    return (f & SA_SAME) | ((f & MIPS_SA_SIGINFO) ? LU_SA_SIGINFO : 0) | ((f & MIPS_SA_NOCLDWAIT) ? LU_SA_NOCLDWAIT : 0);
}

static uint32_t sa_flags_to_guest(uint32_t f)
{
    return (f & SA_SAME) | ((f & LU_SA_SIGINFO) ? MIPS_SA_SIGINFO : 0) | ((f & LU_SA_NOCLDWAIT) ? MIPS_SA_NOCLDWAIT : 0);
}

/* struct sigaction: the int sa_flags, sa_handler, then the 128-bit
 * sa_mask as longs. */
static bool wide(const struct lu_process *p)
{
    return p->target->word_size == 8;
}

static int64_t mips_get_sigaction(struct lu_process *p, lu_addr addr, struct lu_sigaction *act)
{
    uint64_t g[6];
    if (lu_struct_get(p, addr, wide(p) ? "wl2l" : "wl4l", g) != 0)
        return -EFAULT;
    uint64_t mask = wide(p) ? g[2] : g[2] | g[3] << 32;
    *act = (struct lu_sigaction){ g[1], sa_flags_to_generic((uint32_t)g[0]), 0, lu_mips_sigset_to_host(mask) };
    return 0;
}

static int64_t mips_put_sigaction(struct lu_process *p, lu_addr addr, const struct lu_sigaction *act)
{
    uint64_t mask = lu_mips_sigset_to_guest(act->mask);
    const uint64_t g[6] = { sa_flags_to_guest(act->flags), act->handler,
                            wide(p) ? mask : (uint32_t)mask, wide(p) ? 0 : mask >> 32 };
    return lu_struct_put(p, addr, wide(p) ? "wl2l" : "wl4l", g);
}

/* MIPS siginfo has si_code before si_errno; a child's fatal signal in
 * si_status is numbered the MIPS way. */
void lu_mips_siginfo_to_guest(const struct lu_process *p, const struct lu_siginfo *in, struct lu_siginfo *out)
{
    (void)p;
    *out = *in;
    out->signo = lu_mips_sig_to_guest(in->signo);
    out->err = in->code;
    out->code = in->err;
    if (in->signo == SIGCHLD && (in->code == CLD_KILLED || in->code == CLD_DUMPED || in->code == CLD_STOPPED))
        out->w[2] = (uint32_t)lu_mips_sig_to_guest((int)in->w[2]);
}

/* n64 siginfo: signo, code, errno and a pad word, then the union at 16,
 * where longs and pointers are 8 bytes: the fields of each kind of
 * signal as the kernel's copy_siginfo_to_user gives them. */
static void siginfo_n64(const struct lu_process *p, const struct lu_siginfo *in, const struct lu_siginfo *g,
                        uint8_t *out)
{
    uint64_t v[9] = { (uint32_t)g->signo, (uint32_t)g->err, (uint32_t)g->code, 0, g->w[0], g->w[1], g->w[2] };
    const char *layout = "7w";
    bool fault = in->signo == SIGSEGV || in->signo == SIGBUS || in->signo == SIGILL ||
                 in->signo == SIGFPE || in->signo == SIGTRAP;
    if (in->signo == SIGCHLD) {
        layout = "7w2l";
        v[7] = in->w[3];
        v[8] = in->w[4];
    } else if (fault && in->code > 0) {
        layout = "4wl";
        v[4] = lu_siginfo_addr(in);
    } else if (in->signo == SIGIO && in->code > 0) {
        layout = "4wlw";
        v[5] = in->w[1];
    }
    memset(out, 0, sizeof(struct lu_siginfo));
    lu_struct_pack(p, out, layout, v);
}

void lu_mips_siginfo_bytes(const struct lu_process *p, const struct lu_siginfo *in, uint8_t *out)
{
    struct lu_siginfo g;
    lu_mips_siginfo_to_guest(p, in, &g);
    if (wide(p)) {
        siginfo_n64(p, in, &g, out);
        return;
    }
    for (unsigned i = 0; i < sizeof(g) / 4; i++)
        lu_mips_put32(out + 4 * i, p->target->big_endian, ((const uint32_t *)&g)[i]);
}

/* The common code copies the bytes as they are. */
static void mips_siginfo_to_guest(const struct lu_process *p, const struct lu_siginfo *in, struct lu_siginfo *out)
{
    lu_mips_siginfo_bytes(p, in, (uint8_t *)out);
}

/* ---- errno ---- */

/* Host errno values whose MIPS numbers differ (asm/errno.h). */
static const struct {
    uint16_t host, mips;
} errno_map[] = {
    { ENOMSG, 35 }, { EIDRM, 36 }, { ECHRNG, 37 }, { EL2NSYNC, 38 }, { EL3HLT, 39 }, { EL3RST, 40 },
    { ELNRNG, 41 }, { EUNATCH, 42 }, { ENOCSI, 43 }, { EL2HLT, 44 }, { EDEADLK, 45 }, { ENOLCK, 46 },
    { EBADE, 50 }, { EBADR, 51 }, { EXFULL, 52 }, { ENOANO, 53 }, { EBADRQC, 54 }, { EBADSLT, 55 },
    { EBFONT, 59 }, { ENOSTR, 60 }, { ENODATA, 61 }, { ETIME, 62 }, { ENOSR, 63 }, { ENONET, 64 },
    { ENOPKG, 65 }, { EREMOTE, 66 }, { ENOLINK, 67 }, { EADV, 68 }, { ESRMNT, 69 }, { ECOMM, 70 },
    { EPROTO, 71 }, { EDOTDOT, 73 }, { EMULTIHOP, 74 }, { EBADMSG, 77 }, { ENAMETOOLONG, 78 },
    { EOVERFLOW, 79 }, { ENOTUNIQ, 80 }, { EBADFD, 81 }, { EREMCHG, 82 }, { ELIBACC, 83 },
    { ELIBBAD, 84 }, { ELIBSCN, 85 }, { ELIBMAX, 86 }, { ELIBEXEC, 87 }, { EILSEQ, 88 }, { ENOSYS, 89 },
    { ELOOP, 90 }, { ERESTART, 91 }, { ESTRPIPE, 92 }, { ENOTEMPTY, 93 }, { EUSERS, 94 },
    { ENOTSOCK, 95 }, { EDESTADDRREQ, 96 }, { EMSGSIZE, 97 }, { EPROTOTYPE, 98 }, { ENOPROTOOPT, 99 },
    { EPROTONOSUPPORT, 120 }, { ESOCKTNOSUPPORT, 121 }, { EOPNOTSUPP, 122 }, { EPFNOSUPPORT, 123 },
    { EAFNOSUPPORT, 124 }, { EADDRINUSE, 125 }, { EADDRNOTAVAIL, 126 }, { ENETDOWN, 127 },
    { ENETUNREACH, 128 }, { ENETRESET, 129 }, { ECONNABORTED, 130 }, { ECONNRESET, 131 },
    { ENOBUFS, 132 }, { EISCONN, 133 }, { ENOTCONN, 134 }, { EUCLEAN, 135 }, { ENOTNAM, 137 },
    { ENAVAIL, 138 }, { EISNAM, 139 }, { EREMOTEIO, 140 }, { ESHUTDOWN, 143 }, { ETOOMANYREFS, 144 },
    { ETIMEDOUT, 145 }, { ECONNREFUSED, 146 }, { EHOSTDOWN, 147 }, { EHOSTUNREACH, 148 },
    { EALREADY, 149 }, { EINPROGRESS, 150 }, { ESTALE, 151 }, { ECANCELED, 158 }, { ENOMEDIUM, 159 },
    { EMEDIUMTYPE, 160 }, { ENOKEY, 161 }, { EKEYEXPIRED, 162 }, { EKEYREVOKED, 163 },
    { EKEYREJECTED, 164 }, { EOWNERDEAD, 165 }, { ENOTRECOVERABLE, 166 }, { ERFKILL, 167 },
    { EHWPOISON, 168 }, { EDQUOT, 1133 },
};

uint32_t lu_mips_errno(int host)
{
    for (size_t i = 0; i < sizeof(errno_map) / sizeof(errno_map[0]); i++)
        if (errno_map[i].host == host)
            return errno_map[i].mips;
    return (uint32_t)host;
}

/* ---- flags and commands ---- */

struct bit_pair {
    uint32_t mips, generic;
};

/* open(2) flags: MIPS value, generic (ARM) value. */
static const struct bit_pair open_bits[] = {
    { 0x0008, 02000 /* O_APPEND */ }, { 0x0010, 010000 /* O_DSYNC */ }, { 0x0080, 04000 /* O_NONBLOCK */ },
    { 0x0100, 0100 /* O_CREAT */ }, { 0x0200, 01000 /* O_TRUNC */ }, { 0x0400, 0200 /* O_EXCL */ },
    { 0x0800, 0400 /* O_NOCTTY */ }, { 0x1000, 020000 /* FASYNC */ }, { 0x2000, 0x20000 /* O_LARGEFILE */ },
    { 0x4000, 04000000 /* __O_SYNC */ }, { 0x8000, 0x10000 /* O_DIRECT */ },
    { 0x10000, 0x4000 /* O_DIRECTORY */ }, { 0x20000, 0x8000 /* O_NOFOLLOW */ },
    { 0x40000, 01000000 /* O_NOATIME */ }, { 0x80000, 02000000 /* O_CLOEXEC */ },
    { 0x200000, 010000000 /* O_PATH */ }, { 0x400000, 020000000 /* __O_TMPFILE */ },
};

/* mmap(2) flags beyond MAP_SHARED, MAP_PRIVATE and MAP_FIXED. */
static const struct bit_pair mmap_bits[] = {
    { 0x0001, 0x0001 }, { 0x0002, 0x0002 }, { 0x0010, 0x0010 }, { 0x0400, 0x4000 /* MAP_NORESERVE */ },
    { 0x0800, 0x0020 /* MAP_ANONYMOUS */ }, { 0x1000, 0x0100 /* MAP_GROWSDOWN */ },
    { 0x2000, 0x0800 /* MAP_DENYWRITE */ }, { 0x4000, 0x1000 /* MAP_EXECUTABLE */ },
    { 0x8000, 0x2000 /* MAP_LOCKED */ }, { 0x10000, 0x8000 /* MAP_POPULATE */ },
    { 0x20000, 0x10000 /* MAP_NONBLOCK */ }, { 0x40000, 0x20000 /* MAP_STACK */ },
    { 0x80000, 0x40000 /* MAP_HUGETLB */ }, { 0x100000, 0x100000 /* MAP_FIXED_NOREPLACE */ },
};

static uint32_t map_bits(const struct bit_pair *t, size_t n, uint32_t v, bool to_generic, uint32_t keep)
{
    uint32_t out = v & keep;
    for (size_t i = 0; i < n; i++)
        if (v & (to_generic ? t[i].mips : t[i].generic))
            out |= to_generic ? t[i].generic : t[i].mips;
    return out;
}

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
static uint32_t open_to_generic(uint32_t f) { return map_bits(open_bits, NELEM(open_bits), f, true, 3); }
static uint32_t open_to_guest(uint32_t f) { return map_bits(open_bits, NELEM(open_bits), f, false, 3); }

/* fcntl commands that differ: F_GETLK..., F_SETOWN/F_GETOWN. n64's
 * struct flock has 64-bit offsets: its lock commands are the generic
 * flock64 ones, and it has no F_GETLK64. */
static uint32_t fcntl_to_generic(const struct lu_process *p, uint32_t cmd)
{
    if (wide(p)) {
        switch (cmd) {
        case 14: return 12;   /* F_GETLK on struct flock of 64-bit offsets */
        case 6: return 13;    /* F_SETLK */
        case 7: return 14;    /* F_SETLKW */
        case 33: case 34: case 35:
            return 0x7fffffff;
        default: break;
        }
    }
    switch (cmd) {
    case 14: return 5;    /* F_GETLK */
    case 24: return 8;    /* F_SETOWN */
    case 23: return 9;    /* F_GETOWN */
    case 33: return 12;   /* F_GETLK64 */
    case 34: return 13;   /* F_SETLK64 */
    case 35: return 14;   /* F_SETLKW64 */
    case 5: case 8: case 9: case 12: case 13:
        return 0x7fffffff; /* not MIPS commands: EINVAL */
    default: return cmd;
    }
}

/* RLIMIT_*: MIPS numbers 5..9 are NOFILE, AS, RSS, NPROC, MEMLOCK. */
static uint32_t rlimit_to_generic(uint32_t r)
{
    static const uint8_t generic[] = { 0, 1, 2, 3, 4, RLIMIT_NOFILE, RLIMIT_AS, RLIMIT_RSS, RLIMIT_NPROC, RLIMIT_MEMLOCK };
    return r < sizeof(generic) ? generic[r] : r;
}

/* SIG_BLOCK, SIG_UNBLOCK, SIG_SETMASK are 1, 2, 3 on MIPS. */
static uint64_t how_to_generic(uint64_t how)
{
    return how - 1;
}

static uint64_t sig_arg(uint64_t s)
{
    int h = lu_mips_sig_to_host((int)s);
    return s == 0 ? 0 : h ? (uint64_t)h : 0xffff;   /* no host signal: EINVAL */
}

static void mips_args_to_generic(struct lu_process *p, int common, uint64_t *a)
{
    switch (common) {
    case LU_SYS_open: a[1] = open_to_generic((uint32_t)a[1]); break;
    case LU_SYS_openat: a[2] = open_to_generic((uint32_t)a[2]); break;
    case LU_SYS_dup3: a[2] = open_to_generic((uint32_t)a[2]); break;
    case LU_SYS_pipe2: a[1] = open_to_generic((uint32_t)a[1]); break;
    case LU_SYS_fcntl64:
        a[1] = fcntl_to_generic(p, (uint32_t)a[1]);
        if (a[1] == F_SETFL)
            a[2] = open_to_generic((uint32_t)a[2]);
        break;
    case LU_SYS_mmap2:
        a[3] = map_bits(mmap_bits, NELEM(mmap_bits), (uint32_t)a[3], true, 0);
        /* The old mmap (4090) and n64's (5009) take the offset in bytes;
         * one that is not page-aligned is EINVAL, which flags without
         * MAP_SHARED or MAP_PRIVATE give. */
        if (p->target->syscall_nr(p) == 4090 || p->target->syscall_nr(p) == 5009) {
            if (a[5] & (LU_PAGE - 1))
                a[3] = 0;
            a[5] /= LU_PAGE;
        }
        break;
    case LU_SYS_ioctl:
        a[1] = lu_mips_ioctl_to_generic((uint32_t)a[1]);
        if (a[1] == TIOCGPTPEER)
            a[2] = open_to_generic((uint32_t)a[2]);
        break;
    case LU_SYS_ugetrlimit: case LU_SYS_setrlimit: a[0] = rlimit_to_generic((uint32_t)a[0]); break;
    case LU_SYS_prlimit64: a[1] = rlimit_to_generic((uint32_t)a[1]); break;
    case LU_SYS_kill: case LU_SYS_tkill: a[1] = sig_arg(a[1]); break;
    case LU_SYS_tgkill: a[2] = sig_arg(a[2]); break;
    case LU_SYS_rt_sigaction: case LU_SYS_sigaction: a[0] = sig_arg(a[0]); break;
    case LU_SYS_rt_sigsuspend:
        /* o32's sigsuspend (4072) is rt_sigsuspend on the whole sigset_t. */
        if (p->target->syscall_nr(p) == 4072)
            a[1] = 16;
        break;
    case LU_SYS_rt_sigprocmask: case LU_SYS_sigprocmask: a[0] = how_to_generic(a[0]); break;
    default: break;
    }
}

static int64_t mips_ret_to_guest(struct lu_process *p, int common, const uint64_t *a, int64_t ret)
{
    (void)p;
    if (common == LU_SYS_fcntl64 && a[1] == F_GETFL)
        return open_to_guest((uint32_t)ret);
    if (common == LU_SYS_rt_sigtimedwait || common == LU_SYS_rt_sigtimedwait_time64)
        return lu_mips_sig_to_guest((int)ret);
    return ret;
}

/* ---- structures ---- */

/* struct stat64 (asm/stat.h, o32): 32-bit device numbers with padding,
 * the 64-bit inode number early, times as 32-bit pairs, 104 bytes; n64's
 * struct stat has the same offsets (its unsigned longs fall where o32's
 * 64-bit fields are). */
static int64_t mips_put_stat64(struct lu_process *p, lu_addr addr, const struct stat *h)
{
    bool be = p->target->big_endian;
    uint8_t g[104] = { 0 };
    lu_mips_put32(g + 0, be, (uint32_t)h->st_dev);
    lu_mips_put64(g + 16, be, h->st_ino);
    lu_mips_put32(g + 24, be, h->st_mode);
    lu_mips_put32(g + 28, be, (uint32_t)h->st_nlink);
    lu_mips_put32(g + 32, be, h->st_uid);
    lu_mips_put32(g + 36, be, h->st_gid);
    lu_mips_put32(g + 40, be, (uint32_t)h->st_rdev);
    lu_mips_put64(g + 56, be, (uint64_t)h->st_size);
    lu_mips_put32(g + 64, be, (uint32_t)h->st_atim.tv_sec);
    lu_mips_put32(g + 68, be, (uint32_t)h->st_atim.tv_nsec);
    lu_mips_put32(g + 72, be, (uint32_t)h->st_mtim.tv_sec);
    lu_mips_put32(g + 76, be, (uint32_t)h->st_mtim.tv_nsec);
    lu_mips_put32(g + 80, be, (uint32_t)h->st_ctim.tv_sec);
    lu_mips_put32(g + 84, be, (uint32_t)h->st_ctim.tv_nsec);
    lu_mips_put32(g + 88, be, (uint32_t)h->st_blksize);
    lu_mips_put64(g + 96, be, (uint64_t)h->st_blocks);
    return lu_copy_to(p, addr, g, sizeof(g));
}

/* n64 struct statfs: longs with f_frsize third and f_bavail after the file
 * counts, then f_fsid, f_namelen, f_flags and five spare longs. */
static int64_t put_statfs_n64(struct lu_process *p, lu_addr addr, const struct statfs *h)
{
    const uint64_t v[17] = {
        (uint64_t)h->f_type, (uint64_t)h->f_bsize, (uint64_t)h->f_frsize, h->f_blocks, h->f_bfree,
        h->f_files, h->f_ffree, h->f_bavail, (uint32_t)h->f_fsid.__val[0], (uint32_t)h->f_fsid.__val[1],
        (uint64_t)h->f_namelen, (uint64_t)h->f_flags,
    };
    return lu_struct_put(p, addr, "8l2w7l", v);
}

/* struct statfs64 (asm/statfs.h, o32): f_frsize third, f_bavail after
 * the file counts, 96 bytes (the kernel checks the size the call passes). */
static int64_t mips_put_statfs64(struct lu_process *p, lu_addr addr, uint32_t size, const struct statfs *h)
{
    bool be = p->target->big_endian;
    uint8_t g[96] = { 0 };
    if (size == 0 && wide(p))
        return put_statfs_n64(p, addr, h);
    if (size != sizeof(g))
        return -EINVAL;
    lu_mips_put32(g + 0, be, (uint32_t)h->f_type);
    lu_mips_put32(g + 4, be, (uint32_t)h->f_bsize);
    lu_mips_put32(g + 8, be, (uint32_t)h->f_frsize);
    lu_mips_put64(g + 16, be, h->f_blocks);
    lu_mips_put64(g + 24, be, h->f_bfree);
    lu_mips_put64(g + 32, be, h->f_files);
    lu_mips_put64(g + 40, be, h->f_ffree);
    lu_mips_put64(g + 48, be, h->f_bavail);
    lu_mips_put32(g + 56, be, (uint32_t)h->f_fsid.__val[0]);
    lu_mips_put32(g + 60, be, (uint32_t)h->f_fsid.__val[1]);
    lu_mips_put32(g + 64, be, (uint32_t)h->f_namelen);
    lu_mips_put32(g + 68, be, (uint32_t)h->f_flags);
    return lu_copy_to(p, addr, g, sizeof(g));
}

/* Sockets (asm/socket.h, asm/socket.h's ARCH_HAS_SOCKET_TYPES): SOL_SOCKET
 * is 0xffff, SOCK_DGRAM and SOCK_STREAM are swapped, and these options
 * of SOL_SOCKET have numbers of their own. */
static const struct lu_number_pair socket_types[] = { { 1, SOCK_DGRAM }, { 2, SOCK_STREAM } };
static const struct lu_number_pair socket_options[] = {
    { 0x0004, SO_REUSEADDR }, { 0x0008, SO_KEEPALIVE }, { 0x0010, SO_DONTROUTE },
    { 0x0020, SO_BROADCAST }, { 0x0080, SO_LINGER }, { 0x0100, SO_OOBINLINE }, { 0x0200, SO_REUSEPORT },
    { 0x1001, SO_SNDBUF }, { 0x1002, SO_RCVBUF }, { 0x1003, SO_SNDLOWAT }, { 0x1004, SO_RCVLOWAT },
    { 0x1005, SO_SNDTIMEO_OLD }, { 0x1006, SO_RCVTIMEO_OLD }, { 0x1007, SO_ERROR }, { 0x1008, SO_TYPE },
    { 0x1009, SO_ACCEPTCONN }, { 0x1028, SO_PROTOCOL }, { 0x1029, SO_DOMAIN }, { 17, SO_PASSCRED },
    { 18, SO_PEERCRED }, { 30, SO_PEERSEC }, { 31, SO_SNDBUFFORCE },
};
static const struct lu_socket_abi mips_sockets = {
    .sol_socket = 0xffff,
    .sock_nonblock = 0x80, .sock_cloexec = 0x80000,
    .types = socket_types, .ntypes = NELEM(socket_types),
    .options = socket_options, .noptions = NELEM(socket_options),
};

const struct lu_abi lu_mips_abi = {
    .args_to_generic = mips_args_to_generic,
    .ret_to_guest = mips_ret_to_guest,
    .sig_to_host = lu_mips_sig_to_host,
    .sig_to_guest = lu_mips_sig_to_guest,
    .sigset_size = 16,
    .get_sigaction = mips_get_sigaction,
    .put_sigaction = mips_put_sigaction,
    .stack_t_size_before_flags = true,
    .rlim_infinity = 0x7fffffff,   /* asm/resource.h, o32 */
    .siginfo_to_guest = mips_siginfo_to_guest,
    .put_stat64 = mips_put_stat64,
    .put_statfs64 = mips_put_statfs64,
    .get_termios = lu_mips_get_termios,
    .put_termios = lu_mips_put_termios,
    .flock_has_sysid = true,
    .socket = &mips_sockets,
};

/* n64: the same hooks; RLIM_INFINITY is the generic ~0UL. */
const struct lu_abi lu_mips_n64_abi = {
    .args_to_generic = mips_args_to_generic,
    .ret_to_guest = mips_ret_to_guest,
    .sig_to_host = lu_mips_sig_to_host,
    .sig_to_guest = lu_mips_sig_to_guest,
    .sigset_size = 16,
    .get_sigaction = mips_get_sigaction,
    .put_sigaction = mips_put_sigaction,
    .stack_t_size_before_flags = true,
    .siginfo_to_guest = mips_siginfo_to_guest,
    .put_stat64 = mips_put_stat64,
    .put_statfs64 = mips_put_statfs64,
    .get_termios = lu_mips_get_termios,
    .put_termios = lu_mips_put_termios,
    .socket = &mips_sockets,
};
