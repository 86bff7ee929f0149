/* Linux user mode: one guest process in its own guest address space. The
 * common code here knows nothing of the guest ISA; struct lu_target holds
 * what differs (src/linux-user/<arch>/). */
#ifndef DUET_LU_PROCESS_H
#define DUET_LU_PROCESS_H

#include <pthread.h>
#include <stdio.h>
#include <sys/types.h>

#include "dbt.h"
#include "linux-user/signal.h"

#define LU_PAGE 4096u
/* The page table is two-level: a chunk of LU_CHUNK_PAGES page entries
 * (1 GiB of guest space) exists once something in it was mapped. */
#define LU_CHUNK_PAGES (1u << 18)
#define LU_CHUNK_BYTES ((uint64_t)LU_CHUNK_PAGES * LU_PAGE)

/* A guest address, or a length in guest memory: 64 bits for every target
 * (a 32-bit guest's are below 4 GiB). */
typedef uint64_t lu_addr;

enum { LU_PROT_R = 1, LU_PROT_W = 2, LU_PROT_X = 4, LU_MAPPED = 8 };

struct lu_process;
struct lu_abi;

/* The guest ISA as user mode sees it. */
struct lu_target {
    const char *name;
    uint16_t elf_machine;       /* EM_* */
    bool big_endian;            /* guest data, structures and stack words are big-endian */
    /* Bytes of the guest's long and pointer (4 or 8): the ELF class, the
     * stack words and the structures of the common calls follow it. */
    uint8_t word_size;
    /* The end of the user address space (0: 4 GiB); the stack goes below
     * it. A 64-bit guest's space is a host reservation of this size. */
    uint64_t task_size;
    /* Where mappings without a hint (and the interpreter) go. */
    uint64_t mmap_base;
    /* Where a position-independent main program goes (0: 0x00400000),
     * aligned down to its segments' alignment. */
    uint64_t pie_base;
    /* Where the guest's Linux ABI differs from the generic one (abi.h), or NULL. */
    const struct lu_abi *abi;
    /* Syscall number and arguments from the CPU; result back into it. */
    long (*syscall_nr)(struct lu_process *p);
    uint64_t (*syscall_arg)(struct lu_process *p, unsigned i);
    /* The 64-bit argument that would start at argument slot *i of the
     * arguments a (as read with syscall_arg), by the ABI's rule for where
     * such arguments go; moves *i past the slots it took. */
    uint64_t (*syscall_arg64)(const uint64_t *a, unsigned *i);
    void (*syscall_ret)(struct lu_process *p, int64_t ret);
    /* The thread pointer (clone's CLONE_SETTLS, ARM's set_tls). */
    void (*set_tls)(struct lu_process *p, lu_addr v);
    /* Sets the stack pointer (clone with a new stack). */
    void (*set_sp)(struct lu_process *p, lu_addr sp);
    /* Target-private system calls (ARM: set_tls, cacheflush); returns
     * -ENOSYS when nr is not one. */
    int64_t (*syscall_private)(struct lu_process *p, long nr);
    /* Maps a guest syscall number to the common one (enum lu_sys), or -1. */
    int (*syscall_common)(long nr);
    const char *(*uname_machine)(struct lu_process *p);
    const char *(*platform)(struct lu_process *p);
    uint32_t (*hwcap)(struct lu_process *p);
    /* Handles a target-specific exit reason; returns false to stop. */
    bool (*exit_reason)(struct lu_process *p, enum exit_reason r);
    /* The signal (host-numbered, as signal.h keeps them) and siginfo an
     * exit raises where the target's kernel differs from the common
     * choice (its own exit reasons, and any other it reports its way), or
     * 0 for the common one. May be NULL. */
    int (*exit_siginfo)(struct lu_process *p, enum exit_reason r, struct lu_siginfo *info);
    /* Signals (src/linux-user/<arch>/signal.c): builds a handler's frame
     * and enters the handler (0, or -1 when the stack cannot take it);
     * sigreturn's restore of it (rt: rt_sigreturn's; -1 on a bad frame);
     * puts the CPU back on the system call just done, a0 its first argument. */
    int (*setup_frame)(struct lu_process *p, int sig, const struct lu_sigaction *act,
                       const struct lu_siginfo *info, uint64_t oldmask);
    int (*restore_frame)(struct lu_process *p, bool rt);
    void (*syscall_restart)(struct lu_process *p, uint64_t a0);
    lu_addr (*get_sp)(struct lu_process *p);
    /* Threads: a new thread's CPU, a copy of p's (cpu_free frees it), and
     * the change to the process when it gets its second thread (ARM: the
     * kuser helpers that must be atomic between threads). */
    struct cpu_head *(*cpu_clone)(struct lu_process *p);
    void (*cpu_free)(struct cpu_head *cpu);
    void (*threads_start)(struct lu_process *p);
};

/* Ranges of guest code other threads changed, for this thread's translator
 * to drop before it runs on (guarded by lu_shared.lock). */
#define LU_INVAL_MAX 16
struct lu_inval {
    unsigned n;
    bool all;                   /* more than LU_INVAL_MAX: drop everything */
    lu_addr start[LU_INVAL_MAX], len[LU_INVAL_MAX];
};

#define LU_UNIMP_MAX 64

/* What the threads of one guest process share and change. */
struct lu_shared {
    /* Guards the thread list and the memory map (page_prot, brk, the host
     * mappings): memory system calls hold it throughout. */
    pthread_mutex_t lock;
    pthread_cond_t thread_gone;
    struct lu_process *threads;     /* linked through lu_process.next_thread */
    unsigned nthreads;
    bool threaded;                  /* has had a second thread */
    bool first_waits;               /* the first thread exited and waits for the rest */
    lu_addr brk_start, brk;
    struct lu_sighand sig;
    struct dbt_stats exited_stats;  /* translator figures of threads gone */
    uint64_t unimp_logged[LU_UNIMP_MAX];  /* -d unimp: what was logged so far (lu_log_unimplemented) */
    unsigned nunimp;
};

/* One guest thread (a task, in the kernel's words). What every thread of
 * the process reads but nobody changes after loading is copied into each;
 * what changes is in sh. */
struct lu_process {
    const struct lu_target *target;
    struct lu_shared *sh;
    struct guest_mem mem;
    /* LU_PROT_* per guest page: chunks of LU_CHUNK_PAGES entries, NULL
     * while none of the chunk's pages was ever mapped (lu_page_prot). */
    uint8_t **page_prot;
    struct dbt *dbt;
    struct cpu_head *cpu;
    /* To give a new thread its own translator of the same guest. */
    struct frontend fe;
    const struct dbt_config *dbt_cfg;
    bool print_stats;           /* --stats: at exit, whichever thread ends the process */
    pid_t tid;
    struct lu_process *next_thread;
    struct lu_inval inval;
    lu_addr mmap_base;          /* where the next unhinted mmap looks from */
    lu_addr entry, phdr;
    uint32_t phnum, phent;   /* the program's, for the auxiliary vector */
    lu_addr start;              /* the first pc: the interpreter's entry, or entry */
    lu_addr interp_base;        /* AT_BASE: where the interpreter is loaded, or 0 */
    bool exec_stack;            /* PT_GNU_STACK asks for an executable stack */
    lu_addr stack_top;
    const char *exe_path;
    struct symtab *symbols;     /* filled from the ELF files when not NULL (-d in_asm) */
    const char *sysroot;        /* -L: guest absolute paths look here first, or NULL */
    /* duet's own options, so execve can run another guest program the same way. */
    char **reexec_opts;
    int nreexec_opts;
    lu_addr clear_child_tid;    /* CLONE_CHILD_CLEARTID / set_tid_address */
    uint32_t log;
    FILE *logfile;
    lu_addr robust_list;
    uint32_t robust_list_len;  /* set_robust_list's, for threads */
    bool exited;                /* this thread is done */
    bool group_exit;            /* ... and the whole process with it */
    int exit_status;            /* exit code, or 128 + signal */
    int exit_signal;            /* 0, or the signal that killed it */
    struct lu_signals sig;
};

/* Threads (thread.c). lu_shared_init makes p the process's first thread. */
void lu_shared_init(struct lu_shared *sh, struct lu_process *p);
void lu_shared_fini(struct lu_shared *sh);
/* Runs the thread until it exits or the process ends. */
void lu_run(struct lu_process *p);
/* After lu_run of the first thread: waits for the other threads when it
 * left alone, or ends the host process at once for an exit_group or a fatal
 * signal while other threads run (the host kernel stops them all). */
void lu_process_end(struct lu_process *p);
/* Ends duet as the guest ended: exit code, or death by the signal. */
_Noreturn void lu_host_exit(int status, int sig);
/* clone of a thread (CLONE_VM | CLONE_THREAD): the new thread's tid. */
int64_t lu_thread_create(struct lu_process *p, uint32_t flags, lu_addr newsp, lu_addr ptid,
                         lu_addr tls, lu_addr ctid);
/* A signal for thread tid of this process: 0, or -ESRCH when it is not one. */
int lu_thread_signal(struct lu_process *p, pid_t tid, int sig);
/* Makes the other threads look at their pending signals of mask. */
void lu_threads_kick(struct lu_process *p, uint64_t mask);
/* After fork: the child is this one thread. */
void lu_threads_after_fork(struct lu_process *p);
/* Guest code in [addr, addr+len) changed: every thread's translations of it
 * are dropped (the others' before their next block). */
void lu_invalidate(struct lu_process *p, lu_addr addr, lu_addr len);
void lu_lock(struct lu_process *p);
void lu_unlock(struct lu_process *p);

/* Address space. */
int lu_mem_init(struct lu_process *p);
void lu_mem_fini(struct lu_process *p);
/* Maps [addr, addr+len) with prot; addr and len page-aligned. */
int lu_map(struct lu_process *p, lu_addr addr, lu_addr len, int prot);
int lu_unmap(struct lu_process *p, lu_addr addr, lu_addr len);
int lu_protect(struct lu_process *p, lu_addr addr, lu_addr len, int prot);
/* The guest's LU_PROT_* and LU_MAPPED of the page holding addr (0 outside
 * the space). */
uint8_t lu_page_prot(const struct lu_process *p, lu_addr addr);
/* A free range of len bytes at or above hint, below the task size, or 0. */
lu_addr lu_find_free(struct lu_process *p, lu_addr hint, lu_addr len);
/* Guest pointer checks: a host pointer to [addr, addr+len) when all of it
 * is mapped with prot, else NULL. */
void *lu_ptr(struct lu_process *p, lu_addr addr, lu_addr len, int prot);
/* Copies a NUL-terminated guest string of at most max bytes; -1 on fault. */
int lu_strcpy_from(struct lu_process *p, char *dst, lu_addr addr, size_t max);
/* The length of the guest string at addr (without its NUL): max when the
 * first max bytes hold no NUL, -1 when a byte before either is not
 * readable. */
int64_t lu_strnlen(struct lu_process *p, lu_addr addr, uint64_t max);
/* Writes into guest memory whatever its protection (the kernel's view);
 * the range must be mapped and lie within one protection. */
int lu_poke(struct lu_process *p, lu_addr addr, const void *data, lu_addr len);
bool lu_fetch(void *opaque, uint64_t pc, unsigned size, uint32_t *insn);

/* ELF loading and the initial stack. Errors name the file and the problem
 * on stderr and return -1. */
int lu_load_elf(struct lu_process *p, const char *path, uint16_t *machine);
/* The header's machine, byte order and class (64-bit: ELFCLASS64). */
int lu_elf_machine(const char *path, uint16_t *machine, bool *big_endian, bool *elf64);
/* The initial stack; a message naming the program and -1 when argv and
 * envp are more than Linux takes (E2BIG). */
int lu_setup_stack(struct lu_process *p, int argc, char **argv, char **envp);
/* Linux's limits on what execve passes (fs/exec.c): one string, its NUL
 * included, at most LU_ARG_STRLEN_MAX bytes; all the strings (the
 * program's name among them) and the pointers to them (of the guest's
 * size) at most a quarter of the stack limit, within [128 KiB, 6 MiB].
 * lu_args_room gives the bytes left to the strings beside that many
 * pointers, or -E2BIG when the pointers alone are too many. */
#define LU_ARG_STRLEN_MAX (32u * 4096u)
int64_t lu_args_room(const struct lu_process *p, uint64_t pointers);
/* The host file for a guest path: SYSROOT/path when that exists, else path
 * (path.c); buf holds the result when it is not path itself. */
const char *lu_sysroot_path(const struct lu_process *p, const char *path, char *buf, size_t size);

/* System calls: the ones common to every guest, by the number each target
 * maps its own numbers to. */
enum lu_sys {
    LU_SYS_exit, LU_SYS_exit_group, LU_SYS_read, LU_SYS_write, LU_SYS_writev, LU_SYS_open,
    LU_SYS_openat, LU_SYS_close, LU_SYS_lseek, LU_SYS_brk, LU_SYS_mmap2, LU_SYS_munmap,
    LU_SYS_mprotect, LU_SYS_uname, LU_SYS_getpid, LU_SYS_gettid, LU_SYS_getuid, LU_SYS_geteuid,
    LU_SYS_getgid, LU_SYS_getegid, LU_SYS_set_tid_address, LU_SYS_ioctl, LU_SYS_clock_gettime,
    LU_SYS_gettimeofday, LU_SYS_readlink, LU_SYS_getrandom,
    /* Files and directories (sys_file.c). */
    LU_SYS_stat64, LU_SYS_lstat64, LU_SYS_fstat64, LU_SYS_fstatat64, LU_SYS_statx,
    LU_SYS_statfs64, LU_SYS_fstatfs64, LU_SYS_statfs, LU_SYS_fstatfs, LU_SYS_getcwd, LU_SYS_chdir, LU_SYS_fchdir, LU_SYS_mkdir,
    LU_SYS_mkdirat, LU_SYS_rmdir, LU_SYS_unlink, LU_SYS_unlinkat, LU_SYS_rename, LU_SYS_renameat,
    LU_SYS_renameat2, LU_SYS_link, LU_SYS_linkat, LU_SYS_symlink, LU_SYS_symlinkat,
    LU_SYS_readlinkat, LU_SYS_access, LU_SYS_faccessat, LU_SYS_faccessat2, LU_SYS_chmod,
    LU_SYS_fchmod, LU_SYS_fchmodat, LU_SYS_chown32, LU_SYS_fchown32, LU_SYS_lchown32,
    LU_SYS_fchownat, LU_SYS_utimensat, LU_SYS_utimensat_time64, LU_SYS_truncate,
    LU_SYS_ftruncate, LU_SYS_truncate64, LU_SYS_ftruncate64, LU_SYS_mknod, LU_SYS_mknodat,
    /* File descriptors (sys_fd.c). */
    LU_SYS_getdents64, LU_SYS__llseek, LU_SYS_pread64, LU_SYS_pwrite64, LU_SYS_readv, LU_SYS_dup,
    LU_SYS_dup2, LU_SYS_dup3, LU_SYS_pipe, LU_SYS_pipe2, LU_SYS_fcntl64, LU_SYS_fsync,
    LU_SYS_fdatasync, LU_SYS_sync, LU_SYS_poll, LU_SYS_ppoll, LU_SYS_ppoll_time64,
    LU_SYS__newselect, LU_SYS_pselect6, LU_SYS_pselect6_time64, LU_SYS_fallocate,
    LU_SYS_arm_fadvise64_64, LU_SYS_sendfile, LU_SYS_sendfile64,
    /* Processes, resources and time (sys_proc.c). */
    LU_SYS_umask, LU_SYS_getppid, LU_SYS_getpgrp, LU_SYS_setpgid, LU_SYS_getpgid, LU_SYS_setsid,
    LU_SYS_getsid, LU_SYS_ugetrlimit, LU_SYS_setrlimit, LU_SYS_prlimit64, LU_SYS_getrusage,
    LU_SYS_times, LU_SYS_sysinfo, LU_SYS_nanosleep, LU_SYS_clock_nanosleep,
    LU_SYS_clock_nanosleep_time64, LU_SYS_clock_gettime64, LU_SYS_clock_getres,
    LU_SYS_clock_getres_time64, LU_SYS_wait4, LU_SYS_waitpid, LU_SYS_kill, LU_SYS_tkill, LU_SYS_tgkill,
    LU_SYS_sched_yield, LU_SYS_set_robust_list, LU_SYS_get_robust_list, LU_SYS_rseq,
    LU_SYS_getgroups32, LU_SYS_getresuid32, LU_SYS_getresgid32, LU_SYS_sched_getaffinity,
    LU_SYS_prctl, LU_SYS_getpriority, LU_SYS_setpriority, LU_SYS_ioprio_get, LU_SYS_ioprio_set,
    /* Memory advice (sys_mem.c). */
    LU_SYS_madvise, LU_SYS_mremap, LU_SYS_msync,
    /* New processes and programs (sys_exec.c). */
    LU_SYS_fork, LU_SYS_vfork, LU_SYS_clone, LU_SYS_execve,
    /* Signals (sys_signal.c). */
    LU_SYS_rt_sigaction, LU_SYS_sigaction, LU_SYS_rt_sigprocmask, LU_SYS_sigprocmask,
    LU_SYS_rt_sigpending, LU_SYS_sigpending, LU_SYS_rt_sigsuspend, LU_SYS_pause,
    LU_SYS_rt_sigtimedwait, LU_SYS_rt_sigtimedwait_time64, LU_SYS_sigaltstack,
    LU_SYS_rt_sigreturn, LU_SYS_sigreturn, LU_SYS_setitimer, LU_SYS_getitimer,
    /* Threads (thread.c). */
    LU_SYS_futex, LU_SYS_futex_time64,
    /* Sockets (sys_socket.c). */
    LU_SYS_socket, LU_SYS_socketpair, LU_SYS_bind, LU_SYS_connect, LU_SYS_listen, LU_SYS_accept,
    LU_SYS_accept4, LU_SYS_getsockname, LU_SYS_getpeername, LU_SYS_send, LU_SYS_sendto, LU_SYS_recv,
    LU_SYS_recvfrom, LU_SYS_shutdown, LU_SYS_setsockopt, LU_SYS_getsockopt, LU_SYS_sendmsg,
    LU_SYS_recvmsg, LU_SYS_socketcall,
    LU_NUM_SYS
};
void lu_syscall(struct lu_process *p);

#endif
