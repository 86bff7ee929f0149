/* Command-line options shared by the subcommands. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int cli_usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "duet: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, " (see 'duet --help')\n");
    return 2;
}

/* Parses a comma-separated list against names[]; -1 names the bad item. */
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

int cli_dbt_option(int argc, char **argv, int *i, struct cli_dbt_opts *o)
{
    const char *a = argv[*i];
    if (strncmp(a, "--engine=", 9) == 0) {
        if (engine_parse(a + 9, &o->cfg.engine) != 0) {
            cli_usage_error("unknown engine '%s': expected jit or interp", a + 9);
            return -1;
        }
    } else if (strncmp(a, "--disable-pass=", 15) == 0) {
        if (parse_list(a + 15, opt_pass_name, OPT_NUM_PASSES, &o->cfg.passes_off) != 0)
            return -1;
    } else if (strcmp(a, "--no-chain") == 0) {
        o->cfg.no_chain = true;
    } else if (strcmp(a, "--stats") == 0) {
        o->stats = true;
    } else if (strcmp(a, "-d") == 0 || strcmp(a, "-D") == 0) {
        if (*i + 1 >= argc) {
            cli_usage_error("option '%s' needs an argument", a);
            return -1;
        }
        const char *arg = argv[++*i];
        if (a[1] == 'D')
            o->logname = arg;
        else if (parse_list(arg, log_names, sizeof(log_names) / sizeof(log_names[0]), &o->cfg.log) != 0)
            return -1;
    } else {
        return 0;
    }
    return 1;
}

int cli_open_log(struct cli_dbt_opts *o)
{
    if (o->logname && !(o->cfg.logfile = fopen(o->logname, "w"))) {
        fprintf(stderr, "duet: cannot open log file '%s': %s\n", o->logname, strerror(errno));
        return -1;
    }
    return 0;
}
