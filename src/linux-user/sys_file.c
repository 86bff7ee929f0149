/* System calls on paths: stat and statfs, the working directory, making,
 * removing, renaming and linking names, permissions, owners, times and
 * truncation. Path arguments go through lu_path (path.c): -L sysroot. */
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "linux-user/abi.h"
#include "linux-user/sys.h"

/* ARM EABI struct stat64 (arch/arm/include/uapi/asm/stat.h): 104 bytes,
 * 64-bit fields 8-aligned as on the host, the low half of the inode number
 * early (the old __st_ino) and all of it at the end. */
struct g_stat64 {
    uint64_t st_dev;
    uint32_t pad0, st_ino32;
    uint32_t st_mode, st_nlink, st_uid, st_gid;
    uint64_t st_rdev;
    uint32_t pad3, pad4;
    int64_t st_size;
    uint32_t st_blksize, pad5;
    uint64_t st_blocks;
    uint32_t st_atime_sec, st_atime_nsec, st_mtime_sec, st_mtime_nsec, st_ctime_sec, st_ctime_nsec;
    uint64_t st_ino;
};
_Static_assert(sizeof(struct g_stat64) == 104 && offsetof(struct g_stat64, st_ino32) == 12 &&
               offsetof(struct g_stat64, st_rdev) == 32 && offsetof(struct g_stat64, st_size) == 48 &&
               offsetof(struct g_stat64, st_blocks) == 64 &&
               offsetof(struct g_stat64, st_atime_sec) == 72 && offsetof(struct g_stat64, st_ino) == 96,
               "ARM struct stat64");

static int64_t put_stat64(struct lu_process *p, lu_addr addr, const struct stat *h)
{
    const struct lu_abi *abi = p->target->abi;
    if (abi && abi->put_stat64)
        return abi->put_stat64(p, addr, h);
    /* Device numbers: the kernel's encoding, which the host's already is. */
    struct g_stat64 g = {
        .st_dev = h->st_dev, .st_ino32 = (uint32_t)h->st_ino, .st_mode = h->st_mode,
        .st_nlink = (uint32_t)h->st_nlink, .st_uid = h->st_uid, .st_gid = h->st_gid,
        .st_rdev = h->st_rdev, .st_size = h->st_size, .st_blksize = (uint32_t)h->st_blksize,
        .st_blocks = (uint64_t)h->st_blocks,
        .st_atime_sec = (uint32_t)h->st_atim.tv_sec, .st_atime_nsec = (uint32_t)h->st_atim.tv_nsec,
        .st_mtime_sec = (uint32_t)h->st_mtim.tv_sec, .st_mtime_nsec = (uint32_t)h->st_mtim.tv_nsec,
        .st_ctime_sec = (uint32_t)h->st_ctim.tv_sec, .st_ctime_nsec = (uint32_t)h->st_ctim.tv_nsec,
        .st_ino = h->st_ino,
    };
    return lu_copy_to(p, addr, &g, sizeof(g));
}

static int64_t do_fstatat(struct lu_process *p, int dirfd, lu_addr path, lu_addr buf, int flags)
{
    char name[LU_PATH_MAX];
    struct stat st;
    int64_t r = lu_path(p, name, path);
    if (r < 0)
        return r;
    if (fstatat(dirfd, name, &st, flags) < 0)
        return lu_err();
    return put_stat64(p, buf, &st);
}

int64_t lu_sys_stat64(struct lu_process *p, const uint64_t *a)
{
    return do_fstatat(p, AT_FDCWD, lu_ad(a, 0), lu_ad(a, 1), 0);
}

int64_t lu_sys_lstat64(struct lu_process *p, const uint64_t *a)
{
    return do_fstatat(p, AT_FDCWD, lu_ad(a, 0), lu_ad(a, 1), AT_SYMLINK_NOFOLLOW);
}

int64_t lu_sys_fstatat64(struct lu_process *p, const uint64_t *a)
{
    return do_fstatat(p, lu_int(a, 0), lu_ad(a, 1), lu_ad(a, 2), lu_int(a, 3));
}

int64_t lu_sys_fstat64(struct lu_process *p, const uint64_t *a)
{
    struct stat st;
    if (fstat(lu_int(a, 0), &st) < 0)
        return lu_err();
    return put_stat64(p, lu_ad(a, 1), &st);
}

/* struct statx is 256 bytes of fixed-width fields laid out alike on every
 * architecture, so the host kernel's bytes are the guest's. */
#define G_STATX_BYTES 256

int64_t lu_sys_statx(struct lu_process *p, const uint64_t *a)
{
    char name[LU_PATH_MAX];
    uint8_t stx[G_STATX_BYTES];
    int64_t r = lu_path(p, name, lu_ad(a, 1));
    if (r < 0)
        return r;
    if (!lu_ptr(p, lu_ad(a, 4), G_STATX_BYTES, LU_PROT_W))
        return -EFAULT;
    if (syscall(SYS_statx, lu_int(a, 0), name, lu_int(a, 2), lu_u32(a, 3), stx) < 0)
        return lu_err();
    /* mask .. attributes_mask, four timestamps, device numbers, mount id,
     * alignments, spare */
    lu_swap_layout(p, stx, "wwdwwwhhdddd" "dww" "dww" "dww" "dww" "4wd2w12d");
    return lu_copy_to(p, lu_ad(a, 4), stx, G_STATX_BYTES);
}

/* struct statfs64 for ARM: 32-bit words, 64-bit counts, packed to 4 bytes
 * (ARCH_PACK_STATFS64), 84 bytes. */
struct __attribute__((packed, aligned(4))) g_statfs64 {
    uint32_t f_type, f_bsize;
    uint64_t f_blocks, f_bfree, f_bavail, f_files, f_ffree;
    int32_t f_fsid[2];
    uint32_t f_namelen, f_frsize, f_flags, f_spare[4];
};
_Static_assert(sizeof(struct g_statfs64) == 84 && offsetof(struct g_statfs64, f_fsid) == 48,
               "ARM struct statfs64");

/* statfs64(path, size, buf) and fstatfs64(fd, size, buf). */
static int64_t put_statfs64(struct lu_process *p, lu_addr addr, uint32_t size, const struct statfs *h)
{
    const struct lu_abi *abi = p->target->abi;
    if (abi && abi->put_statfs64)
        return abi->put_statfs64(p, addr, size, h);
    struct g_statfs64 g = {
        .f_type = (uint32_t)h->f_type, .f_bsize = (uint32_t)h->f_bsize,
        .f_blocks = h->f_blocks, .f_bfree = h->f_bfree, .f_bavail = h->f_bavail,
        .f_files = h->f_files, .f_ffree = h->f_ffree,
        .f_fsid = { h->f_fsid.__val[0], h->f_fsid.__val[1] },
        .f_namelen = (uint32_t)h->f_namelen, .f_frsize = (uint32_t)h->f_frsize,
        .f_flags = (uint32_t)h->f_flags,
    };
    return lu_copy_to(p, addr, &g, sizeof(g));
}

/* The kernel's ARM wrapper takes the OABI size, 88, as 84 too; a target
 * with its own layout checks the size itself. */
static bool statfs64_size_ok(struct lu_process *p, uint32_t size)
{
    const struct lu_abi *abi = p->target->abi;
    return (abi && abi->put_statfs64) || size == sizeof(struct g_statfs64) || size == 88;
}

int64_t lu_sys_statfs64(struct lu_process *p, const uint64_t *a)
{
    char name[LU_PATH_MAX];
    struct statfs st;
    int64_t r = lu_path(p, name, lu_ad(a, 0));
    if (r < 0)
        return r;
    if (!statfs64_size_ok(p, lu_u32(a, 1)))
        return -EINVAL;
    if (statfs(name, &st) < 0)
        return lu_err();
    return put_statfs64(p, lu_ad(a, 2), lu_u32(a, 1), &st);
}

int64_t lu_sys_fstatfs64(struct lu_process *p, const uint64_t *a)
{
    struct statfs st;
    if (!statfs64_size_ok(p, lu_u32(a, 1)))
        return -EINVAL;
    if (fstatfs(lu_int(a, 0), &st) < 0)
        return lu_err();
    return put_statfs64(p, lu_ad(a, 2), lu_u32(a, 1), &st);
}

/* statfs(path, buf) and fstatfs(fd, buf): the guest's struct statfs, in
 * the generic layout of longs (asm-generic/statfs.h) or the target's. */
static int64_t put_statfs(struct lu_process *p, lu_addr addr, const struct statfs *h)
{
    const struct lu_abi *abi = p->target->abi;
    if (abi && abi->put_statfs64)
        return abi->put_statfs64(p, addr, 0, h);
    const uint64_t v[16] = {
        (uint64_t)h->f_type, (uint64_t)h->f_bsize, h->f_blocks, h->f_bfree, h->f_bavail, h->f_files,
        h->f_ffree, (uint32_t)h->f_fsid.__val[0], (uint32_t)h->f_fsid.__val[1], (uint64_t)h->f_namelen,
        (uint64_t)h->f_frsize, (uint64_t)h->f_flags,
    };
    return lu_struct_put(p, addr, "7l2w3l4l", v);
}

int64_t lu_sys_statfs(struct lu_process *p, const uint64_t *a)
{
    char name[LU_PATH_MAX];
    struct statfs st;
    int64_t r = lu_path(p, name, lu_ad(a, 0));
    if (r < 0)
        return r;
    if (statfs(name, &st) < 0)
        return lu_err();
    return put_statfs(p, lu_ad(a, 1), &st);
}

int64_t lu_sys_fstatfs(struct lu_process *p, const uint64_t *a)
{
    struct statfs st;
    if (fstatfs(lu_int(a, 0), &st) < 0)
        return lu_err();
    return put_statfs(p, lu_ad(a, 1), &st);
}

/* The kernel's getcwd: the length with the NUL, -ERANGE when it does not fit. */
int64_t lu_sys_getcwd(struct lu_process *p, const uint64_t *a)
{
    char cwd[LU_PATH_MAX];
    long n = syscall(SYS_getcwd, cwd, sizeof(cwd));
    if (n < 0)
        return lu_err();
    if ((uint32_t)n > lu_u32(a, 1))
        return -ERANGE;
    int64_t r = lu_copy_to(p, lu_ad(a, 0), cwd, (uint32_t)n);
    return r < 0 ? r : n;
}

int64_t lu_sys_chdir(struct lu_process *p, const uint64_t *a)
{
    char name[LU_PATH_MAX];
    int64_t r = lu_path(p, name, lu_ad(a, 0));
    return r < 0 ? r : lu_ret(chdir(name));
}

int64_t lu_sys_fchdir(struct lu_process *p, const uint64_t *a)
{
    (void)p;
    return lu_ret(fchdir(lu_int(a, 0)));
}

static int64_t do_mkdirat(struct lu_process *p, int dirfd, lu_addr path, uint32_t mode)
{
    char name[LU_PATH_MAX];
    int64_t r = lu_path(p, name, path);
    return r < 0 ? r : lu_ret(mkdirat(dirfd, name, mode));
}

int64_t lu_sys_mkdir(struct lu_process *p, const uint64_t *a)
{
    return do_mkdirat(p, AT_FDCWD, lu_ad(a, 0), lu_u32(a, 1));
}

int64_t lu_sys_mkdirat(struct lu_process *p, const uint64_t *a)
{
    return do_mkdirat(p, lu_int(a, 0), lu_ad(a, 1), lu_u32(a, 2));
}

/* The device number is the kernel's 32-bit encoding on both sides, so
 * the system call itself (not the C library's dev_t) takes it. */
static int64_t do_mknodat(struct lu_process *p, int dirfd, lu_addr path, uint32_t mode, uint32_t dev)
{
    char name[LU_PATH_MAX];
    int64_t r = lu_path(p, name, path);
    return r < 0 ? r : lu_ret(syscall(SYS_mknodat, dirfd, name, mode, dev));
}

int64_t lu_sys_mknod(struct lu_process *p, const uint64_t *a)
{
    return do_mknodat(p, AT_FDCWD, lu_ad(a, 0), lu_u32(a, 1), lu_u32(a, 2));
}

int64_t lu_sys_mknodat(struct lu_process *p, const uint64_t *a)
{
    return do_mknodat(p, lu_int(a, 0), lu_ad(a, 1), lu_u32(a, 2), lu_u32(a, 3));
}

static int64_t do_unlinkat(struct lu_process *p, int dirfd, lu_addr path, int flags)
{
    char name[LU_PATH_MAX];
    int64_t r = lu_path(p, name, path);
    return r < 0 ? r : lu_ret(unlinkat(dirfd, name, flags));
}

int64_t lu_sys_rmdir(struct lu_process *p, const uint64_t *a)
{
    return do_unlinkat(p, AT_FDCWD, lu_ad(a, 0), AT_REMOVEDIR);
}

int64_t lu_sys_unlink(struct lu_process *p, const uint64_t *a)
{
    return do_unlinkat(p, AT_FDCWD, lu_ad(a, 0), 0);
}

int64_t lu_sys_unlinkat(struct lu_process *p, const uint64_t *a)
{
    return do_unlinkat(p, lu_int(a, 0), lu_ad(a, 1), lu_int(a, 2));
}

/* Two path arguments, for rename and link. */
static int64_t two_paths(struct lu_process *p, lu_addr a1, char *p1, lu_addr a2, char *p2)
{
    int64_t r = lu_path(p, p1, a1);
    return r < 0 ? r : lu_path(p, p2, a2);
}

static int64_t do_renameat2(struct lu_process *p, int olddir, lu_addr oldp, int newdir,
                            lu_addr newp, unsigned flags)
{
    char from[LU_PATH_MAX], to[LU_PATH_MAX];
    int64_t r = two_paths(p, oldp, from, newp, to);
    return r < 0 ? r : lu_ret(renameat2(olddir, from, newdir, to, flags));
}

int64_t lu_sys_rename(struct lu_process *p, const uint64_t *a)
{
    return do_renameat2(p, AT_FDCWD, lu_ad(a, 0), AT_FDCWD, lu_ad(a, 1), 0);
}

int64_t lu_sys_renameat(struct lu_process *p, const uint64_t *a)
{
    return do_renameat2(p, lu_int(a, 0), lu_ad(a, 1), lu_int(a, 2), lu_ad(a, 3), 0);
}

int64_t lu_sys_renameat2(struct lu_process *p, const uint64_t *a)
{
    return do_renameat2(p, lu_int(a, 0), lu_ad(a, 1), lu_int(a, 2), lu_ad(a, 3), lu_u32(a, 4));
}

static int64_t do_linkat(struct lu_process *p, int olddir, lu_addr oldp, int newdir,
                         lu_addr newp, int flags)
{
    char from[LU_PATH_MAX], to[LU_PATH_MAX];
    int64_t r = two_paths(p, oldp, from, newp, to);
    return r < 0 ? r : lu_ret(linkat(olddir, from, newdir, to, flags));
}

int64_t lu_sys_link(struct lu_process *p, const uint64_t *a)
{
    return do_linkat(p, AT_FDCWD, lu_ad(a, 0), AT_FDCWD, lu_ad(a, 1), 0);
}

int64_t lu_sys_linkat(struct lu_process *p, const uint64_t *a)
{
    return do_linkat(p, lu_int(a, 0), lu_ad(a, 1), lu_int(a, 2), lu_ad(a, 3), lu_int(a, 4));
}

static int64_t do_symlinkat(struct lu_process *p, lu_addr target, int newdir, lu_addr newp)
{
    char from[LU_PATH_MAX], to[LU_PATH_MAX];
    /* The target is the link's contents, not a file looked up now. */
    int64_t r = lu_path_raw(p, from, target);
    if (r == 0)
        r = lu_path(p, to, newp);
    return r < 0 ? r : lu_ret(symlinkat(from, newdir, to));
}

int64_t lu_sys_symlink(struct lu_process *p, const uint64_t *a)
{
    return do_symlinkat(p, lu_ad(a, 0), AT_FDCWD, lu_ad(a, 1));
}

int64_t lu_sys_symlinkat(struct lu_process *p, const uint64_t *a)
{
    return do_symlinkat(p, lu_ad(a, 0), lu_int(a, 1), lu_ad(a, 2));
}

static int64_t do_readlinkat(struct lu_process *p, int dirfd, lu_addr path, lu_addr buf, int size)
{
    char name[LU_PATH_MAX], out[LU_PATH_MAX];
    if (size <= 0)
        return -EINVAL;
    int64_t r = lu_path_raw(p, name, path);
    if (r < 0)
        return r;
    ssize_t n;
    /* The guest's own executable is the program duet runs, not duet. */
    if (lu_is_self_exe(name)) {
        char *real = realpath(p->exe_path, NULL);
        n = (ssize_t)snprintf(out, sizeof(out), "%s", real ? real : p->exe_path);
        free(real);
    } else {
        lu_path_map(p, name);
        n = readlinkat(dirfd, name, out, sizeof(out));
        if (n < 0)
            return lu_err();
    }
    uint32_t len = (uint32_t)size < (uint32_t)n ? (uint32_t)size : (uint32_t)n;
    r = lu_copy_to(p, buf, out, len);
    return r < 0 ? r : len;
}

int64_t lu_sys_readlink(struct lu_process *p, const uint64_t *a)
{
    return do_readlinkat(p, AT_FDCWD, lu_ad(a, 0), lu_ad(a, 1), lu_int(a, 2));
}

int64_t lu_sys_readlinkat(struct lu_process *p, const uint64_t *a)
{
    return do_readlinkat(p, lu_int(a, 0), lu_ad(a, 1), lu_ad(a, 2), lu_int(a, 3));
}

/* Through the system calls themselves: the C library's faccessat would
 * emulate flags in user space. */
static int64_t do_faccessat(struct lu_process *p, int dirfd, lu_addr path, int mode, int flags)
{
    char name[LU_PATH_MAX];
    int64_t r = lu_path(p, name, path);
    if (r < 0)
        return r;
    if (flags == 0)
        return lu_ret(syscall(SYS_faccessat, dirfd, name, mode));
    return lu_ret(syscall(SYS_faccessat2, dirfd, name, mode, flags));
}

int64_t lu_sys_access(struct lu_process *p, const uint64_t *a)
{
    return do_faccessat(p, AT_FDCWD, lu_ad(a, 0), lu_int(a, 1), 0);
}

int64_t lu_sys_faccessat(struct lu_process *p, const uint64_t *a)
{
    return do_faccessat(p, lu_int(a, 0), lu_ad(a, 1), lu_int(a, 2), 0);
}

int64_t lu_sys_faccessat2(struct lu_process *p, const uint64_t *a)
{
    return do_faccessat(p, lu_int(a, 0), lu_ad(a, 1), lu_int(a, 2), lu_int(a, 3));
}

static int64_t do_fchmodat(struct lu_process *p, int dirfd, lu_addr path, uint32_t mode)
{
    char name[LU_PATH_MAX];
    int64_t r = lu_path(p, name, path);
    return r < 0 ? r : lu_ret(fchmodat(dirfd, name, mode, 0));
}

int64_t lu_sys_chmod(struct lu_process *p, const uint64_t *a)
{
    return do_fchmodat(p, AT_FDCWD, lu_ad(a, 0), lu_u32(a, 1));
}

int64_t lu_sys_fchmodat(struct lu_process *p, const uint64_t *a)
{
    return do_fchmodat(p, lu_int(a, 0), lu_ad(a, 1), lu_u32(a, 2));
}

int64_t lu_sys_fchmod(struct lu_process *p, const uint64_t *a)
{
    (void)p;
    return lu_ret(fchmod(lu_int(a, 0), lu_u32(a, 1)));
}

/* IDs are 32-bit on both sides; the guest's -1 ("leave alone") is the host's. */
static int64_t do_fchownat(struct lu_process *p, int dirfd, lu_addr path, const uint64_t *ids, int flags)
{
    char name[LU_PATH_MAX];
    int64_t r = lu_path(p, name, path);
    return r < 0 ? r : lu_ret(fchownat(dirfd, name, lu_u32(ids, 0), lu_u32(ids, 1), flags));
}

int64_t lu_sys_chown32(struct lu_process *p, const uint64_t *a)
{
    return do_fchownat(p, AT_FDCWD, lu_ad(a, 0), a + 1, 0);
}

int64_t lu_sys_lchown32(struct lu_process *p, const uint64_t *a)
{
    return do_fchownat(p, AT_FDCWD, lu_ad(a, 0), a + 1, AT_SYMLINK_NOFOLLOW);
}

int64_t lu_sys_fchownat(struct lu_process *p, const uint64_t *a)
{
    return do_fchownat(p, lu_int(a, 0), lu_ad(a, 1), a + 2, lu_int(a, 4));
}

int64_t lu_sys_fchown32(struct lu_process *p, const uint64_t *a)
{
    (void)p;
    return lu_ret(fchown(lu_int(a, 0), lu_u32(a, 1), lu_u32(a, 2)));
}

/* utimensat(dirfd, path, times[2], flags): a NULL path is futimens (the
 * system call allows it, the C library's utimensat does not), NULL times
 * is now. UTIME_NOW and UTIME_OMIT are the same numbers everywhere. */
static int64_t do_utimensat(struct lu_process *p, const uint64_t *a, bool time64)
{
    char name[LU_PATH_MAX];
    struct timespec ts[2];
    lu_addr path = lu_ad(a, 1), times = lu_ad(a, 2);
    if (path) {
        int64_t r = lu_path(p, name, path);
        if (r < 0)
            return r;
    }
    for (int i = 0; times && i < 2; i++)
        if (lu_get_timespec(p, times + lu_timespec_size(p, time64) * (lu_addr)i, time64, &ts[i]) != 0)
            return -EFAULT;
    return lu_ret(syscall(SYS_utimensat, lu_int(a, 0), path ? name : NULL, times ? ts : NULL,
                          lu_int(a, 3)));
}

int64_t lu_sys_utimensat(struct lu_process *p, const uint64_t *a)
{
    return do_utimensat(p, a, false);
}

int64_t lu_sys_utimensat_time64(struct lu_process *p, const uint64_t *a)
{
    return do_utimensat(p, a, true);
}

static int64_t do_truncate(struct lu_process *p, lu_addr path, int64_t len)
{
    char name[LU_PATH_MAX];
    int64_t r = lu_path(p, name, path);
    return r < 0 ? r : lu_ret(truncate(name, (off_t)len));
}

int64_t lu_sys_truncate(struct lu_process *p, const uint64_t *a)
{
    return do_truncate(p, lu_ad(a, 0), lu_slong(p, a[1]));
}

int64_t lu_sys_ftruncate(struct lu_process *p, const uint64_t *a)
{
    return lu_ret(ftruncate(lu_int(a, 0), (off_t)lu_slong(p, a[1])));
}

/* truncate64(path, length) and ftruncate64(fd, length): the length is the
 * target's 64-bit argument after one word. */
int64_t lu_sys_truncate64(struct lu_process *p, const uint64_t *a)
{
    unsigned i = 1;
    int64_t len = (int64_t)p->target->syscall_arg64(a, &i);
    return do_truncate(p, lu_ad(a, 0), len);
}

int64_t lu_sys_ftruncate64(struct lu_process *p, const uint64_t *a)
{
    unsigned i = 1;
    int64_t len = (int64_t)p->target->syscall_arg64(a, &i);
    return lu_ret(ftruncate(lu_int(a, 0), (off_t)len));
}
