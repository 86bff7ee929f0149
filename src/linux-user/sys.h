/* What the system call files of Linux user mode share: the handler type,
 * checked copies to and from guest memory, the guest's time, flag and
 * iovec layouts, and the handlers the dispatch table in syscall.c lists.
 *
 * Guest structures are the generic Linux ones (ARM EABI's for a 32-bit
 * guest) with the guest's long and pointer size (lu_target.word_size);
 * every one is converted field by field, many through a layout string
 * (lu_struct_get/lu_struct_put). */
#ifndef DUET_LU_SYS_H
#define DUET_LU_SYS_H

#include <errno.h>
#include <stdbool.h>
#include <sys/uio.h>
#include <time.h>

#include "linux-user/process.h"

typedef int64_t (*lu_sys_fn)(struct lu_process *p, const uint64_t *a);

/* The host errno as a system call result. The numbers are the same on ARM
 * and x86-64 Linux (MIPS will need a table). */
static inline int64_t lu_err(void)
{
    return -(int64_t)errno;
}

/* A host call's result: r, or -errno when it failed. */
static inline int64_t lu_ret(int64_t r)
{
    return r < 0 ? lu_err() : r;
}

/* Argument a[i] as the guest's 32-bit unsigned word or signed int. */
static inline uint32_t lu_u32(const uint64_t *a, unsigned i)
{
    return (uint32_t)a[i];
}

static inline int lu_int(const uint64_t *a, unsigned i)
{
    return (int)(int32_t)a[i];
}

/* Argument a[i] as a guest pointer (the targets give a 32-bit guest's
 * zero-extended). */
static inline lu_addr lu_ad(const uint64_t *a, unsigned i)
{
    return a[i];
}

/* A value of the guest's long (or size_t), signed or not. */
static inline int64_t lu_slong(const struct lu_process *p, uint64_t v)
{
    return p->target->word_size == 8 ? (int64_t)v : (int64_t)(int32_t)v;
}

static inline uint64_t lu_ulong(const struct lu_process *p, uint64_t v)
{
    return p->target->word_size == 8 ? v : (uint32_t)v;
}

/* A 32- or 64-bit value to or from the guest's byte order. */
static inline uint32_t lu_g32(const struct lu_process *p, uint32_t v)
{
    return p->target->big_endian ? __builtin_bswap32(v) : v;
}

static inline uint64_t lu_g64(const struct lu_process *p, uint64_t v)
{
    return p->target->big_endian ? __builtin_bswap64(v) : v;
}

/* A structure in buf between host and guest byte order, in place (its
 * own inverse; nothing to do for a little-endian guest). layout lists its
 * fields: 'h' 16 bits, 'w' 32, 'd' 64, 'b' a byte left alone; a decimal
 * count repeats the next field ("4w" is four words). */
void lu_swap_layout(const struct lu_process *p, void *buf, const char *layout);
/* n 32-bit words. */
void lu_swap_words(const struct lu_process *p, void *buf, size_t n);
/* n of the guest's longs. */
void lu_swap_longs(const struct lu_process *p, void *buf, size_t n);

/* Guest memory through lu_ptr: 0, or -EFAULT with nothing copied. Guest
 * addresses need no alignment. */
int64_t lu_copy_to(struct lu_process *p, lu_addr addr, const void *src, lu_addr len);
int64_t lu_copy_from(struct lu_process *p, void *dst, lu_addr addr, lu_addr len);
int64_t lu_put_u32(struct lu_process *p, lu_addr addr, uint32_t v);
int64_t lu_put_u64(struct lu_process *p, lu_addr addr, uint64_t v);
/* A guest long or pointer (word_size bytes). */
int64_t lu_put_long(struct lu_process *p, lu_addr addr, uint64_t v);
int64_t lu_get_long(struct lu_process *p, lu_addr addr, uint64_t *v);

/* Guest structures by layout: one character per field, 'b' 8 bits, 'h'
 * 16, 'w' 32, 'd' 64, 'l' the guest's long or pointer; a decimal count
 * repeats the next field ("4l" is four longs). Each field is aligned to
 * its size and the whole to its largest field, as the C ABIs of Linux
 * guests lay structures out; vals holds one value per field (zero-
 * extended when read). 0, or -EFAULT with nothing copied. */
int64_t lu_struct_put(struct lu_process *p, lu_addr addr, const char *layout, const uint64_t *vals);
int64_t lu_struct_get(struct lu_process *p, lu_addr addr, const char *layout, uint64_t *vals);
/* The bytes of the structure (with its tail padding). */
uint32_t lu_struct_size(const struct lu_process *p, const char *layout);
/* The same in a buffer of lu_struct_size bytes (pack zeroes the padding
 * and returns the size). */
uint32_t lu_struct_pack(const struct lu_process *p, void *buf, const char *layout, const uint64_t *vals);
void lu_struct_unpack(const struct lu_process *p, const void *buf, const char *layout, uint64_t *vals);

#define LU_PATH_MAX 4096
/* A path argument into buf (LU_PATH_MAX bytes) as the host path it means
 * (path.c: the sysroot, /proc/self/exe): 0, -EFAULT or -ENAMETOOLONG. */
int64_t lu_path(struct lu_process *p, char *buf, lu_addr addr);
/* The guest's string itself, for what is not looked up (a symlink's target). */
int64_t lu_path_raw(struct lu_process *p, char *buf, lu_addr addr);
/* Turns a guest path in buf (LU_PATH_MAX bytes) into the host's, in place. */
void lu_path_map(struct lu_process *p, char *buf);
bool lu_is_self_exe(const char *name);

/* Guest struct timespec: two longs, or for the _time64 calls of 32-bit
 * guests two 64-bit words, of which the kernel reads only the low half of
 * tv_nsec. struct timeval is two longs too. */
int64_t lu_get_timespec(struct lu_process *p, lu_addr addr, bool time64, struct timespec *ts);
int64_t lu_put_timespec(struct lu_process *p, lu_addr addr, bool time64, const struct timespec *ts);
uint32_t lu_timespec_size(const struct lu_process *p, bool time64);

/* Guest open(2) flags to host ones and back (open, fcntl, pipe2, dup3). */
int lu_open_flags_to_host(uint32_t g);
uint32_t lu_open_flags_to_guest(int h);

/* A guest iovec array (pairs of longs) into iov, each buffer checked for
 * prot: 0, -EINVAL (cnt above LU_IOV_MAX) or -EFAULT. */
#define LU_IOV_MAX 1024
int64_t lu_iovec(struct lu_process *p, lu_addr addr, uint32_t cnt, int prot, struct iovec *iov);

/* clone's flags (the same on every guest). */
enum {
    G_CLONE_VM = 0x100, G_CLONE_FS = 0x200, G_CLONE_FILES = 0x400, G_CLONE_SIGHAND = 0x800,
    G_CLONE_VFORK = 0x4000, G_CLONE_THREAD = 0x10000, G_CLONE_SYSVSEM = 0x40000,
    G_CLONE_SETTLS = 0x80000, G_CLONE_PARENT_SETTID = 0x100000, G_CLONE_CHILD_CLEARTID = 0x200000,
    G_CLONE_CHILD_SETTID = 0x1000000,
};

/* -d unimp: a system call number or ioctl request duet does not know,
 * logged once per process. */
enum lu_unimp_kind { LU_UNIMP_SYSCALL, LU_UNIMP_IOCTL, LU_UNIMP_PRCTL };
void lu_log_unimplemented(struct lu_process *p, enum lu_unimp_kind kind, uint64_t number);

/* Whether the common ioctl knows the generic request req (a target whose
 * own numbers overlap the generic ones must not pass such a number on). */
bool lu_ioctl_known(uint32_t req);

#define LU_SYS_DECL(n) int64_t lu_sys_##n(struct lu_process *p, const uint64_t *a);

/* sys_file.c */
LU_SYS_DECL(stat64) LU_SYS_DECL(lstat64) LU_SYS_DECL(fstat64) LU_SYS_DECL(fstatat64)
LU_SYS_DECL(statx) LU_SYS_DECL(statfs64) LU_SYS_DECL(fstatfs64) LU_SYS_DECL(statfs)
LU_SYS_DECL(fstatfs) LU_SYS_DECL(getcwd)
LU_SYS_DECL(chdir) LU_SYS_DECL(fchdir) LU_SYS_DECL(mkdir) LU_SYS_DECL(mkdirat)
LU_SYS_DECL(rmdir) LU_SYS_DECL(unlink) LU_SYS_DECL(unlinkat) LU_SYS_DECL(rename)
LU_SYS_DECL(renameat) LU_SYS_DECL(renameat2) LU_SYS_DECL(link) LU_SYS_DECL(linkat)
LU_SYS_DECL(symlink) LU_SYS_DECL(symlinkat) LU_SYS_DECL(readlink) LU_SYS_DECL(readlinkat)
LU_SYS_DECL(access) LU_SYS_DECL(faccessat) LU_SYS_DECL(faccessat2) LU_SYS_DECL(chmod)
LU_SYS_DECL(fchmod) LU_SYS_DECL(fchmodat) LU_SYS_DECL(chown32) LU_SYS_DECL(fchown32)
LU_SYS_DECL(lchown32) LU_SYS_DECL(fchownat) LU_SYS_DECL(utimensat)
LU_SYS_DECL(utimensat_time64) LU_SYS_DECL(truncate) LU_SYS_DECL(ftruncate)
LU_SYS_DECL(truncate64) LU_SYS_DECL(ftruncate64) LU_SYS_DECL(mknod) LU_SYS_DECL(mknodat)

/* sys_ioctl.c */
LU_SYS_DECL(ioctl)

/* sys_socket.c */
LU_SYS_DECL(socket) LU_SYS_DECL(socketpair) LU_SYS_DECL(bind) LU_SYS_DECL(connect)
LU_SYS_DECL(listen) LU_SYS_DECL(accept) LU_SYS_DECL(accept4) LU_SYS_DECL(getsockname)
LU_SYS_DECL(getpeername) LU_SYS_DECL(send) LU_SYS_DECL(sendto) LU_SYS_DECL(recv)
LU_SYS_DECL(recvfrom) LU_SYS_DECL(shutdown) LU_SYS_DECL(setsockopt) LU_SYS_DECL(getsockopt)
LU_SYS_DECL(sendmsg) LU_SYS_DECL(recvmsg) LU_SYS_DECL(socketcall)

/* sys_fd.c */
LU_SYS_DECL(getdents64) LU_SYS_DECL(_llseek) LU_SYS_DECL(pread64) LU_SYS_DECL(pwrite64)
LU_SYS_DECL(readv) LU_SYS_DECL(dup) LU_SYS_DECL(dup2) LU_SYS_DECL(dup3) LU_SYS_DECL(pipe)
LU_SYS_DECL(pipe2) LU_SYS_DECL(fcntl64) LU_SYS_DECL(fsync) LU_SYS_DECL(fdatasync)
LU_SYS_DECL(sync) LU_SYS_DECL(poll) LU_SYS_DECL(ppoll) LU_SYS_DECL(ppoll_time64)
LU_SYS_DECL(_newselect) LU_SYS_DECL(pselect6) LU_SYS_DECL(pselect6_time64)
LU_SYS_DECL(fallocate) LU_SYS_DECL(arm_fadvise64_64) LU_SYS_DECL(sendfile) LU_SYS_DECL(sendfile64)

/* sys_proc.c */
LU_SYS_DECL(umask) LU_SYS_DECL(getppid) LU_SYS_DECL(getpgrp) LU_SYS_DECL(setpgid)
LU_SYS_DECL(getpgid) LU_SYS_DECL(setsid) LU_SYS_DECL(getsid) LU_SYS_DECL(ugetrlimit)
LU_SYS_DECL(setrlimit) LU_SYS_DECL(prlimit64) LU_SYS_DECL(getrusage) LU_SYS_DECL(times)
LU_SYS_DECL(sysinfo) LU_SYS_DECL(nanosleep) LU_SYS_DECL(clock_nanosleep)
LU_SYS_DECL(clock_nanosleep_time64) LU_SYS_DECL(clock_gettime64) LU_SYS_DECL(clock_getres)
LU_SYS_DECL(clock_getres_time64) LU_SYS_DECL(wait4) LU_SYS_DECL(waitpid) LU_SYS_DECL(kill) LU_SYS_DECL(tkill)
LU_SYS_DECL(tgkill) LU_SYS_DECL(sched_yield) LU_SYS_DECL(set_robust_list)
LU_SYS_DECL(get_robust_list) LU_SYS_DECL(rseq) LU_SYS_DECL(getgroups32)
LU_SYS_DECL(getresuid32) LU_SYS_DECL(getresgid32) LU_SYS_DECL(sched_getaffinity)
LU_SYS_DECL(prctl) LU_SYS_DECL(getpriority) LU_SYS_DECL(setpriority) LU_SYS_DECL(ioprio_get)
LU_SYS_DECL(ioprio_set)

/* sys_mem.c */
LU_SYS_DECL(madvise) LU_SYS_DECL(mremap) LU_SYS_DECL(msync)

/* sys_exec.c */
LU_SYS_DECL(fork) LU_SYS_DECL(vfork) LU_SYS_DECL(clone) LU_SYS_DECL(execve)

/* sys_signal.c */
LU_SYS_DECL(rt_sigaction) LU_SYS_DECL(sigaction) LU_SYS_DECL(rt_sigprocmask)
LU_SYS_DECL(sigprocmask) LU_SYS_DECL(rt_sigpending) LU_SYS_DECL(sigpending)
LU_SYS_DECL(rt_sigsuspend) LU_SYS_DECL(pause) LU_SYS_DECL(rt_sigtimedwait)
LU_SYS_DECL(rt_sigtimedwait_time64) LU_SYS_DECL(sigaltstack) LU_SYS_DECL(rt_sigreturn)
LU_SYS_DECL(sigreturn) LU_SYS_DECL(setitimer) LU_SYS_DECL(getitimer)

/* thread.c */
LU_SYS_DECL(futex) LU_SYS_DECL(futex_time64)

#undef LU_SYS_DECL

#endif
