/* Record locks another process holds, as F_GETLK describes them in each
 * struct the ABI has: struct flock (built without _FILE_OFFSET_BITS, so
 * it is the ABI's own: MIPS o32's has l_sysid before l_pid and four pad
 * words, which the kernel leaves as they were), struct flock64 (through
 * fcntl64), the OFD commands, and the raw fcntl and fcntl64 calls where the ABI has them;
 * then conflicts on F_SETLK and a wait on F_SETLKW. Prints only what is
 * the same on every run. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#if defined(__mips__) && _MIPS_SIM == _ABIO32
#define FLOCK_HAS_SYSID 1
#endif

static pid_t child;

static void check(const char *what, long r)
{
    if (r < 0)
        printf("%s: error %s\n", what, strerror(errno));
    else
        printf("%s: %ld\n", what, r);
}

static const char *type_name(int t)
{
    return t == F_RDLCK ? "F_RDLCK" : t == F_WRLCK ? "F_WRLCK" : t == F_UNLCK ? "F_UNLCK" : "bad";
}

static const char *pid_name(pid_t pid)
{
    return pid == child ? "child" : pid == -1 ? "-1" : pid == 0 ? "0" : pid == 4321 ? "as given" : "other";
}

static void show(const char *what, const struct flock *fl)
{
    printf("  %s: %s whence %d start %lld len %lld pid %s\n", what, type_name(fl->l_type), fl->l_whence,
           (long long)fl->l_start, (long long)fl->l_len, pid_name(fl->l_pid));
#ifdef FLOCK_HAS_SYSID
    printf("  sysid %#lx pad %ld %ld %ld %ld\n", (unsigned long)fl->l_sysid, fl->__glibc_reserved0[0], fl->__glibc_reserved0[1],
           fl->__glibc_reserved0[2], fl->__glibc_reserved0[3]);
#endif
}

static void show64(const char *what, const struct flock64 *fl)
{
    printf("  %s: %s whence %d start %lld len %lld pid %s\n", what, type_name(fl->l_type), fl->l_whence,
           (long long)fl->l_start, (long long)fl->l_len, pid_name(fl->l_pid));
}

/* A query as F_GETLK takes it; the OFD commands want l_pid 0. */
static struct flock query(int type, off_t start, off_t len)
{
    struct flock fl;
    memset(&fl, 0, sizeof(fl));
    fl.l_type = (short)type;
    fl.l_whence = SEEK_SET;
    fl.l_start = start;
    fl.l_len = len;
    fl.l_pid = 4321;
#ifdef FLOCK_HAS_SYSID
    fl.l_sysid = 0x5151;
    for (int i = 0; i < 4; i++)
        fl.__glibc_reserved0[i] = 10 + i;
#endif
    return fl;
}

static void getlk(int fd, int cmd, const char *name, int type, off_t start, off_t len)
{
    struct flock fl = query(type, start, len);
    if (cmd == F_OFD_GETLK)
        fl.l_pid = 0;
    check(name, fcntl(fd, cmd, &fl));
    show(name, &fl);
}

static void getlk64(int fd, int cmd, const char *name, int type, off_t start, off_t len)
{
    struct flock64 fl = { .l_type = (short)type, .l_whence = SEEK_SET, .l_start = start, .l_len = len,
                          .l_pid = cmd == F_OFD_GETLK ? 0 : 4321 };
    check(name, fcntl64(fd, cmd, &fl));
    show64(name, &fl);
}

/* The raw calls, past the C library's choice of call and command. */
static void raw_calls(int fd)
{
#ifdef SYS_fcntl
    struct flock fl = query(F_WRLCK, 0, 0);
    check("raw fcntl F_GETLK", syscall(SYS_fcntl, fd, F_GETLK, &fl));
    show("raw fcntl F_GETLK", &fl);
#endif
#ifdef SYS_fcntl64
    struct flock fl2 = query(F_WRLCK, 120, 10);
    check("raw fcntl64 F_GETLK", syscall(SYS_fcntl64, fd, F_GETLK, &fl2));
    show("raw fcntl64 F_GETLK", &fl2);
    struct flock64 fl3 = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0 };
    check("raw fcntl64 F_GETLK64", syscall(SYS_fcntl64, fd, F_GETLK64, &fl3));
    show64("raw fcntl64 F_GETLK64", &fl3);
#endif
}

/* The child: a write lock on [100, 150), a read lock on [200, 500) and an
 * OFD write lock on [1000, 1010), then waits to be told to go. */
static void hold_locks(const char *path, int ready, int go)
{
    int fd = open(path, O_RDWR);
    int ofd = open(path, O_RDWR);
    struct flock w = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 100, .l_len = 50 };
    struct flock r = { .l_type = F_RDLCK, .l_whence = SEEK_SET, .l_start = 200, .l_len = 300 };
    struct flock o = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 1000, .l_len = 10 };
    if (fcntl(fd, F_SETLK, &w) != 0 || fcntl(fd, F_SETLK, &r) != 0 || fcntl(ofd, F_OFD_SETLK, &o) != 0)
        _exit(1);
    char c = 'r';
    if (write(ready, &c, 1) != 1 || read(go, &c, 1) != 1)
        _exit(2);
    _exit(0);
}

static void conflicts(int fd, int go)
{
    struct flock fl = query(F_WRLCK, 120, 10);
    check("F_SETLK over the child's write lock", fcntl(fd, F_SETLK, &fl));
    fl = query(F_RDLCK, 300, 10);
    check("F_SETLK read lock beside the child's", fcntl(fd, F_SETLK, &fl));
    fl = query(F_UNLCK, 300, 10);
    check("unlock", fcntl(fd, F_SETLK, &fl));
    /* The child goes and its locks with it: F_SETLKW then gets the range. */
    check("tell the child", write(go, "g", 1));
    fl = query(F_WRLCK, 100, 1);
    check("F_SETLKW", fcntl(fd, F_SETLKW, &fl));
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    char path[64];
    snprintf(path, sizeof(path), "/tmp/duet-locks-%d", (int)getpid());
    int fd = open(path, O_RDWR | O_CREAT | O_EXCL, 0600);
    check("open", fd >= 0 ? 0 : -1);
    int ready[2], go[2];
    check("pipe", pipe(ready) | pipe(go));
    child = fork();
    if (child == 0)
        hold_locks(path, ready[1], go[0]);
    close(ready[1]);
    close(go[0]);
    char c;
    check("child ready", read(ready[0], &c, 1));
    printf("struct flock %u bytes, struct flock64 %u bytes\n", (unsigned)sizeof(struct flock),
           (unsigned)sizeof(struct flock64));
    getlk(fd, F_GETLK, "F_GETLK whole file", F_WRLCK, 0, 0);
    getlk(fd, F_GETLK, "F_GETLK between", F_WRLCK, 150, 50);
    getlk(fd, F_GETLK, "F_GETLK read beside read", F_RDLCK, 300, 10);
    getlk(fd, F_GETLK, "F_GETLK write over read", F_WRLCK, 300, 10);
    getlk(fd, F_OFD_GETLK, "F_OFD_GETLK", F_WRLCK, 990, 20);
    getlk64(fd, F_GETLK64, "F_GETLK64", F_WRLCK, 140, 100);
    getlk64(fd, F_OFD_GETLK, "F_OFD_GETLK flock64", F_RDLCK, 1005, 0);
    raw_calls(fd);
    conflicts(fd, go[1]);
    int status;
    check("wait", waitpid(child, &status, 0) == child ? 0 : -1);
    printf("child status %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    unlink(path);
    return 0;
}
