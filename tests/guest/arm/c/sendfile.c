/* sendfile from a file to a pipe: with an offset the call reads and
 * writes back (sendfile's off_t, built without _FILE_OFFSET_BITS, and
 * sendfile64's loff_t), and without one from the file position. Prints
 * only what is the same on every run. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/syscall.h>
#include <unistd.h>

static void check(const char *what, long r)
{
    if (r < 0)
        printf("%s: error %s\n", what, strerror(errno));
    else
        printf("%s: %ld\n", what, r);
}

static void drain(int fd)
{
    char buf[64] = { 0 };
    check("read pipe", read(fd, buf, sizeof(buf) - 1));
    printf("pipe had '%s'\n", buf);
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    char path[64];
    snprintf(path, sizeof(path), "/tmp/duet-sendfile-%d", (int)getpid());
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
    check("write", write(fd, "0123456789abcdefghij", 20));
    check("lseek", lseek(fd, 2, SEEK_SET));
    int p[2];
    check("pipe", pipe(p));
    off_t off = 5;
    check("sendfile at 5", sendfile(p[1], fd, &off, 4));
    printf("offset now %ld, position %ld\n", (long)off, (long)lseek(fd, 0, SEEK_CUR));
    drain(p[0]);
    check("sendfile at the position", sendfile(p[1], fd, NULL, 3));
    printf("position %ld\n", (long)lseek(fd, 0, SEEK_CUR));
    drain(p[0]);
    off = 18;
    check("sendfile past the end", sendfile(p[1], fd, &off, 10));
    printf("offset now %ld\n", (long)off);
    drain(p[0]);
#ifdef SYS_sendfile64
    long long off64 = 10;
    check("sendfile64 at 10", syscall(SYS_sendfile64, p[1], fd, &off64, 5));
    printf("offset now %lld\n", off64);
    drain(p[0]);
#endif
    check("sendfile bad offset pointer", sendfile(p[1], fd, (off_t *)16, 1));
    check("sendfile to a file", sendfile(fd, fd, NULL, 1) >= 0 ? 0 : -1);
    check("sendfile bad fd", sendfile(p[1], 99, NULL, 1));
    close(fd);
    unlink(path);
    return 0;
}
