/* fork, pipes between processes, wait status, execve of a guest program
 * (this one again, by the path it was started with), vfork's parent
 * waiting for the child's exec or exit, and the blocked signal mask that
 * execve keeps. Checks itself
 * and prints "ok": qemu-arm without binfmt_misc cannot exec a guest
 * program, so there is no reference output to compare with (a real ARM
 * Linux behaves as this test expects). */
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int fail(int n)
{
    printf("fail %d\n", n);
    return 1;
}

/* In the exec'd child: argv and the environment as the parent passed them. */
static int child_mode(int argc, char **argv)
{
    const char *v = getenv("DUET_TEST_VAR");
    bool good = argc == 2 && strcmp(argv[0], "renamed-child") == 0 && v && strcmp(v, "passed") == 0 &&
                !getenv("HOME");
    return good ? 42 : 43;
}

static int wait_status(pid_t pid)
{
    int status = -1;
    return waitpid(pid, &status, 0) == pid ? status : -1;
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "child") == 0)
        return child_mode(argc, argv);
    if (argc > 1 && strcmp(argv[1], "mask") == 0) {
        sigset_t s;
        sigprocmask(SIG_BLOCK, NULL, &s);
        return sigismember(&s, SIGUSR1) == 1 && sigismember(&s, SIGUSR2) == 0 ? 44 : 45;
    }

    int fds[2];
    if (pipe(fds) != 0)
        return fail(1);
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        const char msg[] = "hello through a pipe";
        _exit(write(fds[1], msg, sizeof(msg)) == sizeof(msg) ? 7 : 8);
    }
    close(fds[1]);
    char buf[64] = "";
    ssize_t n = read(fds[0], buf, sizeof(buf));
    int status = wait_status(pid);
    if (n != 21 || strcmp(buf, "hello through a pipe") != 0)
        return fail(2);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 7)
        return fail(3);

    pid = fork();
    if (pid == 0) {
        *(volatile int *)0 = 1;  /* killed by SIGSEGV */
        _exit(0);
    }
    status = wait_status(pid);
    if (!WIFSIGNALED(status) || WTERMSIG(status) != 11)
        return fail(4);

    fflush(stdout);
    pid = fork();
    if (pid == 0) {
        char *cargv[] = { "renamed-child", "child", NULL };
        char *cenv[] = { "DUET_TEST_VAR=passed", NULL };
        execve(argv[0], cargv, cenv);
        _exit(99);
    }
    status = wait_status(pid);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 42)
        return fail(5);

    /* The parent of a vfork runs on only when the child has exited: the
     * child's byte is first in the pipe even though it sleeps first. */
    if (pipe(fds) != 0)
        return fail(6);
    pid = vfork();
    if (pid == 0) {
        usleep(50000);
        _exit(write(fds[1], "c", 1) == 1 ? 0 : 1);
    }
    if (write(fds[1], "p", 1) != 1)
        return fail(6);
    char order[3] = "";
    close(fds[1]);
    if (read(fds[0], order, 2) != 2 || strcmp(order, "cp") != 0 || wait_status(pid) != 0)
        return fail(7);
    close(fds[0]);

    /* ... or has become another program; that program starts with the
     * blocked signals of the thread that called execve. */
    sigset_t block;
    sigemptyset(&block);
    sigaddset(&block, SIGUSR1);
    sigprocmask(SIG_BLOCK, &block, NULL);
    pid = vfork();
    if (pid == 0) {
        char *cargv[] = { argv[0], "mask", NULL };
        execv(argv[0], cargv);
        _exit(99);
    }
    status = wait_status(pid);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 44)
        return fail(8);
    sigprocmask(SIG_UNBLOCK, &block, NULL);
    printf("ok\n");
    return 0;
}
