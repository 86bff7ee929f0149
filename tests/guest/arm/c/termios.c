/* Terminal ioctls on a pseudo-terminal, so no real terminal is needed: the
 * attributes of a fresh pty, changes through tcsetattr's three forms read
 * back and seen in how the line discipline then treats input (minimum
 * byte count, end-of-file character, echo), the window size, the pty calls
 * of posix_openpt, and errors. Prints only what is the same on every run. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

static void show(const char *what, const struct termios *t)
{
    tcflag_t l = t->c_lflag, i = t->c_iflag, o = t->c_oflag, c = t->c_cflag;
    printf("%s: iflag %#x oflag %#x cflag %#x lflag %#x line %d\n", what, (unsigned)i, (unsigned)o,
           (unsigned)c, (unsigned)l, t->c_line);
    printf("  lflag ISIG %d ICANON %d ECHO %d ECHOE %d ECHOK %d ECHONL %d NOFLSH %d TOSTOP %d "
           "ECHOCTL %d ECHOPRT %d ECHOKE %d FLUSHO %d PENDIN %d IEXTEN %d\n",
           !!(l & ISIG), !!(l & ICANON), !!(l & ECHO), !!(l & ECHOE), !!(l & ECHOK), !!(l & ECHONL),
           !!(l & NOFLSH), !!(l & TOSTOP), !!(l & ECHOCTL), !!(l & ECHOPRT), !!(l & ECHOKE),
           !!(l & FLUSHO), !!(l & PENDIN), !!(l & IEXTEN));
    printf("  iflag ICRNL %d IXON %d IXOFF %d IMAXBEL %d IUTF8 %d BRKINT %d; oflag OPOST %d ONLCR %d\n",
           !!(i & ICRNL), !!(i & IXON), !!(i & IXOFF), !!(i & IMAXBEL), !!(i & IUTF8), !!(i & BRKINT),
           !!(o & OPOST), !!(o & ONLCR));
    printf("  cflag CS8 %d CREAD %d PARENB %d HUPCL %d CLOCAL %d ospeed %u ispeed %u\n",
           (c & CSIZE) == CS8, !!(c & CREAD), !!(c & PARENB), !!(c & HUPCL), !!(c & CLOCAL),
           (unsigned)cfgetospeed(t), (unsigned)cfgetispeed(t));
    printf("  cc INTR %d QUIT %d ERASE %d KILL %d EOF %d TIME %d MIN %d START %d STOP %d SUSP %d "
           "EOL %d REPRINT %d DISCARD %d WERASE %d LNEXT %d EOL2 %d\n",
           t->c_cc[VINTR], t->c_cc[VQUIT], t->c_cc[VERASE], t->c_cc[VKILL], t->c_cc[VEOF],
           t->c_cc[VTIME], t->c_cc[VMIN], t->c_cc[VSTART], t->c_cc[VSTOP], t->c_cc[VSUSP],
           t->c_cc[VEOL], t->c_cc[VREPRINT], t->c_cc[VDISCARD], t->c_cc[VWERASE], t->c_cc[VLNEXT],
           t->c_cc[VEOL2]);
}

static void check(const char *what, long r)
{
    if (r < 0)
        printf("%s: error %s\n", what, strerror(errno));
    else
        printf("%s: %ld\n", what, r);
}

/* Whether fd has input within ms milliseconds. */
static int readable(int fd, int ms)
{
    struct pollfd pfd = { fd, POLLIN, 0 };
    return poll(&pfd, 1, ms) == 1 && (pfd.revents & POLLIN);
}

/* Up to want bytes from fd, as long as more come within ms each time. */
static long read_some(int fd, char *buf, size_t want, int ms)
{
    size_t got = 0;
    while (got < want && readable(fd, ms)) {
        ssize_t n = read(fd, buf + got, want - got);
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    return (long)got;
}

static void set_and_show(int fd, int when, const char *name, struct termios *t)
{
    check(name, tcsetattr(fd, when, t));
    struct termios back;
    check("tcgetattr", tcgetattr(fd, &back));
    show(name, &back);
    *t = back;
}

/* Without ICANON, VMIN 3 and VTIME 0: two bytes are not enough to read. */
static void min_count(int master, int slave, struct termios *t)
{
    t->c_lflag &= ~(tcflag_t)(ICANON | ECHO | IEXTEN);
    t->c_lflag |= TOSTOP;
    t->c_cc[VMIN] = 3;
    t->c_cc[VTIME] = 0;
    set_and_show(slave, TCSANOW, "TCSANOW raw min 3", t);
    check("write ab", write(master, "ab", 2));
    printf("readable after 2 bytes: %d\n", readable(slave, 300));
    check("write c", write(master, "c", 1));
    printf("readable after 3 bytes: %d\n", readable(slave, 3000));
    int n = 0;
    check("FIONREAD", ioctl(slave, FIONREAD, &n));
    printf("FIONREAD count %d\n", n);
    char buf[16] = { 0 };
    check("read", read(slave, buf, sizeof(buf) - 1));
    printf("read '%s'\n", buf);
}

/* Canonical input with ^A as the end-of-file character: it ends the line
 * without being part of it. */
static void eof_char(int master, int slave, struct termios *t)
{
    t->c_lflag |= ICANON | IEXTEN;
    t->c_lflag &= ~(tcflag_t)TOSTOP;
    t->c_cc[VEOF] = 1;
    t->c_cc[VEOL] = '#';
    set_and_show(slave, TCSADRAIN, "TCSADRAIN canonical eof ^A", t);
    check("write", write(master, "xy\001uv#", 6));
    char buf[16] = { 0 };
    if (!readable(slave, 3000)) {
        printf("no line\n");
        return;
    }
    check("read line", read(slave, buf, sizeof(buf) - 1));
    printf("line '%s'\n", buf);
    memset(buf, 0, sizeof(buf));
    if (readable(slave, 3000))
        check("read line", read(slave, buf, sizeof(buf) - 1));
    printf("line '%s'\n", buf);
}

/* Echo of canonical input, CR LF for LF on output. */
static void echo(int master, int slave, struct termios *t)
{
    t->c_lflag |= ECHO;
    t->c_cc[VEOF] = 4;
    t->c_cc[VEOL] = 0;
    set_and_show(slave, TCSAFLUSH, "TCSAFLUSH echo", t);
    check("write", write(master, "hi\n", 3));
    char buf[16] = { 0 };
    check("read echo", read_some(master, buf, 4, 3000));
    printf("echo '%s'\n", strcmp(buf, "hi\r\n") == 0 ? "hi CR LF" : buf);
    memset(buf, 0, sizeof(buf));
    if (readable(slave, 3000))
        check("read", read(slave, buf, sizeof(buf) - 1));
    printf("input '%.2s'\n", buf);
    check("write", write(master, "zz\n", 3));
    readable(slave, 3000);
    check("tcflush", tcflush(slave, TCIFLUSH));
    int n = -1;
    check("FIONREAD", ioctl(slave, FIONREAD, &n));
    printf("after flush %d\n", n);
}

static void window(int master, int slave)
{
    struct winsize w = { .ws_row = 40, .ws_col = 100, .ws_xpixel = 3, .ws_ypixel = 4 };
    check("TIOCSWINSZ", ioctl(master, TIOCSWINSZ, &w));
    struct winsize back = { 0 };
    check("TIOCGWINSZ", ioctl(slave, TIOCGWINSZ, &back));
    printf("winsize %d %d %d %d\n", back.ws_row, back.ws_col, back.ws_xpixel, back.ws_ypixel);
}

static void errors(int master, int slave)
{
    int fds[2];
    struct termios t;
    check("pipe", pipe(fds));
    check("tcgetattr pipe", tcgetattr(fds[0], &t));
    printf("isatty pipe %d, slave %d, master %d\n", isatty(fds[0]), isatty(slave), isatty(master));
    close(fds[0]);
    close(fds[1]);
    pid_t pg;
    check("TIOCGPGRP not controlling", ioctl(slave, TIOCGPGRP, &pg));
    check("tcgetsid", tcgetsid(slave));
    check("tcgetattr bad fd", tcgetattr(99, &t));
    check("TCGETS bad pointer", ioctl(slave, TCGETS, (void *)16));
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    int master = posix_openpt(O_RDWR | O_NOCTTY);
    check("posix_openpt", master >= 0 ? 0 : -1);
    check("grantpt", grantpt(master));
    check("unlockpt", unlockpt(master));
    const char *name = ptsname(master);
    printf("ptsname %s\n", name && strncmp(name, "/dev/pts/", 9) == 0 ? "/dev/pts/N" : "bad");
    int slave = open(name, O_RDWR | O_NOCTTY);
    check("open slave", slave >= 0 ? 0 : -1);
    int peer = ioctl(master, TIOCGPTPEER, O_RDWR | O_NOCTTY);
    printf("TIOCGPTPEER %s, a tty %d\n", peer >= 0 ? "fd" : strerror(errno), isatty(peer));
    close(peer);

    struct termios t;
    check("tcgetattr", tcgetattr(slave, &t));
    show("fresh", &t);
    min_count(master, slave, &t);
    eof_char(master, slave, &t);
    echo(master, slave, &t);
    window(master, slave);
    errors(master, slave);
    close(slave);
    close(master);
    return 0;
}
