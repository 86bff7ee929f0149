/* duet command line: subcommands and QEMU-style flags. */
#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
#include <string.h>

#include "config.h"
#include "dbt.h"
#include "cli.h"
#include "selftest.h"

static const char usage[] =
    "usage: duet [--help] [--version] COMMAND [OPTIONS]\n"
    "\n"
    "commands:\n"
    "  user [OPTIONS] PROGRAM [ARGS...]\n"
    "             run a Linux program for another CPU (ARM EABI, MIPS o32 or n64)\n"
    "  selftest   run the built-in self-test guest on the chosen engine and\n"
    "             check its result against the same computation done natively\n"
    "\n"
    "user options:\n"
    "  -cpu MODEL            ARM: arm7tdmi, arm926, arm1136, arm1176 (default);\n"
    "                        MIPS: 4kc, 24kf (o32 default), 5kf, mips64r2 (n64 default)\n"
    "  -L SYSROOT            where a dynamic program finds its libraries\n"
    "  -0 ARGV0              the program's argv[0] (default: PROGRAM)\n"
    "\n"
    "selftest options:\n"
    "  --size=N              bytes of data the guest processes (default 65536)\n"
    "\n"
    "translator options (both commands):\n"
    "  --engine=jit|interp   translation engine (default: %s)\n"
    "  --stats               print translator statistics at exit\n"
    "  --disable-pass=LIST   switch off optimisation passes (comma-separated:\n"
    "                        constfold, copyprop, getset, dce,\n"
    "                        condfold; or all)\n"
    "  --no-chain            never link translated blocks to each other\n"
    "  -d LIST               log (comma-separated): in_asm (guest code),\n"
    "                        op (IR as built), op_opt (IR after the passes),\n"
    "                        out_asm (host code), exec (each block as it runs),\n"
    "                        int (signals delivered), unimp (unknown system calls)\n"
    "  -D FILE               write the log to FILE instead of standard error\n"
    "\n"
    "The boards are not built yet.\n";


static int cmd_selftest(int argc, char **argv)
{
    unsigned long size = 65536;
    struct cli_dbt_opts o = { .cfg.engine = ENGINE_DEFAULT };

    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        char *end;
        int r = cli_dbt_option(argc, argv, &i, &o);
        if (r < 0)
            return 2;
        if (r > 0)
            continue;
        if (strncmp(a, "--size=", 7) == 0) {
            size = strtoul(a + 7, &end, 0);
            if (*end || size == 0 || size > (256u << 20))
                return cli_usage_error("bad --size '%s': expected 1 to 268435456 bytes", a + 7);
        } else {
            return cli_usage_error("unknown option '%s'", a);
        }
    }
    if (cli_open_log(&o) != 0)
        return 1;
    struct selftest_result r;
    int failed = selftest_run(&o.cfg, (uint32_t)size, &r);
    if (o.cfg.logfile)
        fclose(o.cfg.logfile);
    if (failed)
        return 1;
    uint32_t want = selftest_expected((uint32_t)size);
    printf("selftest engine=%s bytes=%lu checksum=0x%08x expected=0x%08x %s\n",
           engine_name(o.cfg.engine), size, r.checksum, want, r.checksum == want ? "ok" : "MISMATCH");
    printf("%.1f million guest instructions/s (%.3f s)\n",
           (double)r.guest_insns / r.seconds / 1e6, r.seconds);
    if (o.stats)
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
    if (strcmp(cmd, "user") == 0)
        return cmd_user(argc - 2, argv + 2);
    if (cmd[0] == '-')
        return cli_usage_error("unknown option '%s'", cmd);
    return cli_usage_error("unknown command '%s'", cmd);
}
