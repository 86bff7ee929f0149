/* Command-line pieces shared by the subcommands. */
#ifndef DUET_CLI_H
#define DUET_CLI_H

#include "dbt.h"

struct cli_dbt_opts {
    struct dbt_config cfg;
    const char *logname;
    bool stats;
};

/* Consumes argv[*i] (and its argument) when it is a translator option:
 * --engine=, --disable-pass=, --no-chain, -d, -D, --stats. Returns 1 when
 * consumed, 0 when not a translator option, -1 after reporting an error. */
int cli_dbt_option(int argc, char **argv, int *i, struct cli_dbt_opts *o);
/* Opens the log file if one was named; -1 after reporting an error. */
int cli_open_log(struct cli_dbt_opts *o);
int cli_usage_error(const char *fmt, const char *arg);

int cmd_user(int argc, char **argv);

#endif
