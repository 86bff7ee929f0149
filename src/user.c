/* duet user: runs one Linux program of another CPU, like qemu-user. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arm/arm.h"
#include "cli.h"
#include "linux-user/arm/target.h"
#include "linux-user/mips/target.h"
#include "mips/mips.h"

#define EM_ARM 40
#define EM_MIPS 8

struct user_opts {
    struct cli_dbt_opts dbt;
    const char *cpu;
    const char *sysroot;
    const char *argv0;   /* -0: the guest's argv[0], when not the program path */
};

static int user_parse(int argc, char **argv, struct user_opts *o, int *first_arg)
{
    int i;
    for (i = 0; i < argc && argv[i][0] == '-'; i++) {
        const char *a = argv[i];
        int r = cli_dbt_option(argc, argv, &i, &o->dbt);
        if (r < 0)
            return -1;
        if (r > 0)
            continue;
        if (strcmp(a, "--") == 0) {
            i++;
            break;
        }
        const char **value = strcmp(a, "-cpu") == 0 ? &o->cpu : strcmp(a, "-L") == 0 ? &o->sysroot
                           : strcmp(a, "-0") == 0 ? &o->argv0 : NULL;
        if (!value) {
            cli_usage_error("unknown option '%s'", a);
            return -1;
        }
        if (i + 1 >= argc) {
            cli_usage_error("option '%s' needs an argument", a);
            return -1;
        }
        *value = argv[++i];
    }
    if (i >= argc) {
        cli_usage_error("%s", "user: no program given");
        return -1;
    }
    *first_arg = i;
    return 0;
}

/* The options a guest execve passes on to the duet that runs the new
 * program: the same CPU and translator settings, no logging. */
static int reexec_options(const struct user_opts *o, const char *model, char **v, char *passes,
                          size_t passes_len)
{
    static const char *const engine_opt[] = { "--engine=jit", "--engine=interp" };
    int n = 0;
    v[n++] = "-cpu";
    v[n++] = (char *)model;
    v[n++] = (char *)engine_opt[o->dbt.cfg.engine == ENGINE_INTERP];
    if (o->sysroot) {
        v[n++] = "-L";
        v[n++] = (char *)o->sysroot;
    }
    if (o->dbt.cfg.no_chain)
        v[n++] = "--no-chain";
    if (o->dbt.cfg.passes_off) {
        int len = snprintf(passes, passes_len, "--disable-pass=");
        for (unsigned i = 0; i < OPT_NUM_PASSES; i++)
            if (o->dbt.cfg.passes_off & (1u << i))
                len += snprintf(passes + len, passes_len - (size_t)len, "%s%s",
                                passes[len - 1] == '=' ? "" : ",", opt_pass_name[i]);
        v[n++] = passes;
    }
    return n;
}

/* What every guest's process sets up alike before loading: the shared
 * state of its threads, the symbols for -d in_asm, the address space. */
static int user_process_init(struct user_opts *o, struct lu_process *p, struct lu_shared *sh,
                             struct symtab *syms)
{
    p->log = o->dbt.cfg.log;
    p->logfile = o->dbt.cfg.logfile;
    p->sysroot = o->sysroot;
    p->dbt_cfg = &o->dbt.cfg;
    p->print_stats = o->dbt.stats;
    lu_shared_init(sh, p);
    symtab_init(syms);
    if (o->dbt.cfg.log & LOG_IN_ASM)
        p->symbols = o->dbt.cfg.symbols = syms;
    if (lu_mem_init(p) != 0) {
        fprintf(stderr, "duet: cannot reserve the guest address space\n");
        return -1;
    }
    return 0;
}

/* The loaded process from its first instruction to its end. */
static int user_run_loaded(struct user_opts *o, struct lu_process *p, const struct frontend *f)
{
    p->fe = *f;
    p->dbt = dbt_create(&o->dbt.cfg, &p->fe, &p->mem);
    lu_signal_init(p);
    lu_run(p);
    lu_process_end(p);
    if (o->dbt.stats)
        dbt_stats_print(stderr, &p->sh->exited_stats);
    dbt_destroy(p->dbt);
    return p->exit_status;
}

/* Ends the way the guest ended: its exit status, or its fatal signal. */
static int user_process_fini(struct lu_process *p, struct symtab *syms, int status)
{
    lu_mem_fini(p);
    lu_shared_fini(p->sh);
    symtab_fini(syms);
    if (p->exit_signal)
        lu_host_exit(status, p->exit_signal);
    return status;
}

static int user_run_arm(struct user_opts *o, int gargc, char **gargv)
{
    extern char **environ;
    const struct arm_model *m = arm_model_find(o->cpu ? o->cpu : ARM_DEFAULT_MODEL);
    if (!m)
        return cli_usage_error("unknown CPU '%s': expected arm7tdmi, arm926, arm1136 or arm1176", o->cpu);
    struct lu_process p = { .target = &lu_target_arm };
    struct lu_shared sh;
    struct symtab symbols;
    char *reexec[10], passes[96];
    p.reexec_opts = reexec;
    p.nreexec_opts = reexec_options(o, m->name, reexec, passes, sizeof(passes));
    struct arm_cpu cpu;
    uint16_t machine;
    int status = 1;

    arm_cpu_reset(&cpu, m);
    p.cpu = &cpu.head;
    if (user_process_init(o, &p, &sh, &symbols) != 0)
        return 1;
    struct arm_code_fetch fetch = { lu_fetch, &p };
    struct arm_frontend *fe = arm_frontend_create(m, &fetch);
    const char *path = gargv[0];
    if (o->argv0)
        gargv[0] = (char *)o->argv0;
    if (fe && lu_load_elf(&p, path, &machine) == 0 && lu_arm_setup(&p) == 0 &&
        lu_setup_stack(&p, gargc, gargv, environ) == 0) {
        struct frontend f = arm_frontend_get(fe);
        cpu.r[13] = p.stack_top;
        cpu.head.pc = p.start & ~1u;
        cpu.head.block_flags = (p.start & 1) ? ARM_TB_THUMB : 0;
        status = user_run_loaded(o, &p, &f);
    }
    arm_frontend_destroy(fe);
    return user_process_fini(&p, &symbols, status);
}

/* The Linux ABI of the program: o32 for a 32-bit ELF file, n64 for a
 * 64-bit one (lu_mips_fr_mode has refused the rest). */
static const struct lu_target *mips_target(bool big_endian, bool elf64)
{
    if (elf64)
        return big_endian ? &lu_target_mips64 : &lu_target_mips64el;
    return big_endian ? &lu_target_mips : &lu_target_mipsel;
}

static int user_run_mips(struct user_opts *o, int gargc, char **gargv, bool big_endian, bool elf64)
{
    extern char **environ;
    const struct mips_model *m = mips_model_find(o->cpu ? o->cpu : elf64 ? MIPS_DEFAULT_MODEL64 : MIPS_DEFAULT_MODEL32);
    if (!m)
        return cli_usage_error("unknown CPU '%s': expected 4kc, 24kf, 5kf or mips64r2", o->cpu);
    const char *path = gargv[0];
    bool fr;
    if (lu_mips_fr_mode(path, &fr) != 0)
        return 1;
    if (elf64 && !(m->features & MIPS_F_64)) {
        fprintf(stderr, "duet: %s: a 64-bit (n64) program needs a MIPS64 CPU (5kf or mips64r2), not %s\n",
                path, m->name);
        return 1;
    }
    if (fr && !(m->features & MIPS_F_F64)) {
        fprintf(stderr, "duet: %s: needs 64-bit FP registers (FR=1), which CPU %s lacks\n", path, m->name);
        return 1;
    }
    struct lu_process p = { .target = mips_target(big_endian, elf64) };
    struct lu_shared sh;
    struct symtab symbols;
    char *reexec[10], passes[96];
    p.reexec_opts = reexec;
    p.nreexec_opts = reexec_options(o, m->name, reexec, passes, sizeof(passes));
    struct mips_cpu cpu;
    uint16_t machine;
    int status = 1;

    mips_cpu_reset(&cpu, m, big_endian);
    p.cpu = &cpu.head;
    if (user_process_init(o, &p, &sh, &symbols) != 0)
        return 1;
    struct mips_code_fetch fetch = { lu_fetch, &p };
    struct mips_frontend *fe = mips_frontend_create(m, big_endian, &fetch);
    if (o->argv0)
        gargv[0] = (char *)o->argv0;
    if (fe && lu_load_elf(&p, path, &machine) == 0 && lu_setup_stack(&p, gargc, gargv, environ) == 0) {
        struct frontend f = mips_frontend_get(fe);
        cpu.gpr[29] = elf64 ? p.stack_top : (uint64_t)(int64_t)(int32_t)p.stack_top;
        cpu.head.pc = p.start;
        cpu.head.block_flags = fr ? MIPS_TB_FR : 0;
        status = user_run_loaded(o, &p, &f);
    }
    mips_frontend_destroy(fe);
    return user_process_fini(&p, &symbols, status);
}

int cmd_user(int argc, char **argv)
{
    struct user_opts o = { .dbt.cfg.engine = ENGINE_DEFAULT };
    int first;
    uint16_t machine;

    if (user_parse(argc, argv, &o, &first) != 0)
        return 2;
    if (!o.sysroot)
        o.sysroot = getenv("QEMU_LD_PREFIX");   /* qemu-user's -L by environment */
    bool big_endian, elf64;
    if (lu_elf_machine(argv[first], &machine, &big_endian, &elf64) != 0)
        return 1;
    if (machine != EM_ARM && machine != EM_MIPS) {
        fprintf(stderr, "duet: %s: unsupported architecture (ELF machine %u)\n", argv[first], machine);
        return 1;
    }
    if (machine == EM_ARM && big_endian) {
        fprintf(stderr, "duet: %s: big-endian ARM programs are not supported\n", argv[first]);
        return 1;
    }
    if (machine == EM_ARM && elf64) {
        fprintf(stderr, "duet: %s: 64-bit ARM programs are not supported\n", argv[first]);
        return 1;
    }
    if (cli_open_log(&o.dbt) != 0)
        return 1;
    int status = machine == EM_MIPS ? user_run_mips(&o, argc - first, argv + first, big_endian, elf64)
                                    : user_run_arm(&o, argc - first, argv + first);
    if (o.dbt.cfg.logfile)
        fclose(o.dbt.cfg.logfile);
    return status;
}
