/* Linux user mode: one guest process in its own guest address space. The
 * common code here knows nothing of the guest ISA; struct lu_target holds
 * what differs (src/linux-user/<arch>/). */
#ifndef DUET_LU_PROCESS_H
#define DUET_LU_PROCESS_H

#include <stdio.h>

#include "dbt.h"

#define LU_PAGE 4096u
#define LU_PAGES (1u << 20)      /* 4 GiB of 4 KiB pages */

enum { LU_PROT_R = 1, LU_PROT_W = 2, LU_PROT_X = 4, LU_MAPPED = 8 };

struct lu_process;

/* The guest ISA as user mode sees it. */
struct lu_target {
    const char *name;
    uint16_t elf_machine;       /* EM_* */
    /* Syscall number and arguments from the CPU; result back into it. */
    long (*syscall_nr)(struct lu_process *p);
    uint64_t (*syscall_arg)(struct lu_process *p, unsigned i);
    void (*syscall_ret)(struct lu_process *p, int64_t ret);
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
};

struct lu_process {
    const struct lu_target *target;
    struct guest_mem mem;
    uint8_t *page_prot;         /* LU_PROT_* per guest page */
    struct dbt *dbt;
    struct cpu_head *cpu;
    uint32_t brk_start, brk;
    uint32_t mmap_base;         /* where the next unhinted mmap looks from */
    uint32_t entry, phdr, phnum, phent;
    uint32_t stack_top;
    const char *exe_path;
    uint32_t log;
    FILE *logfile;
    bool exited;
    int exit_status;            /* exit code, or 128 + signal */
    int exit_signal;            /* 0, or the signal that killed it */
};

/* Address space. */
int lu_mem_init(struct lu_process *p);
void lu_mem_fini(struct lu_process *p);
/* Maps [addr, addr+len) with prot; addr and len page-aligned. */
int lu_map(struct lu_process *p, uint32_t addr, uint32_t len, int prot);
int lu_unmap(struct lu_process *p, uint32_t addr, uint32_t len);
int lu_protect(struct lu_process *p, uint32_t addr, uint32_t len, int prot);
/* A free range of len bytes at or above hint, or 0. */
uint32_t lu_find_free(struct lu_process *p, uint32_t hint, uint32_t len);
/* Guest pointer checks: a host pointer to [addr, addr+len) when all of it
 * is mapped with prot, else NULL. */
void *lu_ptr(struct lu_process *p, uint32_t addr, uint32_t len, int prot);
/* Copies a NUL-terminated guest string of at most max bytes; -1 on fault. */
int lu_strcpy_from(struct lu_process *p, char *dst, uint32_t addr, size_t max);
/* Writes into guest memory whatever its protection (the kernel's view);
 * the range must be mapped and lie within one protection. */
int lu_poke(struct lu_process *p, uint32_t addr, const void *data, uint32_t len);
bool lu_fetch(void *opaque, uint64_t pc, unsigned size, uint32_t *insn);

/* ELF loading and the initial stack. Errors name the file and the problem
 * on stderr and return -1. */
int lu_load_elf(struct lu_process *p, const char *path, uint16_t *machine);
int lu_elf_machine(const char *path, uint16_t *machine);
int lu_setup_stack(struct lu_process *p, int argc, char **argv, char **envp);

/* System calls: the ones common to every guest, by the number each target
 * maps its own numbers to. */
enum lu_sys {
    LU_SYS_exit, LU_SYS_exit_group, LU_SYS_read, LU_SYS_write, LU_SYS_writev, LU_SYS_open,
    LU_SYS_openat, LU_SYS_close, LU_SYS_lseek, LU_SYS_brk, LU_SYS_mmap2, LU_SYS_munmap,
    LU_SYS_mprotect, LU_SYS_uname, LU_SYS_getpid, LU_SYS_gettid, LU_SYS_getuid, LU_SYS_geteuid,
    LU_SYS_getgid, LU_SYS_getegid, LU_SYS_set_tid_address, LU_SYS_ioctl, LU_SYS_clock_gettime,
    LU_SYS_gettimeofday, LU_SYS_readlink, LU_SYS_getrandom,
    LU_NUM_SYS
};
void lu_syscall(struct lu_process *p);

#endif
