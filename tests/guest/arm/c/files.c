/* Files and directories in a fresh directory under /tmp: reading, writing
 * and seeking (past 4 GiB, which takes the 64-bit register pairs), stat in
 * its forms, directory listing, rename, links, truncation, permissions,
 * times, locks and errors. Prints only what is the same on every run. */
#define _GNU_SOURCE
#define _FILE_OFFSET_BITS 64
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

static char dir[64];

static const char *at(const char *name)
{
    static char buf[4][128];
    static int n;
    char *b = buf[n++ % 4];
    snprintf(b, sizeof(buf[0]), "%s/%s", dir, name);
    return b;
}

static void check(const char *what, long r)
{
    if (r < 0)
        printf("%s: error %s\n", what, strerror(errno));
    else
        printf("%s: %ld\n", what, r);
}

static void expect_errno(const char *what, long r)
{
    printf("%s: %s\n", what, r < 0 ? strerror(errno) : "succeeded");
}

static void io(void)
{
    int fd = open(at("data"), O_RDWR | O_CREAT | O_EXCL, 0644);
    check("write", write(fd, "hello, world\n", 13));
    check("lseek end", lseek(fd, 0, SEEK_END));
    check("lseek 7", lseek(fd, 7, SEEK_SET));
    char buf[32] = { 0 };
    check("read", read(fd, buf, sizeof(buf) - 1));
    printf("read '%.5s'\n", buf);
    check("pwrite", pwrite(fd, "WORLD", 5, 7));
    memset(buf, 0, sizeof(buf));
    check("pread", pread(fd, buf, 12, 0));
    printf("pread '%s'\n", buf);
    /* Past 4 GiB: a sparse file. */
    off_t big = 5LL << 30;
    check("pwrite 5G", pwrite(fd, "tail", 4, big));
    memset(buf, 0, sizeof(buf));
    check("pread 5G", pread(fd, buf, 4, big));
    printf("pread 5G '%s'\n", buf);
    printf("lseek 5G end %lld\n", (long long)lseek(fd, 0, SEEK_END));
    printf("lseek 5G cur-1 %lld\n", (long long)lseek(fd, -1, SEEK_CUR));
    struct stat st;
    fstat(fd, &st);
    printf("fstat size %lld reg %d mode %o\n", (long long)st.st_size, S_ISREG(st.st_mode),
           (unsigned)(st.st_mode & 07777));
    check("ftruncate 6G", ftruncate(fd, 6LL << 30));
    fstat(fd, &st);
    printf("size %lld\n", (long long)st.st_size);
    check("truncate 13", truncate(at("data"), 13));
    stat(at("data"), &st);
    printf("size %lld\n", (long long)st.st_size);
    struct iovec iov[3] = { { "ab", 2 }, { "", 0 }, { "cdef", 4 } };
    lseek(fd, 0, SEEK_END);
    check("writev", writev(fd, iov, 3));
    char x[3] = { 0 }, y[20] = { 0 };
    struct iovec riov[2] = { { x, 2 }, { y, sizeof(y) - 1 } };
    lseek(fd, 0, SEEK_SET);
    check("readv", readv(fd, riov, 2));
    printf("readv '%s' '%s'", x, y);
    printf("\n");
    close(fd);
}

/* The raw stat64 and fstatat64 calls: ARM's struct stat64 is 104 bytes
 * with st_size at 48, st_mode at 16 and the inode both at 12 (low half)
 * and 96. (MIPS o32's, also 104 bytes, has st_size at 56, st_mode at 24
 * and the inode at 16 only, whose low half stands in for the other.) */
#if defined(__mips__) && _MIPS_SIM == _ABI64
/* n64 has no stat64: stat and newfstatat write its struct stat, laid out
 * as o32's stat64, and utimensat takes 64-bit times already. */
#define SYS_stat64 SYS_stat
#define SYS_fstatat64 SYS_newfstatat
#define SYS_utimensat_time64 SYS_utimensat
#endif
#if defined(__mips__)
enum { ST_SIZE = 56, ST_MODE = 24, ST_INO = 16, ST_INO_LO = 16 + (__BYTE_ORDER__ == __ORDER_BIG_ENDIAN__) * 4 };
#else
enum { ST_SIZE = 48, ST_MODE = 16, ST_INO = 96, ST_INO_LO = 12 };
#endif

static void raw_stat(void)
{
    uint8_t b[104];
    memset(b, 0xa5, sizeof(b));
    long r = syscall(SYS_stat64, at("data"), b);
    int64_t size;
    uint32_t mode, ino_lo;
    uint64_t ino;
    memcpy(&size, b + ST_SIZE, 8);
    memcpy(&mode, b + ST_MODE, 4);
    memcpy(&ino_lo, b + ST_INO_LO, 4);
    memcpy(&ino, b + ST_INO, 8);
    printf("stat64 %ld size %lld mode %o ino halves agree %d\n", r, (long long)size, mode & 07777,
           ino_lo == (uint32_t)ino);
    memset(b, 0, sizeof(b));
    r = syscall(SYS_fstatat64, AT_FDCWD, at("link"), b, AT_SYMLINK_NOFOLLOW);
    memcpy(&mode, b + ST_MODE, 4);
    memcpy(&size, b + ST_SIZE, 8);
    printf("fstatat64 nofollow %ld link %d size %lld\n", r, S_ISLNK(mode), (long long)size);
    errno = 0;
    r = syscall(SYS_stat64, at("data"), (void *)16);
    expect_errno("stat64 to a bad pointer", r);
    r = syscall(SYS_stat64, (void *)16, b);
    expect_errno("stat64 of a bad path", r);
    struct statx sx;
    r = statx(AT_FDCWD, at("data"), 0, STATX_BASIC_STATS, &sx);
    printf("statx %ld size %llu mode %o nlink %u\n", r, (unsigned long long)sx.stx_size,
           sx.stx_mode & 07777, sx.stx_nlink);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list(void)
{
    DIR *d = opendir(dir);
    char *names[32];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < 32) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char t = e->d_type == DT_DIR ? 'd' : e->d_type == DT_LNK ? 'l' : e->d_type == DT_REG ? 'f' : '?';
        names[n] = malloc(strlen(e->d_name) + 3);
        sprintf(names[n++], "%s:%c", e->d_name, t);
    }
    closedir(d);
    qsort(names, (size_t)n, sizeof(names[0]), cmp_str);
    printf("list");
    for (int i = 0; i < n; i++) {
        printf(" %s", names[i]);
        free(names[i]);
    }
    printf("\n");
}

static void names(void)
{
    struct stat st;
    check("mkdir sub", mkdir(at("sub"), 0750));
    expect_errno("mkdir sub again", mkdir(at("sub"), 0750));
    close(open(at("sub/inner"), O_WRONLY | O_CREAT, 0600));
    check("link", link(at("data"), at("data2")));
    stat(at("data"), &st);
    printf("nlink %u\n", (unsigned)st.st_nlink);
    check("symlink", symlink("data", at("link")));
    char buf[64] = { 0 };
    check("readlink", readlink(at("link"), buf, sizeof(buf)));
    printf("readlink '%s'\n", buf);
    int dfd = open(dir, O_RDONLY | O_DIRECTORY);
    memset(buf, 0, sizeof(buf));
    check("readlinkat short", readlinkat(dfd, "link", buf, 2));
    printf("readlinkat '%s'\n", buf);
    check("rename", rename(at("data2"), at("renamed")));
    check("renameat", renameat(dfd, "renamed", dfd, "renamed2"));
    check("renameat2 noreplace", syscall(SYS_renameat2, dfd, "renamed2", dfd, "data", 1));
    printf("errno %s\n", strerror(errno));
    raw_stat();
    list();
    expect_errno("rmdir non-empty", rmdir(at("sub")));
    check("unlinkat inner", unlinkat(dfd, "sub/inner", 0));
    check("unlinkat sub", unlinkat(dfd, "sub", AT_REMOVEDIR));
    check("mkdirat", mkdirat(dfd, "sub2", 0700));
    stat(at("sub2"), &st);
    printf("sub2 dir %d mode %o\n", S_ISDIR(st.st_mode), (unsigned)(st.st_mode & 07777));
    check("rmdir sub2", rmdir(at("sub2")));
    close(dfd);
    list();
}

static void attrs(void)
{
    struct stat st;
    check("chmod", chmod(at("data"), 0640));
    stat(at("data"), &st);
    printf("mode %o\n", (unsigned)(st.st_mode & 07777));
    int fd = open(at("data"), O_RDONLY);
    check("fchmod", fchmod(fd, 0604));
    check("fchmodat", fchmodat(AT_FDCWD, at("data"), 0444, 0));
    fstat(fd, &st);
    printf("mode %o\n", (unsigned)(st.st_mode & 07777));
    check("fchown same", fchown(fd, st.st_uid, st.st_gid));
    check("chown -1", chown(at("data"), (uid_t)-1, (gid_t)-1));
    check("lchown -1", lchown(at("link"), (uid_t)-1, (gid_t)-1));
    check("fchownat -1", fchownat(AT_FDCWD, at("link"), (uid_t)-1, (gid_t)-1, AT_SYMLINK_NOFOLLOW));
    check("access F_OK", access(at("data"), F_OK));
    expect_errno("access missing", access(at("missing"), F_OK));
    check("faccessat R_OK", faccessat(AT_FDCWD, at("data"), R_OK, 0));
    struct timespec ts[2] = { { 1000000000, 123456789 }, { 1234567890, 5000 } };
    check("utimensat", utimensat(AT_FDCWD, at("data"), ts, 0));
    stat(at("data"), &st);
    printf("atime %lld.%09ld mtime %lld.%09ld\n", (long long)st.st_atim.tv_sec, st.st_atim.tv_nsec,
           (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
    struct timespec omit[2] = { { 0, UTIME_OMIT }, { 1500000000, 0 } };
    check("futimens", futimens(fd, omit));
    fstat(fd, &st);
    printf("atime %lld mtime %lld\n", (long long)st.st_atim.tv_sec, (long long)st.st_mtim.tv_sec);
    int64_t t64[4] = { 0, UTIME_OMIT, 4102444800LL, 7 };   /* mtime in 2100 */
    check("utimensat_time64", syscall(SYS_utimensat_time64, AT_FDCWD, at("data"), t64, 0));
    struct statx sx;
    statx(AT_FDCWD, at("data"), 0, STATX_MTIME | STATX_ATIME, &sx);
    printf("atime %lld mtime %lld.%u\n", (long long)sx.stx_atime.tv_sec,
           (long long)sx.stx_mtime.tv_sec, sx.stx_mtime.tv_nsec);
    check("mkfifo", mkfifo(at("fifo"), 0600));
    stat(at("fifo"), &st);
    printf("fifo %d mode %o\n", S_ISFIFO(st.st_mode), (unsigned)(st.st_mode & 07777));
    check("unlink fifo", unlink(at("fifo")));
    struct statfs sf;
    check("statfs", statfs(dir, &sf));
    printf("statfs bsize>0 %d namelen>0 %d\n", sf.f_bsize > 0, sf.f_namelen > 0);
    check("fstatfs", fstatfs(fd, &sf));
    close(fd);
}

static void locks(void)
{
    chmod(at("data"), 0644);
    int fd = open(at("data"), O_RDWR);
    struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 10, .l_len = 5 };
    check("F_SETLK", fcntl(fd, F_SETLK, &fl));
    struct flock q = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 100 };
    check("F_GETLK", fcntl(fd, F_GETLK, &q));
    /* A process's own locks never conflict with it. */
    printf("getlk type unlocked %d\n", q.l_type == F_UNLCK);
    struct flock ofd = { .l_type = F_RDLCK, .l_whence = SEEK_SET, .l_start = 12, .l_len = 1 };
    check("F_OFD_GETLK", fcntl(fd, F_OFD_GETLK, &ofd));
    printf("ofd getlk type wr %d start %lld len %lld\n", ofd.l_type == F_WRLCK,
           (long long)ofd.l_start, (long long)ofd.l_len);
    fl.l_type = F_UNLCK;
    check("unlock", fcntl(fd, F_SETLK, &fl));
    /* These two return the error number rather than setting errno. */
    printf("posix_fallocate %d\n", posix_fallocate(fd, 1LL << 32, 4096));
    struct stat st;
    fstat(fd, &st);
    printf("size %lld\n", (long long)st.st_size);
    printf("posix_fadvise %d\n", posix_fadvise(fd, 1LL << 32, 4096, POSIX_FADV_DONTNEED));
    printf("posix_fadvise bad %d\n", posix_fadvise(fd, 0, 0, 99));
    close(fd);
}

int main(void)
{
    umask(022);
    strcpy(dir, "/tmp/duet-files-XXXXXX");
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    io();
    names();
    attrs();
    locks();
    expect_errno("open missing", open(at("missing"), O_RDONLY));
    expect_errno("unlink missing", unlink(at("missing")));
    check("unlink link", unlink(at("link")));
    check("unlink renamed2", unlink(at("renamed2")));
    check("unlink data", unlink(at("data")));
    check("rmdir", rmdir(dir));
    expect_errno("chdir removed", chdir(dir));
    return 0;
}
