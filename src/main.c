/* duet command line: subcommands and QEMU-style flags. */
#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
#include <string.h>

#include "config.h"
#include "dbt.h"
#include "selftest.h"

static const char usage[] =
    "usage: duet [--help] [--version] COMMAND [OPTIONS]\n"
    "\n"
    "commands:\n"
    "  selftest   run the built-in self-test guest on the chosen engine and\n"
    "             check its result against the same computation done natively\n"
    "\n"
    "selftest options:\n"
    "  --engine=jit|interp   translation engine (default: %s)\n"
    "  --size=N              bytes of data the guest processes (default 65536)\n"
    "  --stats               print translator statistics at exit\n"
    "  --disable-pass=LIST   switch off optimisation passes (comma-separated:\n"
    "                        constfold, copyprop, getset, dce; or all)\n"
    "  --no-chain            never link translated blocks to each other\n"
    "  -d LIST               log: op (IR as built), op_opt (IR after the passes),\n"
    "                        out_asm (host code), exec (each block as it runs)\n"
    "  -D FILE               write the log to FILE instead of standard error\n"
    "\n"
    "Guest CPUs (ARM, MIPS), Linux user mode and boards are not built yet.\n";

static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "duet: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, " (see 'duet --help')\n");
    return 2;
}

/* Parses a comma-separated list against names[]; returns -1 naming the bad item. */
static int parse_list(const char *list, const char *const *names, unsigned n, uint32_t *bits)
{
    char buf[256];
    snprintf(buf, sizeof(buf), "%s", list);
    for (char *save = NULL, *item = strtok_r(buf, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
        unsigned i = 0;
        if (strcmp(item, "all") == 0) {
            *bits |= (1u << n) - 1;
            continue;
        }
        while (i < n && (!names[i] || strcmp(item, names[i]) != 0))
            i++;
        if (i == n) {
            fprintf(stderr, "duet: unknown item '%s' in '%s' (see 'duet --help')\n", item, list);
            return -1;
        }
        *bits |= 1u << i;
    }
    return 0;
}

static const char *const log_names[] = { "in_asm", "op", "op_opt", "out_asm", "exec", "int", "unimp" };

static int cmd_selftest(int argc, char **argv)
{
    enum engine_kind engine = ENGINE_DEFAULT;
    unsigned long size = 65536;
    int stats = 0;
    struct dbt_config cfg = { 0 };
    const char *logname = NULL;

    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        char *end;
        if (strncmp(a, "--engine=", 9) == 0) {
            if (engine_parse(a + 9, &engine) != 0)
                return usage_error("unknown engine '%s': expected jit or interp", a + 9);
        } else if (strncmp(a, "--disable-pass=", 15) == 0) {
            if (parse_list(a + 15, opt_pass_name, OPT_NUM_PASSES, &cfg.passes_off) != 0)
                return 2;
        } else if (strcmp(a, "--no-chain") == 0) {
            cfg.no_chain = true;
        } else if (strcmp(a, "-d") == 0 || strcmp(a, "-D") == 0) {
            if (i + 1 >= argc)
                return usage_error("option '%s' needs an argument", a);
            if (a[1] == 'D')
                logname = argv[++i];
            else if (parse_list(argv[++i], log_names, 7, &cfg.log) != 0)
                return 2;
        } else if (strncmp(a, "--size=", 7) == 0) {
            size = strtoul(a + 7, &end, 0);
            if (*end || size == 0 || size > (256u << 20))
                return usage_error("bad --size '%s': expected 1 to 268435456 bytes", a + 7);
        } else if (strcmp(a, "--stats") == 0) {
            stats = 1;
        } else {
            return usage_error("unknown option '%s'", a);
        }
    }
    cfg.engine = engine;
    if (logname && !(cfg.logfile = fopen(logname, "w"))) {
        fprintf(stderr, "duet: cannot open log file '%s': %s\n", logname, strerror(errno));
        return 1;
    }
    struct selftest_result r;
    int failed = selftest_run(&cfg, (uint32_t)size, &r);
    if (cfg.logfile)
        fclose(cfg.logfile);
    if (failed)
        return 1;
    uint32_t want = selftest_expected((uint32_t)size);
    printf("selftest engine=%s bytes=%lu checksum=0x%08x expected=0x%08x %s\n",
           engine_name(engine), size, r.checksum, want, r.checksum == want ? "ok" : "MISMATCH");
    printf("%.1f million guest instructions/s (%.3f s)\n",
           (double)r.guest_insns / r.seconds / 1e6, r.seconds);
    if (stats)
        dbt_stats_print(stderr, &r.stats);
    return r.checksum == want ? 0 : 1;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, usage, engine_name(ENGINE_DEFAULT));
        return 2;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
        printf(usage, engine_name(ENGINE_DEFAULT));
        return 0;
    }
    if (strcmp(cmd, "--version") == 0) {
        printf("duet %s\n", DUET_VERSION);
        return 0;
    }
    if (strcmp(cmd, "selftest") == 0)
        return cmd_selftest(argc - 2, argv + 2);
    if (cmd[0] == '-')
        return usage_error("unknown option '%s'", cmd);
    return usage_error("unknown command '%s'", cmd);
}
