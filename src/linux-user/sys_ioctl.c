/* ioctl: the terminal and descriptor requests programs use (the terminal
 * attributes, the window size, process groups and sessions, the pty calls
 * behind posix_openpt and openpty, byte counts, non-blocking and
 * close-on-exec). Requests come in the generic numbering (ARM's and
 * x86's; a target with its own renumbers them in its args_to_generic),
 * and each request's argument is described once in a table, so the
 * guest's layouts and byte order are handled in one place. A request not
 * in the table is -ENOTTY, as the kernel answers a request no driver
 * knows, and is logged with -d unimp. */
#include <stddef.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "linux-user/abi.h"
#include "linux-user/sys.h"

/* The host's kernel struct termios is the generic one, as on every
 * architecture duet runs on (x86-64, ARM64). */
_Static_assert(sizeof(struct lu_termios) == 36 && offsetof(struct lu_termios, cc) == 17, "termios");

/* What a request's third argument is. */
enum ioctl_arg {
    ARG_VALUE,          /* an integer passed by value, or nothing */
    ARG_OPEN_FLAGS,     /* open(2) flags by value (TIOCGPTPEER) */
    ARG_INT_IN,         /* a pointer to an int the request reads */
    ARG_INT_OUT,        /* a pointer to an int the request writes */
    ARG_TERMIOS_IN,     /* struct termios, read */
    ARG_TERMIOS_OUT,    /* struct termios, written */
    ARG_WINSIZE_IN,     /* struct winsize (four shorts), read */
    ARG_WINSIZE_OUT,    /* struct winsize, written */
};

static const struct {
    uint32_t req;
    uint8_t arg;
} ioctl_table[] = {
    { TCGETS, ARG_TERMIOS_OUT }, { TCSETS, ARG_TERMIOS_IN }, { TCSETSW, ARG_TERMIOS_IN },
    { TCSETSF, ARG_TERMIOS_IN }, { TIOCGWINSZ, ARG_WINSIZE_OUT }, { TIOCSWINSZ, ARG_WINSIZE_IN },
    { TCSBRK, ARG_VALUE }, { TCSBRKP, ARG_VALUE }, { TCXONC, ARG_VALUE }, { TCFLSH, ARG_VALUE },
    { TIOCSCTTY, ARG_VALUE }, { TIOCNOTTY, ARG_VALUE }, { TIOCEXCL, ARG_VALUE },
    { TIOCNXCL, ARG_VALUE }, { TIOCVHANGUP, ARG_VALUE }, { FIOCLEX, ARG_VALUE },
    { FIONCLEX, ARG_VALUE }, { TIOCGPTPEER, ARG_OPEN_FLAGS },
    { TIOCGPGRP, ARG_INT_OUT }, { TIOCGSID, ARG_INT_OUT }, { TIOCGPTN, ARG_INT_OUT },
    { FIONREAD, ARG_INT_OUT }, { TIOCOUTQ, ARG_INT_OUT }, { TIOCGETD, ARG_INT_OUT },
    { TIOCGPTLCK, ARG_INT_OUT }, { TIOCGPKT, ARG_INT_OUT }, { TIOCGEXCL, ARG_INT_OUT },
    { TIOCSPGRP, ARG_INT_IN }, { TIOCSPTLCK, ARG_INT_IN }, { FIONBIO, ARG_INT_IN },
    { FIOASYNC, ARG_INT_IN }, { TIOCPKT, ARG_INT_IN }, { TIOCSETD, ARG_INT_IN },
};

static int find_request(uint32_t req)
{
    for (size_t i = 0; i < sizeof(ioctl_table) / sizeof(ioctl_table[0]); i++)
        if (ioctl_table[i].req == req)
            return (int)i;
    return -1;
}

bool lu_ioctl_known(uint32_t req)
{
    return find_request(req) >= 0;
}

/* The generic struct termios in the guest's byte order (ARM's, or a
 * big-endian guest with the generic layout). */
static int64_t get_termios(struct lu_process *p, lu_addr addr, struct lu_termios *t)
{
    const struct lu_abi *abi = p->target->abi;
    if (abi && abi->get_termios)
        return abi->get_termios(p, addr, t);
    if (lu_copy_from(p, t, addr, sizeof(*t)) != 0)
        return -EFAULT;
    lu_swap_layout(p, t, "4w");
    return 0;
}

static int64_t put_termios(struct lu_process *p, lu_addr addr, const struct lu_termios *t)
{
    const struct lu_abi *abi = p->target->abi;
    if (abi && abi->put_termios)
        return abi->put_termios(p, addr, t);
    struct lu_termios g = *t;
    lu_swap_layout(p, &g, "4w");
    return lu_copy_to(p, addr, &g, sizeof(g));
}

static int64_t termios_ioctl(struct lu_process *p, int fd, uint32_t req, lu_addr addr, bool in)
{
    struct lu_termios t;
    if (in) {
        int64_t r = get_termios(p, addr, &t);
        return r < 0 ? r : lu_ret(ioctl(fd, req, &t));
    }
    if (ioctl(fd, req, &t) < 0)
        return lu_err();
    return put_termios(p, addr, &t);
}

static int64_t winsize_ioctl(struct lu_process *p, int fd, uint32_t req, lu_addr addr, bool in)
{
    uint64_t g[4];
    struct winsize w;
    if (in) {
        if (lu_struct_get(p, addr, "4h", g) != 0)
            return -EFAULT;
        w = (struct winsize){ (unsigned short)g[0], (unsigned short)g[1], (unsigned short)g[2],
                              (unsigned short)g[3] };
        return lu_ret(ioctl(fd, req, &w));
    }
    if (ioctl(fd, req, &w) < 0)
        return lu_err();
    const uint64_t o[4] = { w.ws_row, w.ws_col, w.ws_xpixel, w.ws_ypixel };
    return lu_struct_put(p, addr, "4h", o);
}

static int64_t int_ioctl(struct lu_process *p, int fd, uint32_t req, lu_addr addr, bool in)
{
    int v = 0;
    uint64_t g;
    if (in) {
        if (lu_struct_get(p, addr, "w", &g) != 0)
            return -EFAULT;
        v = (int)(uint32_t)g;
        return lu_ret(ioctl(fd, req, &v));
    }
    /* Checked before the call, so that nothing it did goes unreported. */
    if (!lu_ptr(p, addr, 4, LU_PROT_W))
        return -EFAULT;
    if (ioctl(fd, req, &v) < 0)
        return lu_err();
    return lu_put_u32(p, addr, (uint32_t)v);
}

int64_t lu_sys_ioctl(struct lu_process *p, const uint64_t *a)
{
    int fd = lu_int(a, 0);
    uint32_t req = lu_u32(a, 1);
    lu_addr arg = lu_ad(a, 2);
    int i = find_request(req);
    if (i < 0) {
        if (p->log & LOG_UNIMP)
            lu_log_unimplemented(p, LU_UNIMP_IOCTL, req);
        return -ENOTTY;
    }
    switch (ioctl_table[i].arg) {
    case ARG_VALUE: return lu_ret(ioctl(fd, req, (unsigned long)lu_ulong(p, a[2])));
    case ARG_OPEN_FLAGS: return lu_ret(ioctl(fd, req, lu_open_flags_to_host(lu_u32(a, 2))));
    case ARG_INT_IN: return int_ioctl(p, fd, req, arg, true);
    case ARG_INT_OUT: return int_ioctl(p, fd, req, arg, false);
    case ARG_TERMIOS_IN: return termios_ioctl(p, fd, req, arg, true);
    case ARG_TERMIOS_OUT: return termios_ioctl(p, fd, req, arg, false);
    case ARG_WINSIZE_IN: return winsize_ioctl(p, fd, req, arg, true);
    default: return winsize_ioctl(p, fd, req, arg, false);
    }
}
