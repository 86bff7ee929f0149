/* Sockets: socketpair of each type with SOCK_CLOEXEC and SOCK_NONBLOCK,
 * socket options at SOL_SOCKET (whose numbers MIPS has its own of) and
 * their structures, sendmsg and recvmsg carrying descriptors and
 * credentials, TCP and UDP on the loopback, a named AF_UNIX socket, the
 * IPv6 and netlink addresses, the errors programs check for, and MIPS
 * o32's socketcall. Prints only what
 * is the same on every run (no port numbers, no pids). */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <linux/netlink.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

static void check(const char *what, long r)
{
    if (r < 0)
        printf("%s: error %s\n", what, strerror(errno));
    else
        printf("%s: %ld\n", what, r);
}

static int int_option(int fd, int level, int name)
{
    int v = -1;
    socklen_t len = sizeof(v);
    if (getsockopt(fd, level, name, &v, &len) < 0)
        return -errno;
    return len == sizeof(v) ? v : -1000;
}

static void pair(int type, const char *name)
{
    int sv[2];
    printf("== socketpair %s\n", name);
    check("socketpair", socketpair(AF_UNIX, type | SOCK_CLOEXEC | SOCK_NONBLOCK, 0, sv));
    printf("cloexec %d nonblock %d\n", !!(fcntl(sv[0], F_GETFD) & FD_CLOEXEC),
           !!(fcntl(sv[1], F_GETFL) & O_NONBLOCK));
    int t = int_option(sv[0], SOL_SOCKET, SO_TYPE);
    printf("SO_TYPE %s SO_DOMAIN unix %d SO_PROTOCOL %d\n",
           t == SOCK_STREAM ? "stream" : t == SOCK_DGRAM ? "dgram" : t == SOCK_SEQPACKET ? "seqpacket" : "other",
           int_option(sv[0], SOL_SOCKET, SO_DOMAIN) == AF_UNIX, int_option(sv[0], SOL_SOCKET, SO_PROTOCOL));
    char buf[32] = { 0 };
    check("recv empty", recv(sv[0], buf, sizeof(buf), 0));
    check("send", send(sv[1], "hello", 5, 0));
    check("recv MSG_PEEK", recv(sv[0], buf, 2, MSG_PEEK));
    check("recv", recv(sv[0], buf, sizeof(buf) - 1, MSG_DONTWAIT));
    printf("got '%s'\n", buf);
    check("write", write(sv[0], "back", 4));
    memset(buf, 0, sizeof(buf));
    check("read", read(sv[1], buf, sizeof(buf) - 1));
    printf("got '%s'\n", buf);
    struct ucred cred;
    socklen_t len = sizeof(cred);
    check("SO_PEERCRED", getsockopt(sv[0], SOL_SOCKET, SO_PEERCRED, &cred, &len));
    printf("peer pid mine %d uid mine %d len %u\n", cred.pid == getpid(), cred.uid == getuid(), (unsigned)len);
    close(sv[0]);
    close(sv[1]);
}

static void options(void)
{
    printf("== options\n");
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1, size = 8192;
    check("SO_REUSEADDR", setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)));
    check("SO_KEEPALIVE", setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof(one)));
    check("SO_RCVBUF", setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size)));
    check("TCP_NODELAY", setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)));
    printf("reuseaddr %d keepalive %d broadcast %d rcvbuf %d error %d nodelay %d acceptconn %d\n",
           int_option(fd, SOL_SOCKET, SO_REUSEADDR), int_option(fd, SOL_SOCKET, SO_KEEPALIVE),
           int_option(fd, SOL_SOCKET, SO_BROADCAST), int_option(fd, SOL_SOCKET, SO_RCVBUF),
           int_option(fd, SOL_SOCKET, SO_ERROR), int_option(fd, IPPROTO_TCP, TCP_NODELAY),
           int_option(fd, SOL_SOCKET, SO_ACCEPTCONN));
    struct linger lg = { 1, 5 };
    check("SO_LINGER", setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg)));
    memset(&lg, 0, sizeof(lg));
    socklen_t len = sizeof(lg);
    check("SO_LINGER get", getsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, &len));
    printf("linger %d %d len %u\n", lg.l_onoff, lg.l_linger, (unsigned)len);
    struct timeval tv = { 2, 500000 };
    check("SO_RCVTIMEO", setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)));
    memset(&tv, 0, sizeof(tv));
    len = sizeof(tv);
    check("SO_RCVTIMEO get", getsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, &len));
    printf("rcvtimeo %ld.%06ld len %u\n", (long)tv.tv_sec, (long)tv.tv_usec, (unsigned)len);
    check("bad level", setsockopt(fd, 12345, SO_REUSEADDR, &one, sizeof(one)));
    check("bad name", setsockopt(fd, SOL_SOCKET, 12345, &one, sizeof(one)));
    check("short value", setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, 2));
    check("bad pointer", setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, (void *)16, 4));
    close(fd);
}

/* A descriptor and the sender's credentials through a stream pair. */
static void messages(void)
{
    printf("== sendmsg/recvmsg\n");
    int sv[2], pipefd[2], one = 1;
    check("socketpair", socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
    check("SO_PASSCRED", setsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &one, sizeof(one)));
    check("pipe", pipe(pipefd));
    check("write pipe", write(pipefd[1], "through", 7));
    char a[] = "two ", b[] = "parts";
    struct iovec iov[2] = { { a, 4 }, { b, 5 } };
    union {
        char buf[CMSG_SPACE(sizeof(int))];
        struct cmsghdr align;
    } out;
    memset(&out, 0, sizeof(out));
    struct msghdr m = { .msg_iov = iov, .msg_iovlen = 2, .msg_control = out.buf, .msg_controllen = sizeof(out.buf) };
    struct cmsghdr *c = CMSG_FIRSTHDR(&m);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(c), &pipefd[0], sizeof(int));
    check("sendmsg", sendmsg(sv[0], &m, 0));
    close(pipefd[0]);

    char got[32] = { 0 };
    union {
        char buf[CMSG_SPACE(sizeof(int)) + CMSG_SPACE(sizeof(struct ucred))];
        struct cmsghdr align;
    } in;
    struct iovec riov = { got, sizeof(got) - 1 };
    struct msghdr r = { .msg_iov = &riov, .msg_iovlen = 1, .msg_control = in.buf, .msg_controllen = sizeof(in.buf) };
    check("recvmsg", recvmsg(sv[1], &r, 0));
    printf("data '%s' flags %#x controllen ok %d\n", got, r.msg_flags,
           r.msg_controllen > 0 && r.msg_controllen <= sizeof(in.buf));
    for (c = CMSG_FIRSTHDR(&r); c; c = CMSG_NXTHDR(&r, c)) {
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
            int fd;
            memcpy(&fd, CMSG_DATA(c), sizeof(fd));
            char buf[16] = { 0 };
            printf("SCM_RIGHTS len %u: read '%.*s'\n", (unsigned)c->cmsg_len, (int)read(fd, buf, sizeof(buf)), buf);
            close(fd);
        } else if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_CREDENTIALS) {
            struct ucred cr;
            memcpy(&cr, CMSG_DATA(c), sizeof(cr));
            printf("SCM_CREDENTIALS len %u: pid mine %d uid mine %d\n", (unsigned)c->cmsg_len,
                   cr.pid == getpid(), cr.uid == getuid());
        } else {
            printf("other control message level %d type %d\n", c->cmsg_level, c->cmsg_type);
        }
    }
    /* No room for the descriptor: MSG_CTRUNC, and the descriptor is closed. */
    check("pipe", pipe(pipefd));
    memcpy(CMSG_DATA(CMSG_FIRSTHDR(&m)), &pipefd[0], sizeof(int));
    check("sendmsg", sendmsg(sv[0], &m, 0));
    r.msg_control = NULL;
    r.msg_controllen = 0;
    memset(got, 0, sizeof(got));
    check("recvmsg without control", recvmsg(sv[1], &r, 0));
    printf("data '%s' ctrunc %d\n", got, !!(r.msg_flags & MSG_CTRUNC));
    close(pipefd[0]);
    close(pipefd[1]);
    close(sv[0]);
    close(sv[1]);
}

static void show_inet(const char *what, const struct sockaddr_in *s, socklen_t len, in_port_t port)
{
    char ip[32];
    inet_ntop(AF_INET, &s->sin_addr, ip, sizeof(ip));
    printf("%s: family inet %d addr %s port %s len %u\n", what, s->sin_family == AF_INET, ip,
           s->sin_port == 0 ? "0" : s->sin_port == port ? "same" : "other", (unsigned)len);
}

static void tcp(void)
{
    printf("== tcp\n");
    int srv = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    check("bind", bind(srv, (struct sockaddr *)&sa, sizeof(sa)));
    socklen_t len = sizeof(sa);
    check("getsockname", getsockname(srv, (struct sockaddr *)&sa, &len));
    in_port_t port = sa.sin_port;
    show_inet("server", &sa, len, port);
    check("listen", listen(srv, 4));
    printf("acceptconn %d\n", int_option(srv, SOL_SOCKET, SO_ACCEPTCONN));
    int cli = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    check("connect", connect(cli, (struct sockaddr *)&sa, sizeof(sa)));
    struct sockaddr_in peer;
    len = sizeof(peer);
    int conn = accept4(srv, (struct sockaddr *)&peer, &len, SOCK_CLOEXEC);
    check("accept4", conn >= 0 ? 0 : -1);
    struct sockaddr_in mine;
    socklen_t mlen = sizeof(mine);
    getsockname(cli, (struct sockaddr *)&mine, &mlen);
    show_inet("accepted peer", &peer, len, mine.sin_port);
    printf("accepted cloexec %d\n", !!(fcntl(conn, F_GETFD) & FD_CLOEXEC));
    len = sizeof(peer);
    check("getpeername", getpeername(cli, (struct sockaddr *)&peer, &len));
    show_inet("client's peer", &peer, len, port);
    /* A short address buffer gets the start of the address and its whole length. */
    char small[4] = { 0 };
    len = sizeof(small);
    check("getpeername short", getpeername(cli, (struct sockaddr *)small, &len));
    printf("short len %u\n", (unsigned)len);
    check("send", send(cli, "ping", 4, 0));
    char buf[16] = { 0 };
    check("recv MSG_WAITALL", recv(conn, buf, 4, MSG_WAITALL));
    printf("got '%s'\n", buf);
    check("shutdown", shutdown(cli, SHUT_WR));
    check("recv after shutdown", recv(conn, buf, sizeof(buf), 0));
    close(conn);
    close(cli);
    close(srv);
    /* The port is free now: nothing listens there. */
    cli = socket(AF_INET, SOCK_STREAM, 0);
    check("connect refused", connect(cli, (struct sockaddr *)&sa, sizeof(sa)));
    close(cli);
}

static void udp(void)
{
    printf("== udp\n");
    int a = socket(AF_INET, SOCK_DGRAM, 0), b = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    check("bind", bind(b, (struct sockaddr *)&sa, sizeof(sa)));
    socklen_t len = sizeof(sa);
    getsockname(b, (struct sockaddr *)&sa, &len);
    check("sendto", sendto(a, "datagram", 8, 0, (struct sockaddr *)&sa, sizeof(sa)));
    struct sockaddr_in from, mine;
    len = sizeof(from);
    char buf[16] = { 0 };
    check("recvfrom", recvfrom(b, buf, sizeof(buf) - 1, 0, (struct sockaddr *)&from, &len));
    socklen_t mlen = sizeof(mine);
    getsockname(a, (struct sockaddr *)&mine, &mlen);
    printf("got '%s'\n", buf);
    show_inet("from", &from, len, mine.sin_port);
    check("recvfrom empty", recvfrom(b, buf, sizeof(buf), MSG_DONTWAIT, NULL, NULL));
    close(a);
    close(b);
}

static void named_unix(void)
{
    printf("== named unix socket\n");
    struct sockaddr_un sa = { .sun_family = AF_UNIX };
    snprintf(sa.sun_path, sizeof(sa.sun_path), "/tmp/duet-sock-%d", (int)getpid());
    int srv = socket(AF_UNIX, SOCK_SEQPACKET, 0);
    check("bind", bind(srv, (struct sockaddr *)&sa, sizeof(sa)));
    check("listen", listen(srv, 1));
    struct sockaddr_un got;
    socklen_t len = sizeof(got);
    check("getsockname", getsockname(srv, (struct sockaddr *)&got, &len));
    printf("name matches %d family unix %d\n", strcmp(got.sun_path, sa.sun_path) == 0, got.sun_family == AF_UNIX);
    int cli = socket(AF_UNIX, SOCK_SEQPACKET, 0);
    check("connect", connect(cli, (struct sockaddr *)&sa, sizeof(sa)));
    int conn = accept(srv, NULL, NULL);
    check("accept", conn >= 0 ? 0 : -1);
    check("send", send(cli, "record", 6, 0));
    char buf[16] = { 0 };
    check("recv", recv(conn, buf, 3, 0));
    printf("got '%s' (the rest of the record is gone)\n", buf);
    close(conn);
    close(cli);
    close(srv);
    unlink(sa.sun_path);
}

/* Families with fields in host byte order: IPv6's scope, netlink's port. */
static void other_families(void)
{
    printf("== inet6 and netlink\n");
    int fd = socket(AF_INET6, SOCK_DGRAM, 0);
    struct sockaddr_in6 s6 = { .sin6_family = AF_INET6, .sin6_addr = IN6ADDR_LOOPBACK_INIT, .sin6_scope_id = 0 };
    check("bind ::1", bind(fd, (struct sockaddr *)&s6, sizeof(s6)));
    socklen_t len = sizeof(s6);
    memset(&s6, 0xff, sizeof(s6));
    check("getsockname", getsockname(fd, (struct sockaddr *)&s6, &len));
    char ip[64] = "";
    inet_ntop(AF_INET6, &s6.sin6_addr, ip, sizeof(ip));
    printf("family inet6 %d addr %s scope %u flowinfo %u len %u\n", s6.sin6_family == AF_INET6, ip,
           (unsigned)s6.sin6_scope_id, (unsigned)s6.sin6_flowinfo, (unsigned)len);
    close(fd);
    fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    struct sockaddr_nl nl = { .nl_family = AF_NETLINK };
    check("bind netlink", bind(fd, (struct sockaddr *)&nl, sizeof(nl)));
    len = sizeof(nl);
    memset(&nl, 0xff, sizeof(nl));
    check("getsockname", getsockname(fd, (struct sockaddr *)&nl, &len));
    printf("family netlink %d port mine %d groups %u len %u\n", nl.nl_family == AF_NETLINK,
           nl.nl_pid == (unsigned)getpid(), (unsigned)nl.nl_groups, (unsigned)len);
    close(fd);
}

static void errors(void)
{
    printf("== errors\n");
    check("socket bad type", socket(AF_INET, 7, 0));
    check("socket bad family", socket(12345, SOCK_STREAM, 0));
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = { .sin_family = AF_INET };
    check("bind short", bind(fd, (struct sockaddr *)&sa, 3));
    check("bind bad pointer", bind(fd, (struct sockaddr *)16, sizeof(sa)));
    check("accept not listening", accept(fd, NULL, NULL));
    check("getpeername unconnected", getpeername(fd, (struct sockaddr *)&sa, &(socklen_t){ sizeof(sa) }));
    check("send unconnected", send(fd, "x", 1, MSG_NOSIGNAL));
    close(fd);
    int p[2];
    pipe(p);
    check("getsockname pipe", getsockname(p[0], (struct sockaddr *)&sa, &(socklen_t){ sizeof(sa) }));
    close(p[0]);
    close(p[1]);
}

#ifdef SYS_socketcall
/* o32's one entry to every socket call: the call and a pointer to its
 * arguments (SYS_SOCKETPAIR 8, SYS_SEND 9, SYS_RECV 10). */
static void socketcall(void)
{
    printf("== socketcall\n");
    int sv[2];
    long pair_args[4] = { AF_UNIX, SOCK_STREAM, 0, (long)sv };
    check("socketcall socketpair", syscall(SYS_socketcall, 8, pair_args));
    long send_args[4] = { sv[0], (long)"call", 4, 0 };
    check("socketcall send", syscall(SYS_socketcall, 9, send_args));
    char buf[8] = { 0 };
    long recv_args[4] = { sv[1], (long)buf, sizeof(buf) - 1, 0 };
    check("socketcall recv", syscall(SYS_socketcall, 10, recv_args));
    printf("got '%s'\n", buf);
    check("socketcall bad call", syscall(SYS_socketcall, 99, recv_args));
    close(sv[0]);
    close(sv[1]);
}
#endif

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    pair(SOCK_STREAM, "stream");
    pair(SOCK_DGRAM, "dgram");
    pair(SOCK_SEQPACKET, "seqpacket");
    options();
    messages();
    tcp();
    udp();
    named_unix();
    other_families();
    errors();
#ifdef SYS_socketcall
    socketcall();
#endif
    return 0;
}
