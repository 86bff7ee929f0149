/* The built-in self-test guest: a small program written directly in IR that
 * exercises the translator end to end (loops through chained blocks,
 * indirect jumps, loads and stores, helpers) on either engine. */
#ifndef DUET_SELFTEST_H
#define DUET_SELFTEST_H

#include "dbt.h"

struct selftest_result {
    uint32_t checksum;
    uint64_t guest_insns;
    double seconds;
    struct dbt_stats stats;
};

/* Runs the program over n bytes of generated data. Returns 0, or -1 with a
 * message on stderr. */
int selftest_run(const struct dbt_config *cfg, uint32_t n, struct selftest_result *out);
/* The checksum computed natively in C, to compare against. */
uint32_t selftest_expected(uint32_t n);

#endif
