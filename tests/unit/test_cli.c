/* The duet command line, run as a user would: exit codes and messages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "config.h"

struct result {
    int status;
    char out[16384];
};

/* Runs duet with args (shell words), stdout and stderr together. */
static void run_duet(const char *args, struct result *r)
{
    const char *duet = getenv("DUET");
    char cmd[1024];
    assert_non_null(duet);
    snprintf(cmd, sizeof(cmd), "'%s' %s 2>&1", duet, args);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    size_t n = fread(r->out, 1, sizeof(r->out) - 1, p);
    r->out[n] = 0;
    int st = pclose(p);
    r->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static void test_help(void **state)
{
    (void)state;
    struct result r;
    run_duet("--help", &r);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "usage: duet"));
    assert_non_null(strstr(r.out, "--engine=jit|interp"));
}

static void test_version(void **state)
{
    (void)state;
    struct result r;
    run_duet("--version", &r);
    assert_int_equal(r.status, 0);
    assert_string_equal(r.out, "duet " DUET_VERSION "\n");
}

static void test_unknown_flag(void **state)
{
    (void)state;
    struct result r;
    run_duet("--frobnicate", &r);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.out, "unknown option '--frobnicate'"));
    run_duet("selftest --frobnicate", &r);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.out, "unknown option '--frobnicate'"));
    run_duet("frobnicate", &r);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.out, "unknown command 'frobnicate'"));
    run_duet("", &r);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.out, "usage: duet"));
}

static void test_bad_values(void **state)
{
    (void)state;
    struct result r;
    run_duet("selftest --engine=fast", &r);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.out, "unknown engine 'fast'"));
    run_duet("selftest --size=0", &r);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.out, "bad --size '0'"));
    run_duet("selftest --disable-pass=constfold,nope", &r);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.out, "unknown item 'nope'"));
    run_duet("selftest -d", &r);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.out, "needs an argument"));
    run_duet("selftest -D /nonexistent-dir/log", &r);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.out, "cannot open log file '/nonexistent-dir/log'"));
}

/* The self-test agrees with the native computation on both engines. */
static void test_selftest_both_engines(void **state)
{
    (void)state;
    static const char *const args[] = {
        "selftest --engine=jit --size=5000",
        "selftest --engine=interp --size=5000",
        "selftest --engine=jit --size=5000 --disable-pass=all --no-chain",
    };
    for (unsigned i = 0; i < 3; i++) {
        struct result r;
        run_duet(args[i], &r);
        assert_int_equal(r.status, 0);
        assert_non_null(strstr(r.out, " ok\n"));
    }
}

static void test_log_ir_and_host_code(void **state)
{
    (void)state;
    struct result r;
    char path[] = "/tmp/duet-cli-log-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    char args[256];
    snprintf(args, sizeof(args), "selftest --size=64 -d op,out_asm -D %s", path);
    run_duet(args, &r);
    assert_int_equal(r.status, 0);
    FILE *f = fdopen(fd, "r");
    static char log[1 << 16];
    size_t n = fread(log, 1, sizeof(log) - 1, f);
    log[n] = 0;
    fclose(f);
    unlink(path);
    assert_non_null(strstr(log, "block pc=0x1000"));
    assert_non_null(strstr(log, "goto_tb 0, 0x1000"));
    assert_non_null(strstr(log, "cmp byte ptr [rbp + 0xc], 0"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_help),
        cmocka_unit_test(test_version),
        cmocka_unit_test(test_unknown_flag),
        cmocka_unit_test(test_bad_values),
        cmocka_unit_test(test_selftest_both_engines),
        cmocka_unit_test(test_log_ir_and_host_code),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
