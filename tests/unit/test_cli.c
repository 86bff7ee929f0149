/* The duet command line, run as a user would: exit codes and messages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
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

/* Runs duet and checks its exit status and that its output contains want. */
static void expect_duet(const char *args, int status, const char *want)
{
    struct result r;
    run_duet(args, &r);
    if (r.status != status || !strstr(r.out, want)) {
        print_error("duet %s: status %d, output:\n%s\nwanted status %d and '%s'\n",
                    args, r.status, r.out, status, want);
        fail();
    }
}

static void test_help(void **state)
{
    (void)state;
    expect_duet("--help", 0, "usage: duet");
    expect_duet("--help", 0, "--engine=jit|interp");
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
    expect_duet("--frobnicate", 2, "unknown option '--frobnicate'");
    expect_duet("selftest --frobnicate", 2, "unknown option '--frobnicate'");
    expect_duet("frobnicate", 2, "unknown command 'frobnicate'");
    expect_duet("", 2, "usage: duet");
}

static void test_bad_values(void **state)
{
    (void)state;
    expect_duet("selftest --engine=fast", 2, "unknown engine 'fast'");
    expect_duet("selftest --size=0", 2, "bad --size '0'");
    expect_duet("selftest --disable-pass=constfold,nope", 2, "unknown item 'nope'");
    expect_duet("selftest -d", 2, "needs an argument");
    expect_duet("selftest -D /nonexistent-dir/log", 1, "cannot open log file '/nonexistent-dir/log'");
}

/* Bad programs for duet user: one message naming the file, exit 1. */
static void test_user_bad_input(void **state)
{
    (void)state;
    char path[] = "/tmp/duet-cli-elf-XXXXXX", args[128];
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    /* An ELF header claiming ARM, cut off before its program headers. */
    static const unsigned char hdr[52] = {
        0x7f, 'E', 'L', 'F', 1, 1, 1, 0, [16] = 2, 0, 40, 0, 1, 0, 0, 0,
        [28] = 52, 0, 0, 0, [42] = 32, 0, 9, 0,
    };
    assert_int_equal(write(fd, hdr, sizeof(hdr)), sizeof(hdr));
    close(fd);
    snprintf(args, sizeof(args), "user %s", path);
    expect_duet(args, 1, path);
    /* Text is not an ELF file. */
    fd = open(path, O_WRONLY | O_TRUNC);
    assert_int_equal(write(fd, "#!/bin/sh\necho hi\n", 18), 18);
    close(fd);
    char want[96];
    snprintf(want, sizeof(want), "%s: not an ELF file", path);
    expect_duet(args, 1, want);
    /* A MIPS n32 program (ELF32 with EF_MIPS_ABI2). */
    static const unsigned char n32[52] = {
        0x7f, 'E', 'L', 'F', 1, 1, 1, 0, [16] = 2, 0, 8, 0, 1, 0, 0, 0,
        [36] = 0x20, 0, 0, 0, 52, 0, 32, 0, 0, 0,
    };
    fd = open(path, O_WRONLY | O_TRUNC);
    assert_int_equal(write(fd, n32, sizeof(n32)), sizeof(n32));
    close(fd);
    snprintf(want, sizeof(want), "%s: n32 programs are not supported", path);
    expect_duet(args, 1, want);
    /* A MIPS n64 program on a MIPS32 model. */
    static const unsigned char n64[64] = {
        0x7f, 'E', 'L', 'F', 2, 1, 1, 0, [16] = 2, 0, 8, 0, 1, 0, 0, 0,
        [52] = 64, 0, 56, 0, 0, 0,
    };
    fd = open(path, O_WRONLY | O_TRUNC);
    assert_int_equal(write(fd, n64, sizeof(n64)), sizeof(n64));
    close(fd);
    snprintf(args, sizeof(args), "user -cpu 24kf %s", path);
    snprintf(want, sizeof(want), "%s: a 64-bit (n64) program needs a MIPS64 CPU", path);
    expect_duet(args, 1, want);
    unlink(path);
    expect_duet("user /nonexistent-program", 1, "/nonexistent-program: No such file or directory");
    expect_duet("user", 2, "no program given");
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
    for (unsigned i = 0; i < 3; i++)
        expect_duet(args[i], 0, " ok\n");
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
        cmocka_unit_test(test_user_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
