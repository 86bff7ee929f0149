/* duet command line: subcommands and QEMU-style flags. */
#include <stdio.h>
#include <stdlib.h>
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
    "\n"
    "Guest CPUs (ARM, MIPS), Linux user mode and boards are not built yet.\n";

static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "duet: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, " (see 'duet --help')\n");
    return 2;
}

static void print_stats(const struct selftest_result *r)
{
    const struct dbt_stats *s = &r->stats;
    fprintf(stderr,
            "blocks translated   %llu\n"
            "guest insns         %llu translated\n"
            "translate time      %.3f ms\n"
            "host bytes          %llu\n"
            "blocks entered      %llu (chain exits %llu, jump cache lookups %llu)\n",
            (unsigned long long)s->blocks_translated, (unsigned long long)s->insns_translated,
            (double)s->translate_ns / 1e6, (unsigned long long)s->host_bytes,
            (unsigned long long)s->blocks_run, (unsigned long long)s->chain_exits,
            (unsigned long long)s->jc_lookups);
}

static int cmd_selftest(int argc, char **argv)
{
    enum engine_kind engine = ENGINE_DEFAULT;
    unsigned long size = 65536;
    int stats = 0;

    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        char *end;
        if (strncmp(a, "--engine=", 9) == 0) {
            if (engine_parse(a + 9, &engine) != 0)
                return usage_error("unknown engine '%s': expected jit or interp", a + 9);
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
    struct selftest_result r;
    if (selftest_run(engine, (uint32_t)size, &r) != 0)
        return 1;
    uint32_t want = selftest_expected((uint32_t)size);
    printf("selftest engine=%s bytes=%lu checksum=0x%08x expected=0x%08x %s\n",
           engine_name(engine), size, r.checksum, want, r.checksum == want ? "ok" : "MISMATCH");
    printf("%.1f million guest instructions/s (%.3f s)\n",
           (double)r.guest_insns / r.seconds / 1e6, r.seconds);
    if (stats)
        print_stats(&r);
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
