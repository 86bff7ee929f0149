/* duet user: runs one Linux program of another CPU, like qemu-user. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arm/arm.h"
#include "cli.h"
#include "linux-user/arm/target.h"

#define EM_ARM 40

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
static int reexec_options(const struct user_opts *o, const struct arm_model *m, char **v, char *passes,
                          size_t passes_len)
{
    static const char *const engine_opt[] = { "--engine=jit", "--engine=interp" };
    int n = 0;
    v[n++] = "-cpu";
    v[n++] = (char *)m->name;
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

static int user_run_arm(struct user_opts *o, int gargc, char **gargv)
{
    extern char **environ;
    const struct arm_model *m = arm_model_find(o->cpu ? o->cpu : ARM_DEFAULT_MODEL);
    if (!m)
        return cli_usage_error("unknown CPU '%s': expected arm7tdmi, arm926, arm1136 or arm1176", o->cpu);
    struct lu_process p = { .target = &lu_target_arm, .log = o->dbt.cfg.log, .logfile = o->dbt.cfg.logfile,
                            .sysroot = o->sysroot, .dbt_cfg = &o->dbt.cfg, .print_stats = o->dbt.stats };
    struct lu_shared sh;
    struct symtab symbols;
    char *reexec[10], passes[96];
    p.reexec_opts = reexec;
    p.nreexec_opts = reexec_options(o, m, reexec, passes, sizeof(passes));
    struct arm_cpu cpu;
    uint16_t machine;
    int status = 1;

    symtab_init(&symbols);
    if (o->dbt.cfg.log & LOG_IN_ASM)
        p.symbols = o->dbt.cfg.symbols = &symbols;
    arm_cpu_reset(&cpu, m);
    p.cpu = &cpu.head;
    lu_shared_init(&sh, &p);
    if (lu_mem_init(&p) != 0) {
        fprintf(stderr, "duet: cannot reserve the guest address space\n");
        return 1;
    }
    struct arm_code_fetch fetch = { lu_fetch, &p };
    struct arm_frontend *fe = arm_frontend_create(m, &fetch);
    const char *path = gargv[0];
    if (o->argv0)
        gargv[0] = (char *)o->argv0;
    if (fe && lu_load_elf(&p, path, &machine) == 0 && lu_arm_setup(&p) == 0 &&
        lu_setup_stack(&p, gargc, gargv, environ) == 0) {
        p.fe = arm_frontend_get(fe);
        cpu.r[13] = p.stack_top;
        cpu.head.pc = p.start & ~1u;
        cpu.head.block_flags = (p.start & 1) ? ARM_TB_THUMB : 0;
        p.dbt = dbt_create(&o->dbt.cfg, &p.fe, &p.mem);
        lu_signal_init(&p);
        lu_run(&p);
        lu_process_end(&p);
        if (o->dbt.stats)
            dbt_stats_print(stderr, &sh.exited_stats);
        dbt_destroy(p.dbt);
        status = p.exit_status;
    }
    arm_frontend_destroy(fe);
    lu_mem_fini(&p);
    lu_shared_fini(&sh);
    symtab_fini(&symbols);
    if (p.exit_signal)
        lu_host_exit(status, p.exit_signal);
    return status;
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
    if (lu_elf_machine(argv[first], &machine) != 0)
        return 1;
    if (machine != EM_ARM) {
        fprintf(stderr, "duet: %s: unsupported architecture (ELF machine %u)\n", argv[first], machine);
        return 1;
    }
    if (cli_open_log(&o.dbt) != 0)
        return 1;
    int status = user_run_arm(&o, argc - first, argv + first);
    if (o.dbt.cfg.logfile)
        fclose(o.dbt.cfg.logfile);
    return status;
}
