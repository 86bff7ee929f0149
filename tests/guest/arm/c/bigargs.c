/* What execve passes, as Linux limits it: a string of more than 128 KiB,
 * more than 6 MiB of strings or more pointers than that holds is E2BIG
 * whatever the stack limit; a string of 100 KiB goes through whole; bad
 * pointers are EFAULT. Started with a large environment (run.py
 * --big-env: BIGENV_0..49 of 100000 bytes each, no stack limit), it checks
 * that it got all of it and still has 7 MiB of stack, as the kernel's
 * stack would grow. Prints "ok". */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define BIG_ARG (100 * 1024)
#define CHILD_OK 42

enum { EXEC_E2BIG = 10, EXEC_EFAULT = 11, EXEC_OTHER = 12 };

static int failures;

static void expect(const char *what, int got, int want)
{
    if (got != want) {
        printf("FAIL: %s: %d, wanted %d\n", what, got, want);
        failures++;
    }
}

/* execve of this program in a child: the child's exit status, which says
 * how execve failed, or CHILD_OK from the program it ran. */
static int exec_status(char **argv, char **envp)
{
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        execve("/proc/self/exe", argv, envp);
        _exit(errno == E2BIG ? EXEC_E2BIG : errno == EFAULT ? EXEC_EFAULT : EXEC_OTHER);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 100 + WTERMSIG(status);
}

static char *filled(size_t len, char c)
{
    char *s = malloc(len + 1);
    memset(s, c, len);
    s[len] = '\0';
    return s;
}

static void limits(char *self)
{
    char *env[] = { "A=1", NULL };
    char *long_arg = filled(200 * 1024, 'l');
    expect("a 200 KiB argument", exec_status((char *[]){ self, "child", long_arg, NULL }, env), EXEC_E2BIG);
    free(long_arg);

    enum { N = 56 };
    char **big_env = calloc(N + 1, sizeof(char *));
    for (int i = 0; i < N; i++)
        big_env[i] = filled(128000, 'e');
    expect("7 MiB of environment", exec_status((char *[]){ self, "child", "x", NULL }, big_env), EXEC_E2BIG);

    size_t many = 2u << 20;
    char **pointers = calloc(many + 1, sizeof(char *));
    for (size_t i = 0; i < many; i++)
        pointers[i] = "";
    expect("2M empty strings", exec_status((char *[]){ self, "child", "x", NULL }, pointers), EXEC_E2BIG);
    free(pointers);
    for (int i = 0; i < N; i++)
        free(big_env[i]);
    free(big_env);
}

static void passes(char *self)
{
    char *env[] = { "A=1", NULL };
    char *arg = filled(BIG_ARG, 'a');
    expect("a 100 KiB argument", exec_status((char *[]){ self, "child", arg, NULL }, env), CHILD_OK);
    free(arg);
    expect("bad envp", exec_status((char *[]){ self, "child", "x", NULL }, (char **)16), EXEC_EFAULT);
    expect("bad string", exec_status((char *[]){ self, (char *)16, NULL }, env), EXEC_EFAULT);
}

/* The program execve ran: its argument whole. */
static int child(const char *arg)
{
    size_t len = strlen(arg);
    if (len == 1 && arg[0] == 'x')
        return CHILD_OK;
    if (len != BIG_ARG || strspn(arg, "a") != len)
        return 1;
    return CHILD_OK;
}

/* Uses n frames of 64 KiB, each touched at both ends. */
static int deep(int n)
{
    volatile char frame[64 * 1024];
    frame[0] = (char)n;
    frame[sizeof(frame) - 1] = (char)n;
    int below = n > 0 ? deep(n - 1) : 0;
    return below + (frame[0] == (char)n) + (frame[sizeof(frame) - 1] == (char)n) - 2;
}

static void big_environment(void)
{
    int count = 0;
    char name[32];
    for (int i = 0;; i++, count++) {
        snprintf(name, sizeof(name), "BIGENV_%d", i);
        const char *v = getenv(name);
        if (!v)
            break;
        expect("environment variable length", (int)strlen(v), 100000);
    }
    expect("environment variables", count, 50);
    expect("7 MiB of stack", deep(112), 0);
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    if (argc == 3 && strcmp(argv[1], "child") == 0)
        return child(argv[2]);
    if (getenv("BIGENV_0")) {
        big_environment();
    } else {
        limits(argv[0]);
        passes(argv[0]);
    }
    if (!failures)
        printf("ok\n");
    return failures != 0;
}
