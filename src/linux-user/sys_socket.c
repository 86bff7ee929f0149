/* Sockets, on host sockets: the calls of every guest, and socketcall (MIPS
 * o32's single entry to them). What the guest passes is converted here:
 * socket addresses (sa_family and the host-order fields of some families
 * in the guest's byte order, the rest as it is: network order, paths),
 * struct msghdr with its control messages (descriptors, credentials,
 * timestamps), and option values (ints, struct linger, struct timeval,
 * struct ucred). A guest that numbers socket types, SOL_SOCKET and its
 * options otherwise (MIPS) gives its numbers in lu_abi.socket; the type
 * flags are the guest's O_NONBLOCK and O_CLOEXEC. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "linux-user/abi.h"
#include "linux-user/sys.h"

/* No level or option has these numbers: the host refuses them. */
#define NO_LEVEL 0x7fffffffu
#define NO_OPTION 0x7fffu
#define NO_TYPE 15u

static const struct lu_socket_abi *socket_abi(const struct lu_process *p)
{
    return p->target->abi ? p->target->abi->socket : NULL;
}

/* A guest number as the generic one by the pairs of t; one that is not
 * in t passes as it is unless it would pass for a generic number of t. */
static uint32_t number_to_generic(const struct lu_number_pair *t, unsigned n, uint32_t v, uint32_t none)
{
    for (unsigned i = 0; i < n; i++)
        if (t[i].guest == v)
            return t[i].generic;
    for (unsigned i = 0; i < n; i++)
        if (t[i].generic == v)
            return none;
    return v;
}

static uint32_t number_to_guest(const struct lu_number_pair *t, unsigned n, uint32_t v)
{
    for (unsigned i = 0; i < n; i++)
        if (t[i].generic == v)
            return t[i].guest;
    return v;
}

/* SOCK_NONBLOCK and SOCK_CLOEXEC of socket, socketpair and accept4 as the
 * host's; -EINVAL for any other flag, as the kernel. */
static int64_t type_flags_to_host(const struct lu_process *p, uint32_t g)
{
    const struct lu_socket_abi *s = socket_abi(p);
    uint32_t nonblock = s ? s->sock_nonblock : SOCK_NONBLOCK, cloexec = s ? s->sock_cloexec : SOCK_CLOEXEC;
    if (g & ~(nonblock | cloexec))
        return -EINVAL;
    return ((g & nonblock) ? SOCK_NONBLOCK : 0) | ((g & cloexec) ? SOCK_CLOEXEC : 0);
}

static int64_t type_to_host(const struct lu_process *p, uint32_t g)
{
    const struct lu_socket_abi *s = socket_abi(p);
    int64_t flags = type_flags_to_host(p, g & ~0xfu);
    if (flags < 0)
        return flags;
    uint32_t base = s ? number_to_generic(s->types, s->ntypes, g & 0xf, NO_TYPE) : g & 0xf;
    return base | flags;
}

static uint32_t type_to_guest(const struct lu_process *p, uint32_t h)
{
    const struct lu_socket_abi *s = socket_abi(p);
    return s ? number_to_guest(s->types, s->ntypes, h) : h;
}

static int level_to_host(const struct lu_process *p, uint32_t g)
{
    const struct lu_socket_abi *s = socket_abi(p);
    if (!s)
        return (int)g;
    return g == s->sol_socket ? SOL_SOCKET : g == SOL_SOCKET ? (int)NO_LEVEL : (int)g;
}

static uint32_t level_to_guest(const struct lu_process *p, int h)
{
    const struct lu_socket_abi *s = socket_abi(p);
    return s && h == SOL_SOCKET ? s->sol_socket : (uint32_t)h;
}

static int option_to_host(const struct lu_process *p, int level, uint32_t g)
{
    const struct lu_socket_abi *s = socket_abi(p);
    if (!s || level != SOL_SOCKET)
        return (int)g;
    return (int)number_to_generic(s->options, s->noptions, g, NO_OPTION);
}

/* ---- socket addresses ---- */

/* The fields of a socket address that are in host byte order (the rest is
 * network order or bytes), swapped between host and guest order: the
 * family, and by family the netlink port and groups, the IPv6 scope and
 * the packet interface index and hardware type. family is the host's. */
static void sockaddr_swap(const struct lu_process *p, uint8_t *b, uint32_t len, int family)
{
    if (!p->target->big_endian || len < 2)
        return;
    lu_swap_layout(p, b, "h");
    if (family == AF_NETLINK && len >= 12)
        lu_swap_layout(p, b + 4, "2w");
    else if (family == AF_INET6 && len >= 28)
        lu_swap_layout(p, b + 24, "w");
    else if (family == AF_PACKET && len >= 10)
        lu_swap_layout(p, b + 4, "wh");
}

/* len bytes of guest socket address into h; 0, -EINVAL or -EFAULT. */
static int64_t get_sockaddr(struct lu_process *p, lu_addr addr, uint32_t len, struct sockaddr_storage *h)
{
    if ((int32_t)len < 0 || len > sizeof(*h))
        return -EINVAL;
    memset(h, 0, sizeof(*h));
    if (len && lu_copy_from(p, h, addr, len) != 0)
        return -EFAULT;
    uint16_t family = h->ss_family;
    if (p->target->big_endian)
        family = __builtin_bswap16(family);
    sockaddr_swap(p, (uint8_t *)h, len, family);
    return 0;
}

/* A host socket address of hlen bytes to the guest's buffer at addr,
 * whose length the int at lenp gives: as much as fits, and the whole
 * length at lenp, as the kernel's move_addr_to_user. */
static int64_t put_sockaddr(struct lu_process *p, lu_addr addr, lu_addr lenp, const struct sockaddr_storage *h,
                            uint32_t hlen)
{
    uint64_t glen;
    if (lu_struct_get(p, lenp, "w", &glen) != 0)
        return -EFAULT;
    if ((int32_t)glen < 0)
        return -EINVAL;
    struct sockaddr_storage g = *h;
    if (hlen > sizeof(g))
        hlen = sizeof(g);
    sockaddr_swap(p, (uint8_t *)&g, hlen, h->ss_family);
    if (glen > hlen)
        glen = hlen;
    if (glen && lu_copy_to(p, addr, &g, glen) != 0)
        return -EFAULT;
    return lu_put_u32(p, lenp, hlen);
}

/* Before a call that fills in an address: the length readable, so that a
 * connection accepted or a message received is never lost to a bad
 * pointer afterwards. */
static int64_t check_name_buffer(struct lu_process *p, lu_addr addr, lu_addr lenp)
{
    uint64_t glen;
    if (!addr)
        return 0;
    if (lu_struct_get(p, lenp, "w", &glen) != 0 || !lu_ptr(p, lenp, 4, LU_PROT_W))
        return -EFAULT;
    if ((int32_t)glen < 0)
        return -EINVAL;
    return lu_ptr(p, addr, glen, LU_PROT_W) || glen == 0 ? 0 : -EFAULT;
}

/* ---- the calls on addresses ---- */

int64_t lu_sys_socket(struct lu_process *p, const uint64_t *a)
{
    int64_t type = type_to_host(p, lu_u32(a, 1));
    return type < 0 ? type : lu_ret(socket(lu_int(a, 0), (int)type, lu_int(a, 2)));
}

int64_t lu_sys_socketpair(struct lu_process *p, const uint64_t *a)
{
    int64_t type = type_to_host(p, lu_u32(a, 1));
    int sv[2];
    if (type < 0)
        return type;
    /* Checked first: a pair made and then not reported would leak. */
    if (!lu_ptr(p, lu_ad(a, 3), 8, LU_PROT_W))
        return -EFAULT;
    if (socketpair(lu_int(a, 0), (int)type, lu_int(a, 2), sv) < 0)
        return lu_err();
    const uint64_t g[2] = { (uint32_t)sv[0], (uint32_t)sv[1] };
    return lu_struct_put(p, lu_ad(a, 3), "2w", g);
}

static int64_t bind_or_connect(struct lu_process *p, const uint64_t *a, bool connecting)
{
    struct sockaddr_storage h;
    uint32_t len = lu_u32(a, 2);
    int64_t r = get_sockaddr(p, lu_ad(a, 1), len, &h);
    if (r < 0)
        return r;
    const struct sockaddr *sa = (const struct sockaddr *)&h;
    return lu_ret(connecting ? connect(lu_int(a, 0), sa, len) : bind(lu_int(a, 0), sa, len));
}

int64_t lu_sys_bind(struct lu_process *p, const uint64_t *a)
{
    return bind_or_connect(p, a, false);
}

int64_t lu_sys_connect(struct lu_process *p, const uint64_t *a)
{
    return bind_or_connect(p, a, true);
}

int64_t lu_sys_listen(struct lu_process *p, const uint64_t *a)
{
    (void)p;
    return lu_ret(listen(lu_int(a, 0), lu_int(a, 1)));
}

int64_t lu_sys_shutdown(struct lu_process *p, const uint64_t *a)
{
    (void)p;
    return lu_ret(shutdown(lu_int(a, 0), lu_int(a, 1)));
}

/* accept4(fd, addr, addrlen, flags); accept is accept4 without flags. */
int64_t lu_sys_accept4(struct lu_process *p, const uint64_t *a)
{
    lu_addr addr = lu_ad(a, 1), lenp = lu_ad(a, 2);
    int64_t flags = type_flags_to_host(p, lu_u32(a, 3));
    if (flags < 0)
        return flags;
    int64_t r = check_name_buffer(p, addr, lenp);
    if (r < 0)
        return r;
    struct sockaddr_storage h;
    socklen_t hlen = sizeof(h);
    int fd = accept4(lu_int(a, 0), addr ? (struct sockaddr *)&h : NULL, addr ? &hlen : NULL, (int)flags);
    if (fd < 0)
        return lu_err();
    if (addr && (r = put_sockaddr(p, addr, lenp, &h, hlen)) < 0) {
        close(fd);
        return r;
    }
    return fd;
}

int64_t lu_sys_accept(struct lu_process *p, const uint64_t *a)
{
    const uint64_t b[4] = { a[0], a[1], a[2], 0 };
    return lu_sys_accept4(p, b);
}

static int64_t get_name(struct lu_process *p, const uint64_t *a, bool peer)
{
    struct sockaddr_storage h;
    socklen_t hlen = sizeof(h);
    int64_t r = check_name_buffer(p, lu_ad(a, 1), lu_ad(a, 2));
    if (r < 0)
        return r;
    r = peer ? getpeername(lu_int(a, 0), (struct sockaddr *)&h, &hlen)
             : getsockname(lu_int(a, 0), (struct sockaddr *)&h, &hlen);
    return r < 0 ? lu_err() : put_sockaddr(p, lu_ad(a, 1), lu_ad(a, 2), &h, hlen);
}

int64_t lu_sys_getsockname(struct lu_process *p, const uint64_t *a)
{
    return get_name(p, a, false);
}

int64_t lu_sys_getpeername(struct lu_process *p, const uint64_t *a)
{
    return get_name(p, a, true);
}

/* sendto(fd, buf, len, flags, addr, addrlen); send is sendto without an
 * address. The MSG_* flags are numbered alike everywhere. */
int64_t lu_sys_sendto(struct lu_process *p, const uint64_t *a)
{
    uint64_t len = lu_ulong(p, a[2]);
    const void *buf = lu_ptr(p, lu_ad(a, 1), len, LU_PROT_R);
    struct sockaddr_storage h;
    uint32_t alen = lu_ad(a, 4) ? lu_u32(a, 5) : 0;
    if (!buf)
        return -EFAULT;
    int64_t r = get_sockaddr(p, lu_ad(a, 4), alen, &h);
    if (r < 0)
        return r;
    return lu_ret(sendto(lu_int(a, 0), buf, len, lu_int(a, 3), alen ? (struct sockaddr *)&h : NULL, alen));
}

int64_t lu_sys_send(struct lu_process *p, const uint64_t *a)
{
    const uint64_t b[6] = { a[0], a[1], a[2], a[3], 0, 0 };
    return lu_sys_sendto(p, b);
}

/* recvfrom(fd, buf, len, flags, addr, addrlen); recv is recvfrom without
 * an address. */
int64_t lu_sys_recvfrom(struct lu_process *p, const uint64_t *a)
{
    uint64_t len = lu_ulong(p, a[2]);
    void *buf = lu_ptr(p, lu_ad(a, 1), len, LU_PROT_W);
    lu_addr addr = lu_ad(a, 4), lenp = lu_ad(a, 5);
    if (!buf)
        return -EFAULT;
    int64_t r = check_name_buffer(p, addr, lenp);
    if (r < 0)
        return r;
    struct sockaddr_storage h;
    socklen_t hlen = sizeof(h);
    ssize_t n = recvfrom(lu_int(a, 0), buf, len, lu_int(a, 3), addr ? (struct sockaddr *)&h : NULL,
                         addr ? &hlen : NULL);
    if (n < 0)
        return lu_err();
    /* (A connected stream socket gives an address of no bytes.) */
    if (addr && (r = put_sockaddr(p, addr, lenp, &h, hlen)) < 0)
        return r;
    return n;
}

int64_t lu_sys_recv(struct lu_process *p, const uint64_t *a)
{
    const uint64_t b[6] = { a[0], a[1], a[2], a[3], 0, 0 };
    return lu_sys_recvfrom(p, b);
}

/* ---- socket options ---- */

/* How an option's value is laid out, where it is not an int or bytes. */
enum opt_kind { OPT_PLAIN, OPT_TYPE, OPT_LINGER, OPT_TIMEVAL, OPT_UCRED };

static enum opt_kind option_kind(int level, int name)
{
    if (level != SOL_SOCKET)
        return OPT_PLAIN;
    switch (name) {
    case SO_TYPE: return OPT_TYPE;
    case SO_LINGER: return OPT_LINGER;
    case SO_RCVTIMEO_OLD: case SO_SNDTIMEO_OLD: return OPT_TIMEVAL;
    case SO_PEERCRED: return OPT_UCRED;
    default: return OPT_PLAIN;
    }
}

/* The largest option value passed through. */
#define OPTVAL_MAX 1024

/* A guest option value of glen bytes into host form in h (*hlen bytes):
 * an int of four bytes and the ints of the structures in host order, a
 * timeval of the guest's longs as the host's, other bytes as they are. */
static int64_t optval_to_host(struct lu_process *p, enum opt_kind kind, lu_addr addr, uint32_t glen,
                              uint8_t *h, socklen_t *hlen)
{
    if (glen > OPTVAL_MAX)
        return -EINVAL;
    if (kind == OPT_TIMEVAL) {
        uint64_t tv[2];
        if (glen < lu_struct_size(p, "2l"))
            return -EINVAL;
        if (lu_struct_get(p, addr, "2l", tv) != 0)
            return -EFAULT;
        struct timeval t = { lu_slong(p, tv[0]), lu_slong(p, tv[1]) };
        memcpy(h, &t, sizeof(t));
        *hlen = sizeof(t);
        return 0;
    }
    if (glen && lu_copy_from(p, h, addr, glen) != 0)
        return -EFAULT;
    *hlen = glen;
    if (kind == OPT_LINGER && glen >= 8)
        lu_swap_words(p, h, 2);
    else if (glen == 4)
        lu_swap_words(p, h, 1);
    return 0;
}

int64_t lu_sys_setsockopt(struct lu_process *p, const uint64_t *a)
{
    int level = level_to_host(p, lu_u32(a, 1));
    int name = option_to_host(p, level, lu_u32(a, 2));
    uint8_t h[OPTVAL_MAX];
    socklen_t hlen;
    int64_t r = optval_to_host(p, option_kind(level, name), lu_ad(a, 3), lu_u32(a, 4), h, &hlen);
    return r < 0 ? r : lu_ret(setsockopt(lu_int(a, 0), level, name, h, hlen));
}

/* A host option value of *hlen bytes in guest form, in place; returns
 * its length for the guest. */
static uint32_t optval_to_guest(struct lu_process *p, enum opt_kind kind, uint8_t *h, socklen_t hlen)
{
    if (kind == OPT_TIMEVAL && hlen >= sizeof(struct timeval)) {
        struct timeval t;
        memcpy(&t, h, sizeof(t));
        const uint64_t tv[2] = { (uint64_t)t.tv_sec, (uint64_t)t.tv_usec };
        return lu_struct_pack(p, h, "2l", tv);
    }
    if (kind == OPT_TYPE && hlen == 4) {
        uint32_t v;
        memcpy(&v, h, 4);
        v = type_to_guest(p, v);
        memcpy(h, &v, 4);
    }
    if (kind == OPT_UCRED && hlen >= 12)
        lu_swap_words(p, h, 3);
    else if (kind == OPT_LINGER && hlen >= 8)
        lu_swap_words(p, h, 2);
    else if (hlen == 4)
        lu_swap_words(p, h, 1);
    return hlen;
}

/* getsockopt(fd, level, name, val, len): as much of the value as the
 * guest's length allows, and the length written. */
int64_t lu_sys_getsockopt(struct lu_process *p, const uint64_t *a)
{
    int level = level_to_host(p, lu_u32(a, 1));
    int name = option_to_host(p, level, lu_u32(a, 2));
    lu_addr val = lu_ad(a, 3), lenp = lu_ad(a, 4);
    uint64_t glen;
    if (lu_struct_get(p, lenp, "w", &glen) != 0)
        return -EFAULT;
    if ((int32_t)glen < 0)
        return -EINVAL;
    /* Room for the host's form of the structures converted. */
    uint8_t h[OPTVAL_MAX];
    socklen_t hlen = glen < 16 ? 16 : glen > OPTVAL_MAX ? OPTVAL_MAX : (socklen_t)glen;
    if (getsockopt(lu_int(a, 0), level, name, h, &hlen) < 0)
        return lu_err();
    uint32_t len = optval_to_guest(p, option_kind(level, name), h, hlen);
    if (len > glen)
        len = (uint32_t)glen;
    if (len && lu_copy_to(p, val, h, len) != 0)
        return -EFAULT;
    return lu_put_u32(p, lenp, len);
}

/* ---- messages ---- */

/* struct msghdr: name, namelen, iov, iovlen, control, controllen, flags. */
#define MSGHDR_LAYOUT "lwllllw"
enum { M_NAME, M_NAMELEN, M_IOV, M_IOVLEN, M_CONTROL, M_CONTROLLEN, M_FLAGS, M_FIELDS };
/* struct cmsghdr: len (a long), level, type; the data aligned to a long. */
#define CMSG_LAYOUT "lww"
/* The most control data passed, as the kernel's optmem limit would. */
#define CONTROL_MAX 65536

static uint64_t long_align(const struct lu_process *p, uint64_t n)
{
    uint64_t w = p->target->word_size;
    return (n + w - 1) & ~(w - 1);
}

/* The payload of one control message converted between host and guest
 * form in out (at most room bytes): descriptors and credentials are ints,
 * timestamps a timeval or timespec of longs, anything else bytes, with a
 * four-byte payload taken as an int. Returns the converted length, or -1
 * when it does not fit. */
static int64_t cmsg_payload(const struct lu_process *p, int level, int type, const uint8_t *in, uint64_t n,
                            uint8_t *out, uint64_t room, bool to_host)
{
    bool time_pair = level == SOL_SOCKET && (type == SO_TIMESTAMP_OLD || type == SO_TIMESTAMPNS_OLD);
    if (time_pair) {
        uint64_t v[2] = { 0, 0 };
        int64_t h[2];
        if (to_host) {
            if (n < lu_struct_size(p, "2l") || room < sizeof(h))
                return -1;
            lu_struct_unpack(p, in, "2l", v);
            h[0] = lu_slong(p, v[0]);
            h[1] = lu_slong(p, v[1]);
            memcpy(out, h, sizeof(h));
            return sizeof(h);
        }
        if (n < sizeof(h) || room < lu_struct_size(p, "2l"))
            return -1;
        memcpy(h, in, sizeof(h));
        v[0] = (uint64_t)h[0];
        v[1] = (uint64_t)h[1];
        return lu_struct_pack(p, out, "2l", v);
    }
    if (n > room)
        return -1;
    memcpy(out, in, n);
    bool ints = level == SOL_SOCKET && (type == SCM_RIGHTS || type == SCM_CREDENTIALS);
    if (ints || n == 4)
        lu_swap_words(p, out, n / 4);
    return (int64_t)n;
}

/* The guest's control data (glen bytes at addr) as host control messages
 * in h (room bytes); their length, or -EINVAL for a malformed one. */
static int64_t control_to_host(struct lu_process *p, lu_addr addr, uint64_t glen, uint8_t *h, uint64_t room)
{
    const uint8_t *g = lu_ptr(p, addr, glen, LU_PROT_R);
    uint32_t hdr = lu_struct_size(p, CMSG_LAYOUT);
    uint64_t hoff = 0;
    if (!g)
        return -EFAULT;
    for (uint64_t off = 0; off + hdr <= glen;) {
        uint64_t v[3];
        lu_struct_unpack(p, g + off, CMSG_LAYOUT, v);
        uint64_t clen = lu_ulong(p, v[0]);
        if (clen < hdr || clen > glen - off)
            return -EINVAL;
        struct cmsghdr *c = (struct cmsghdr *)(h + hoff);
        int level = level_to_host(p, (uint32_t)v[1]), type = (int)(uint32_t)v[2];
        if (hoff + CMSG_LEN(0) > room)
            return -EINVAL;
        int64_t n = cmsg_payload(p, level, type, g + off + hdr, clen - hdr, CMSG_DATA(c),
                                 room - hoff - CMSG_LEN(0), true);
        if (n < 0)
            return -EINVAL;
        *c = (struct cmsghdr){ .cmsg_len = CMSG_LEN((size_t)n), .cmsg_level = level, .cmsg_type = type };
        hoff += CMSG_SPACE((size_t)n);
        off += long_align(p, clen);
    }
    return (int64_t)hoff;
}

static bool carries_fds(const struct cmsghdr *c)
{
    return c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS;
}

/* Descriptors the guest had no room for are closed, as the kernel never
 * installs them. */
static void close_fds(const struct cmsghdr *c, size_t from)
{
    if (!carries_fds(c))
        return;
    size_t n = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
    for (size_t i = from; i < n; i++) {
        int fd;
        memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof(fd));
        close(fd);
    }
}

/* Host control messages into the guest's buffer g of room bytes: the
 * length used. What does not fit is left out (descriptors as many as fit)
 * with MSG_CTRUNC in *flags, as the kernel does. */
static uint64_t control_to_guest(struct lu_process *p, struct msghdr *m, uint8_t *g, uint64_t room,
                                 uint32_t *flags)
{
    uint32_t hdr = lu_struct_size(p, CMSG_LAYOUT);
    uint64_t off = 0;
    bool truncated = false;
    for (struct cmsghdr *c = CMSG_FIRSTHDR(m); c; c = CMSG_NXTHDR(m, c)) {
        uint64_t n = c->cmsg_len - CMSG_LEN(0), space = 0;
        size_t nfds = carries_fds(c) ? n / sizeof(int) : 0;
        if (!truncated && off + hdr <= room)
            space = room - off - hdr;
        int64_t gn = space ? cmsg_payload(p, c->cmsg_level, c->cmsg_type, CMSG_DATA(c), n, g + off + hdr, space, false) : -1;
        if (gn < 0 && nfds && space >= sizeof(int)) {
            uint64_t fit = space / sizeof(int) * sizeof(int);
            gn = cmsg_payload(p, c->cmsg_level, c->cmsg_type, CMSG_DATA(c), fit, g + off + hdr, fit, false);
        }
        size_t delivered = gn < 0 ? 0 : nfds ? (size_t)gn / sizeof(int) : 0;
        close_fds(c, delivered);
        truncated |= gn < 0 || delivered < nfds;
        if (gn < 0)
            continue;
        const uint64_t v[3] = { hdr + (uint64_t)gn, level_to_guest(p, c->cmsg_level), (uint32_t)c->cmsg_type };
        lu_struct_pack(p, g + off, CMSG_LAYOUT, v);
        off += long_align(p, hdr + (uint64_t)gn);
        if (off > room)
            off = room;
    }
    if (truncated)
        *flags |= MSG_CTRUNC;
    return off;
}

/* The guest msghdr at addr, its iovec (checked for prot) and name. */
static int64_t get_msghdr(struct lu_process *p, lu_addr addr, uint64_t *v, int prot, struct iovec *iov)
{
    if (lu_struct_get(p, addr, MSGHDR_LAYOUT, v) != 0)
        return -EFAULT;
    if (lu_ulong(p, v[M_IOVLEN]) > LU_IOV_MAX)
        return -EMSGSIZE;
    if (lu_ulong(p, v[M_CONTROLLEN]) > CONTROL_MAX)
        return -ENOBUFS;
    return lu_iovec(p, v[M_IOV], (uint32_t)v[M_IOVLEN], prot, iov);
}

int64_t lu_sys_sendmsg(struct lu_process *p, const uint64_t *a)
{
    uint64_t v[M_FIELDS];
    struct iovec iov[LU_IOV_MAX];
    struct sockaddr_storage name;
    int64_t r = get_msghdr(p, lu_ad(a, 1), v, LU_PROT_R, iov);
    uint32_t namelen = v[M_NAME] ? (uint32_t)v[M_NAMELEN] : 0;
    if (r < 0 || (r = get_sockaddr(p, v[M_NAME], namelen, &name)) < 0)
        return r;
    uint64_t glen = lu_ulong(p, v[M_CONTROLLEN]), room = 2 * glen + 64;
    uint8_t *control = glen ? malloc(room) : NULL;
    int64_t clen = glen ? (control ? control_to_host(p, v[M_CONTROL], glen, control, room) : -ENOMEM) : 0;
    if (clen >= 0) {
        struct msghdr m = { namelen ? &name : NULL, namelen, iov, (size_t)v[M_IOVLEN], control, (size_t)clen, 0 };
        clen = lu_ret(sendmsg(lu_int(a, 0), &m, lu_int(a, 2)));
    }
    free(control);
    return clen;
}

/* The guest buffers recvmsg fills: the msghdr itself, the name and the
 * control data, checked before the call so that nothing received is lost. */
static int64_t check_recvmsg_buffers(struct lu_process *p, lu_addr addr, const uint64_t *v)
{
    int32_t namelen = (int32_t)v[M_NAMELEN];
    uint64_t glen = lu_ulong(p, v[M_CONTROLLEN]);
    if (v[M_NAME] && namelen < 0)
        return -EINVAL;
    if (!lu_ptr(p, addr, lu_struct_size(p, MSGHDR_LAYOUT), LU_PROT_W) ||
        (v[M_NAME] && namelen > 0 && !lu_ptr(p, v[M_NAME], (uint32_t)namelen, LU_PROT_W)) ||
        (glen && !lu_ptr(p, v[M_CONTROL], glen, LU_PROT_W)))
        return -EFAULT;
    return 0;
}

/* The sender's address into the guest's name buffer: as much as fits,
 * and its whole length in msg_namelen. */
static void put_msg_name(struct lu_process *p, uint64_t *v, const struct sockaddr_storage *name, uint32_t len)
{
    struct sockaddr_storage g = *name;
    uint32_t copy = len < (uint32_t)v[M_NAMELEN] ? len : (uint32_t)v[M_NAMELEN];
    sockaddr_swap(p, (uint8_t *)&g, len, name->ss_family);
    if (copy)
        lu_copy_to(p, v[M_NAME], &g, copy);
    v[M_NAMELEN] = len;
}

int64_t lu_sys_recvmsg(struct lu_process *p, const uint64_t *a)
{
    uint64_t v[M_FIELDS];
    struct iovec iov[LU_IOV_MAX];
    struct sockaddr_storage name;
    lu_addr addr = lu_ad(a, 1);
    int64_t r = get_msghdr(p, addr, v, LU_PROT_W, iov);
    if (r < 0 || (r = check_recvmsg_buffers(p, addr, v)) < 0)
        return r;
    /* Room for the host's larger headers and alignment. */
    uint64_t glen = lu_ulong(p, v[M_CONTROLLEN]), room = glen ? 2 * glen + 64 : 0;
    uint8_t *control = room ? calloc(1, room) : NULL;
    if (room && !control)
        return -ENOMEM;
    struct msghdr m = { v[M_NAME] ? &name : NULL, v[M_NAME] ? sizeof(name) : 0, iov, (size_t)v[M_IOVLEN],
                        control, (size_t)room, 0 };
    ssize_t n = recvmsg(lu_int(a, 0), &m, lu_int(a, 2));
    if (n < 0) {
        r = lu_err();
        free(control);
        return r;
    }
    uint32_t flags = (uint32_t)m.msg_flags;
    v[M_CONTROLLEN] = glen ? control_to_guest(p, &m, lu_ptr(p, v[M_CONTROL], glen, LU_PROT_W), glen, &flags) : 0;
    free(control);
    if (v[M_NAME])
        put_msg_name(p, v, &name, m.msg_namelen);
    v[M_FLAGS] = flags;
    lu_struct_put(p, addr, MSGHDR_LAYOUT, v);
    return n;
}

/* ---- socketcall ---- */

/* socketcall(call, args): the call's arguments are longs at args. */
int64_t lu_sys_socketcall(struct lu_process *p, const uint64_t *a)
{
    static const struct {
        lu_sys_fn fn;
        uint8_t nargs;
    } calls[] = {
        [1] = { lu_sys_socket, 3 }, [2] = { lu_sys_bind, 3 }, [3] = { lu_sys_connect, 3 },
        [4] = { lu_sys_listen, 2 }, [5] = { lu_sys_accept, 3 }, [6] = { lu_sys_getsockname, 3 },
        [7] = { lu_sys_getpeername, 3 }, [8] = { lu_sys_socketpair, 4 }, [9] = { lu_sys_send, 4 },
        [10] = { lu_sys_recv, 4 }, [11] = { lu_sys_sendto, 6 }, [12] = { lu_sys_recvfrom, 6 },
        [13] = { lu_sys_shutdown, 2 }, [14] = { lu_sys_setsockopt, 5 }, [15] = { lu_sys_getsockopt, 5 },
        [16] = { lu_sys_sendmsg, 3 }, [17] = { lu_sys_recvmsg, 3 }, [18] = { lu_sys_accept4, 4 },
    };
    uint32_t call = lu_u32(a, 0);
    /* recvmmsg (19) and sendmmsg (20) are not there yet. */
    if (call == 19 || call == 20)
        return -ENOSYS;
    if (call < 1 || call >= sizeof(calls) / sizeof(calls[0]))
        return -EINVAL;
    const char layout[] = { (char)('0' + calls[call].nargs), 'l', '\0' };
    uint64_t args[6] = { 0 };
    if (lu_struct_get(p, lu_ad(a, 1), layout, args) != 0)
        return -EFAULT;
    return calls[call].fn(p, args);
}
