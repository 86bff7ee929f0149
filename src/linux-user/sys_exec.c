/* New processes and programs. A fork of the guest is a fork of duet: the
 * child gets a copy of everything, guest memory and translated code
 * included, as the kernel would give it. execve of another guest program
 * runs duet again with the same options; anything else (a host program, a
 * script) is handed to the host, as qemu-user does. Threads (clone with
 * CLONE_VM and without CLONE_VFORK) are thread.c's. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "linux-user/sys.h"


/* A vfork child keeps the write end of a close-on-exec pipe, out of the
 * way of the guest's descriptor numbers; its exec or exit closes it. */
#define VFORK_FD_MIN 900

/* The parent of a vfork sleeps until the child has exec'd or exited, as the
 * kernel has it (the child's memory is a copy here, not shared). */
static void vfork_wait(int fd)
{
    char c;
    while (read(fd, &c, 1) < 0 && errno == EINTR)
        ;
    close(fd);
}

static int vfork_pipe(int fds[2])
{
    int raw[2];
    if (pipe2(raw, O_CLOEXEC) != 0)
        return -1;
    fds[0] = fcntl(raw[0], F_DUPFD_CLOEXEC, VFORK_FD_MIN);
    fds[1] = fcntl(raw[1], F_DUPFD_CLOEXEC, VFORK_FD_MIN);
    close(raw[0]);
    close(raw[1]);
    if (fds[0] >= 0 && fds[1] >= 0)
        return 0;
    if (fds[0] >= 0)
        close(fds[0]);
    if (fds[1] >= 0)
        close(fds[1]);
    return -1;
}

/* Forks duet; in the child the guest sees 0, in the parent the child's pid. */
static int64_t do_fork(struct lu_process *p, uint32_t flags, lu_addr newsp, lu_addr ptid,
                       lu_addr tls, lu_addr ctid)
{
    int vfork_fds[2] = { -1, -1 };
    if ((flags & G_CLONE_VFORK) && vfork_pipe(vfork_fds) != 0)
        return lu_err();
    fflush(NULL);
    /* No other thread is in the middle of a change to shared state. */
    lu_lock(p);
    pid_t pid = fork();
    if (pid == 0)
        lu_threads_after_fork(p);
    else
        lu_unlock(p);
    if (pid != 0 && vfork_fds[1] >= 0)
        close(vfork_fds[1]);
    if (pid < 0) {
        int64_t e = lu_err();
        if (vfork_fds[0] >= 0)
            close(vfork_fds[0]);
        return e;
    }
    if (pid > 0) {
        if (flags & G_CLONE_PARENT_SETTID)
            lu_put_u32(p, ptid, (uint32_t)pid);
        if (vfork_fds[0] >= 0)
            vfork_wait(vfork_fds[0]);
        return pid;
    }
    if (vfork_fds[0] >= 0)
        close(vfork_fds[0]);
    if (flags & G_CLONE_CHILD_SETTID)
        lu_put_u32(p, ctid, (uint32_t)getpid());
    if (flags & G_CLONE_CHILD_CLEARTID)
        p->clear_child_tid = ctid;
    if (flags & G_CLONE_SETTLS)
        p->target->set_tls(p, tls);
    if (newsp)
        p->target->set_sp(p, newsp);
    return 0;
}

int64_t lu_sys_fork(struct lu_process *p, const uint64_t *a)
{
    (void)a;
    return do_fork(p, 0, 0, 0, 0, 0);
}

int64_t lu_sys_vfork(struct lu_process *p, const uint64_t *a)
{
    (void)a;
    return do_fork(p, G_CLONE_VFORK, 0, 0, 0, 0);
}

/* The argument order of ARM and MIPS (o32 and n64 alike, the kernel's
 * CLONE_BACKWARDS): flags, newsp, parent_tid, tls, child_tid. */
int64_t lu_sys_clone(struct lu_process *p, const uint64_t *a)
{
    uint32_t flags = lu_u32(a, 0);
    if ((flags & G_CLONE_VM) && !(flags & G_CLONE_VFORK))
        return lu_thread_create(p, flags, lu_ad(a, 1), lu_ad(a, 2), lu_ad(a, 3), lu_ad(a, 4));
    return do_fork(p, flags, lu_ad(a, 1), lu_ad(a, 2), lu_ad(a, 3), lu_ad(a, 4));
}

/* The number of pointers in a NULL-terminated guest array (a NULL array
 * has none): 0, or -EFAULT. */
static int64_t count_strings(struct lu_process *p, lu_addr addr, uint64_t *n)
{
    uint64_t ptr = 1;
    for (*n = 0; addr; (*n)++) {
        if (lu_get_long(p, addr + (lu_addr)p->target->word_size * *n, &ptr) != 0)
            return -EFAULT;
        if (!ptr)
            break;
    }
    return 0;
}

static void free_strings(char **v)
{
    for (size_t i = 0; v && v[i]; i++)
        free(v[i]);
    free(v);
}

/* Copies the n strings of a guest array, as the kernel's copy_strings:
 * -EFAULT for a bad pointer, -E2BIG for a string longer than
 * LU_ARG_STRLEN_MAX or for more bytes than *room, which shrinks by what
 * they take. */
static int64_t copy_strings(struct lu_process *p, lu_addr addr, uint64_t n, uint64_t *room, char ***out)
{
    char **v = calloc(n + 1, sizeof(*v));
    int64_t r = v ? 0 : -ENOMEM;
    for (uint64_t i = 0; r == 0 && i < n; i++) {
        uint64_t ptr;
        int64_t len = lu_get_long(p, addr + (lu_addr)p->target->word_size * i, &ptr) == 0
                          ? lu_strnlen(p, ptr, LU_ARG_STRLEN_MAX) : -1;
        if (len < 0)
            r = -EFAULT;
        else if ((uint64_t)len + 1 > LU_ARG_STRLEN_MAX || (uint64_t)len + 1 > *room)
            r = -E2BIG;
        else if (!(v[i] = malloc((size_t)len + 1)))
            r = -ENOMEM;
        else if (lu_copy_from(p, v[i], ptr, (lu_addr)len) != 0)
            r = -EFAULT;
        if (r == 0) {
            /* Another thread may have changed the string since: it ends here. */
            v[i][len] = '\0';
            *room -= (uint64_t)len + 1;
        }
    }
    if (r != 0) {
        free_strings(v);
        v = NULL;
    }
    *out = v;
    return r;
}

/* argv and envp as the kernel takes them: the pointers counted first,
 * then the strings copied within the room Linux leaves them beside the
 * program's name (lu_args_room). */
static int64_t exec_strings(struct lu_process *p, const uint64_t *a, char ***argv, int *argc, char ***envp)
{
    uint64_t nargs, nenvs;
    int64_t name = lu_strnlen(p, lu_ad(a, 0), LU_PATH_MAX);
    *argv = *envp = NULL;
    if (count_strings(p, lu_ad(a, 1), &nargs) != 0 || count_strings(p, lu_ad(a, 2), &nenvs) != 0 || name < 0)
        return -EFAULT;
    int64_t left = lu_args_room(p, (nargs ? nargs : 1) + nenvs);
    if (left < name + 1)
        return -E2BIG;
    uint64_t room = (uint64_t)(left - name - 1);
    int64_t r = copy_strings(p, lu_ad(a, 2), nenvs, &room, envp);
    if (r == 0)
        r = copy_strings(p, lu_ad(a, 1), nargs, &room, argv);
    *argc = (int)nargs;
    return r;
}

/* True when path is an ELF executable for this guest. */
static bool is_guest_elf(struct lu_process *p, const char *path)
{
    unsigned char h[20];
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    bool be = p->target->big_endian;
    bool ok = read(fd, h, sizeof(h)) == (ssize_t)sizeof(h) && memcmp(h, "\177ELF", 4) == 0 &&
              h[4] == (p->target->word_size == 8 ? 2 : 1) && h[5] == (be ? 2 : 1) &&
              (be ? (h[18] << 8 | h[19]) : (h[18] | h[19] << 8)) == p->target->elf_machine;
    close(fd);
    return ok;
}

/* duet user OPTIONS -0 ARGV0 PATH ARGS... */
static int64_t reexec(struct lu_process *p, const char *path, char **argv, int argc, char **envp)
{
    int n = 0;
    char **v = calloc((size_t)(p->nreexec_opts + argc + 8), sizeof(*v));
    if (!v)
        return -ENOMEM;
    v[n++] = "duet";
    v[n++] = "user";
    for (int i = 0; i < p->nreexec_opts; i++)
        v[n++] = p->reexec_opts[i];
    v[n++] = "-0";
    v[n++] = argc > 0 ? argv[0] : (char *)path;
    v[n++] = "--";
    v[n++] = (char *)path;
    for (int i = 1; i < argc; i++)
        v[n++] = argv[i];
    fflush(NULL);
    execve("/proc/self/exe", v, envp);
    int64_t e = lu_err();
    free(v);
    return e;
}

int64_t lu_sys_execve(struct lu_process *p, const uint64_t *a)
{
    char path[LU_PATH_MAX];
    char **argv, **envp;
    int argc;
    int64_t r = lu_path(p, path, lu_ad(a, 0));
    if (r != 0)
        return r;
    if (access(path, X_OK) != 0)
        return lu_err();
    r = exec_strings(p, a, &argv, &argc, &envp);
    if (r == 0) {
        /* The new program starts with this thread's blocked signals. */
        sigset_t host_mask;
        lu_signal_exec_mask(p, &host_mask);
        if (is_guest_elf(p, path))
            r = reexec(p, path, argv, argc, envp);
        else
            r = execve(path, argv, envp) == 0 ? 0 : lu_err();
        pthread_sigmask(SIG_SETMASK, &host_mask, NULL);
    }
    free_strings(argv);
    free_strings(envp);
    return r;
}
