/* Linux user mode for ARM EABI: system call numbers and registers, the
 * private ARM calls, and the kuser helper page the kernel maps at
 * 0xffff0000 (real ARM code, so it runs through the translator). */
#include <errno.h>
#include <string.h>

#include "arm/cpu.h"
#include "linux-user/arm/target.h"

#define KUSER_PAGE 0xffff0000u
#define KUSER_TLS_WORD 0xffff0ff0u   /* where get_tls reads on CPUs without TPIDRURO */

static struct arm_cpu *arm(struct lu_process *p)
{
    return (struct arm_cpu *)p->cpu;
}

static long arm_syscall_nr(struct lu_process *p)
{
    return arm(p)->r[7];
}

static uint64_t arm_syscall_arg(struct lu_process *p, unsigned i)
{
    return arm(p)->r[i];
}

static void arm_syscall_ret(struct lu_process *p, int64_t ret)
{
    arm(p)->r[0] = (uint32_t)ret;
}

static void arm_set_tls(struct lu_process *p, uint32_t v)
{
    arm(p)->tpidruro = v;
    lu_poke(p, KUSER_TLS_WORD, &v, 4);
}

static int64_t arm_syscall_private(struct lu_process *p, long nr)
{
    switch (nr) {
    case 0xf0002: /* cacheflush: the translator sees writes to code itself */
        return 0;
    case 0xf0005: /* set_tls */
        arm_set_tls(p, arm(p)->r[0]);
        return 0;
    default:
        return -ENOSYS;
    }
}

static const struct {
    uint16_t nr;
    uint8_t sys;
} arm_sys_map[] = {
    { 1, LU_SYS_exit }, { 3, LU_SYS_read }, { 4, LU_SYS_write }, { 5, LU_SYS_open },
    { 6, LU_SYS_close }, { 19, LU_SYS_lseek }, { 20, LU_SYS_getpid }, { 45, LU_SYS_brk },
    { 54, LU_SYS_ioctl }, { 78, LU_SYS_gettimeofday }, { 85, LU_SYS_readlink },
    { 91, LU_SYS_munmap }, { 122, LU_SYS_uname }, { 125, LU_SYS_mprotect },
    { 146, LU_SYS_writev }, { 192, LU_SYS_mmap2 }, { 199, LU_SYS_getuid }, { 200, LU_SYS_getgid },
    { 201, LU_SYS_geteuid }, { 202, LU_SYS_getegid }, { 224, LU_SYS_gettid },
    { 248, LU_SYS_exit_group }, { 256, LU_SYS_set_tid_address }, { 263, LU_SYS_clock_gettime },
    { 322, LU_SYS_openat }, { 384, LU_SYS_getrandom },
};

static int arm_syscall_common(long nr)
{
    for (size_t i = 0; i < sizeof(arm_sys_map) / sizeof(arm_sys_map[0]); i++)
        if (arm_sys_map[i].nr == nr)
            return arm_sys_map[i].sys;
    return -1;
}

static const char *arm_uname_machine(struct lu_process *p)
{
    return arm(p)->model->uname;
}

static const char *arm_platform(struct lu_process *p)
{
    return arm(p)->model->platform;
}

static uint32_t arm_hwcap(struct lu_process *p)
{
    return arm(p)->model->hwcap;
}

static bool arm_exit_reason(struct lu_process *p, enum exit_reason r)
{
    (void)p;
    (void)r;
    return false;
}

const struct lu_target lu_target_arm = {
    .name = "arm",
    .elf_machine = 40, /* EM_ARM */
    .syscall_nr = arm_syscall_nr,
    .syscall_arg = arm_syscall_arg,
    .syscall_ret = arm_syscall_ret,
    .syscall_private = arm_syscall_private,
    .syscall_common = arm_syscall_common,
    .uname_machine = arm_uname_machine,
    .platform = arm_platform,
    .hwcap = arm_hwcap,
    .exit_reason = arm_exit_reason,
};

/* The helpers as the Linux kernel's documentation (kernel_user_helpers)
 * specifies them, for a uniprocessor: single-threaded guests need no
 * interlock beyond what one host thread gives. */
static const struct {
    uint32_t addr;
    uint32_t code[6];
    unsigned n;
} kuser_code[] = {
    /* __kuser_memory_barrier: nothing to order on one CPU */
    { 0xffff0fa0, { 0xe12fff1e /* bx lr */ }, 1 },
    /* __kuser_cmpxchg(oldval r0, newval r1, ptr r2): r0 = 0 and C set on success */
    { 0xffff0fc0, { 0xe5923000 /* ldr r3, [r2] */, 0xe0533000 /* subs r3, r3, r0 */,
                    0x05821000 /* streq r1, [r2] */, 0xe2730000 /* rsbs r0, r3, #0 */,
                    0xe12fff1e /* bx lr */ }, 5 },
    /* __kuser_get_tls: the value set_tls left in the page */
    { 0xffff0fe0, { 0xe59f0008 /* ldr r0, [pc, #8] */, 0xe12fff1e /* bx lr */ }, 2 },
};

int lu_arm_setup(struct lu_process *p)
{
    if (lu_map(p, KUSER_PAGE, LU_PAGE, LU_PROT_R | LU_PROT_W) != 0)
        return -1;
    for (size_t i = 0; i < sizeof(kuser_code) / sizeof(kuser_code[0]); i++)
        memcpy(p->mem.base + kuser_code[i].addr, kuser_code[i].code, 4 * kuser_code[i].n);
    uint32_t version = 2;  /* __kuser_helper_version at 0xffff0ffc */
    memcpy(p->mem.base + 0xffff0ffc, &version, 4);
    return lu_protect(p, KUSER_PAGE, LU_PAGE, LU_PROT_R | LU_PROT_X);
}
