/* Threads of a guest process. Each guest thread is a host thread with its
 * own CPU state and its own translator and code cache, so running code
 * takes no lock; the threads share the guest memory, the memory map, the
 * signal dispositions and the signals sent to the process (lu_shared).
 * A change to guest code is queued for the other threads' translators and
 * applied before their next block. Futexes are the host's, on the guest
 * words themselves: guest memory is host memory all the threads share, and
 * a guest thread id is its host thread's id. */
#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <semaphore.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "linux-user/sys.h"
#include "util/xalloc.h"

void lu_shared_init(struct lu_shared *sh, struct lu_process *p)
{
    memset(sh, 0, sizeof(*sh));
    pthread_mutex_init(&sh->lock, NULL);
    pthread_cond_init(&sh->thread_gone, NULL);
    sh->threads = p;
    sh->nthreads = 1;
    p->sh = sh;
    p->tid = gettid();
    p->next_thread = NULL;
}

void lu_shared_fini(struct lu_shared *sh)
{
    pthread_cond_destroy(&sh->thread_gone);
    pthread_mutex_destroy(&sh->lock);
}

void lu_lock(struct lu_process *p)
{
    pthread_mutex_lock(&p->sh->lock);
}

void lu_unlock(struct lu_process *p)
{
    pthread_mutex_unlock(&p->sh->lock);
}

/* Called with the lock held once the process has threads (the memory
 * system calls hold it; before that only one thread exists). */
void lu_invalidate(struct lu_process *p, lu_addr addr, lu_addr len)
{
    if (p->dbt)
        dbt_invalidate(p->dbt, addr, len);
    for (struct lu_process *t = p->sh->threads; t; t = t->next_thread) {
        if (t == p)
            continue;
        struct lu_inval *q = &t->inval;
        if (q->n < LU_INVAL_MAX) {
            q->start[q->n] = addr;
            q->len[q->n++] = len;
        } else {
            q->all = true;
        }
        __atomic_store_n(&t->cpu->exit_request, 1, __ATOMIC_RELEASE);
    }
}

static void apply_invalidations(struct lu_process *p)
{
    if (!__atomic_load_n(&p->sh->threaded, __ATOMIC_ACQUIRE))
        return;
    lu_lock(p);
    if (p->inval.all)
        dbt_flush(p->dbt);
    else
        for (unsigned i = 0; i < p->inval.n; i++)
            dbt_invalidate(p->dbt, p->inval.start[i], p->inval.len[i]);
    p->inval.n = 0;
    p->inval.all = false;
    lu_unlock(p);
}

/* A fault no guest handler takes ends the guest with its signal. */
static void fatal_exit(struct lu_process *p, enum exit_reason r)
{
    p->exited = true;
    p->group_exit = true;
    p->exit_signal = lu_signal_of_exit(p, r);
    p->exit_status = 128 + p->exit_signal;
    fprintf(stderr, "duet: guest stopped by signal %d (%s) at pc 0x%llx", p->exit_signal,
            strsignal(p->exit_signal), (unsigned long long)p->cpu->pc);
    if (r == EXIT_FAULT)
        fprintf(stderr, ", %s of address 0x%llx", p->cpu->fault_write ? "write" : "read",
                (unsigned long long)p->cpu->fault_addr);
    fputc('\n', stderr);
}

void lu_run(struct lu_process *p)
{
    while (!p->exited) {
        apply_invalidations(p);
        enum exit_reason r = dbt_run(p->dbt, p->cpu);
        if (r == EXIT_SYSCALL || r == EXIT_REQUEST) {
            /* exit_request: a host signal that is the guest's now, or
             * another thread's change to code. */
            if (r == EXIT_SYSCALL)
                lu_syscall(p);
            lu_signal_deliver(p);
            continue;
        }
        if (!p->target->exit_reason(p, r) && !lu_signal_sync(p, r))
            fatal_exit(p, r);
    }
}

_Noreturn void lu_host_exit(int status, int sig)
{
    fflush(NULL);
    if (sig) {
        /* End the way the guest ended, without a core dump of duet. */
        struct rlimit no_core = { 0, 0 };
        sigset_t s;
        setrlimit(RLIMIT_CORE, &no_core);
        signal(sig, SIG_DFL);
        sigemptyset(&s);
        sigaddset(&s, sig);
        pthread_sigmask(SIG_UNBLOCK, &s, NULL);
        raise(sig);
    }
    _exit(status);
}

/* exit_group or a fatal signal with other threads running: the host's
 * _exit stops them all, as the kernel's group exit does. */
static _Noreturn void end_now(struct lu_process *p)
{
    if (p->print_stats) {
        lu_lock(p);
        struct dbt_stats sum = p->sh->exited_stats;
        for (struct lu_process *t = p->sh->threads; t; t = t->next_thread)
            dbt_stats_add(&sum, dbt_stats(t->dbt));
        lu_unlock(p);
        dbt_stats_print(stderr, &sum);
    }
    lu_host_exit(p->exit_status, p->exit_signal);
}

static void unlink_thread(struct lu_process *p)
{
    struct lu_shared *sh = p->sh;
    for (struct lu_process **pp = &sh->threads; *pp; pp = &(*pp)->next_thread)
        if (*pp == p) {
            *pp = p->next_thread;
            sh->nthreads--;
            break;
        }
    if (p->dbt)
        dbt_stats_add(&sh->exited_stats, dbt_stats(p->dbt));
    pthread_cond_broadcast(&sh->thread_gone);
}

void lu_process_end(struct lu_process *p)
{
    struct lu_shared *sh = p->sh;
    lu_lock(p);
    if (p->group_exit && sh->nthreads > 1) {
        lu_unlock(p);
        end_now(p);
    }
    /* The first thread's exit: the process lives on with its other threads
     * and ends, with this thread's status, when the last is gone. */
    unlink_thread(p);
    if (sh->nthreads > 0) {
        sh->first_waits = true;
        lu_signal_thread_fini(p);
        while (sh->nthreads > 0)
            pthread_cond_wait(&sh->thread_gone, &sh->lock);
    }
    lu_unlock(p);
}

/* CLONE_CHILD_CLEARTID: the exiting thread's tid word becomes 0 and a
 * waiter (pthread_join) wakes. */
static void clear_child_tid(struct lu_process *p)
{
    uint32_t *w = p->clear_child_tid ? lu_ptr(p, p->clear_child_tid, 4, LU_PROT_W) : NULL;
    if (!w)
        return;
    __atomic_store_n(w, 0, __ATOMIC_SEQ_CST);
    syscall(SYS_futex, w, FUTEX_WAKE, 1, NULL, NULL, 0);
}

/* A thread other than the first is done: the process ends with it when it
 * was the last and no first thread waits (a thread that forked). */
static void thread_finish(struct lu_process *t)
{
    if (t->group_exit)
        end_now(t);
    lu_signal_thread_fini(t);
    clear_child_tid(t);
    lu_lock(t);
    unlink_thread(t);
    bool last = t->sh->nthreads == 0 && !t->sh->first_waits;
    lu_unlock(t);
    if (last)
        end_now(t);
    dbt_destroy(t->dbt);
    t->target->cpu_free(t->cpu);
    free(t);
}

struct thread_start {
    struct lu_process *t;
    uint32_t flags;
    lu_addr ptid, ctid;
    pid_t tid;              /* the new thread's, for its creator */
    sigset_t host_mask;     /* the creator's, which the new thread takes */
    sem_t ready;
};


static void *thread_main(void *arg)
{
    struct thread_start *ts = arg;
    struct lu_process *t = ts->t;
    sigset_t mask = ts->host_mask;

    t->tid = gettid();
    lu_signal_thread_init(t);
    /* Both before any guest code runs: the thread may be gone (and have
     * cleared its tid word) before its creator runs on. */
    if (ts->flags & G_CLONE_PARENT_SETTID)
        lu_put_u32(t, ts->ptid, (uint32_t)t->tid);
    if (ts->flags & G_CLONE_CHILD_SETTID)
        lu_put_u32(t, ts->ctid, (uint32_t)t->tid);
    ts->tid = t->tid;
    sem_post(&ts->ready);   /* ts is the creator's and gone after this */
    pthread_sigmask(SIG_SETMASK, &mask, NULL);
    lu_run(t);
    thread_finish(t);
    return NULL;
}

/* The new thread's state: the creator's registers, 0 as clone's result,
 * the same blocked mask, nothing pending, no alternate stack. */
static struct lu_process *thread_new(struct lu_process *p, uint32_t flags, lu_addr newsp,
                                     lu_addr tls, lu_addr ctid)
{
    struct lu_process *t = xmalloc(sizeof(*t));
    *t = *p;
    t->cpu = p->target->cpu_clone(p);
    t->dbt = dbt_create(p->dbt_cfg, &p->fe, &p->mem);
    t->tid = 0;
    t->clear_child_tid = (flags & G_CLONE_CHILD_CLEARTID) ? ctid : 0;
    t->robust_list = t->robust_list_len = 0;
    memset(&t->inval, 0, sizeof(t->inval));
    uint64_t blocked = p->sig.blocked;
    memset(&t->sig, 0, sizeof(t->sig));
    t->sig.blocked = blocked;
    p->target->syscall_ret(t, 0);
    if (newsp)
        p->target->set_sp(t, newsp);
    if (flags & G_CLONE_SETTLS)
        p->target->set_tls(t, tls);
    return t;
}

int64_t lu_thread_create(struct lu_process *p, uint32_t flags, lu_addr newsp, lu_addr ptid,
                         lu_addr tls, lu_addr ctid)
{
    const uint32_t need = G_CLONE_VM | G_CLONE_FS | G_CLONE_FILES | G_CLONE_SIGHAND |
                          G_CLONE_THREAD | G_CLONE_SYSVSEM;
    if ((flags & need) != need)
        return -EINVAL;   /* a process sharing memory but not a thread: not supported */
    struct lu_process *t = thread_new(p, flags, newsp, tls, ctid);
    struct lu_shared *sh = p->sh;
    lu_lock(p);
    if (!sh->threaded) {
        __atomic_store_n(&sh->threaded, true, __ATOMIC_RELEASE);
        p->target->threads_start(p);
    }
    t->next_thread = sh->threads;
    sh->threads = t;
    sh->nthreads++;
    lu_unlock(p);

    struct thread_start ts = { .t = t, .flags = flags, .ptid = ptid, .ctid = ctid };
    pthread_t th;
    pthread_attr_t attr;
    sem_init(&ts.ready, 0, 0);
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    /* No host signal may reach the new thread before it is the guest's. */
    lu_signal_block_host(&ts.host_mask);
    int e = pthread_create(&th, &attr, thread_main, &ts);
    if (e == 0)
        while (sem_wait(&ts.ready) != 0)
            ;
    pthread_sigmask(SIG_SETMASK, &ts.host_mask, NULL);
    pthread_attr_destroy(&attr);
    sem_destroy(&ts.ready);
    if (e != 0) {
        lu_lock(p);
        unlink_thread(t);
        lu_unlock(p);
        dbt_destroy(t->dbt);
        p->target->cpu_free(t->cpu);
        free(t);
        return -EAGAIN;
    }
    return ts.tid;   /* t itself may be gone already */
}

int lu_thread_signal(struct lu_process *p, pid_t tid, int sig)
{
    lu_lock(p);
    struct lu_process *t = p->sh->threads;
    while (t && t->tid != tid)
        t = t->next_thread;
    if (!t) {
        lu_unlock(p);
        return -ESRCH;
    }
    if (lu_signal_host_forwarded(sig)) {
        /* The host signal interrupts what the thread waits in; its handler
         * makes it the guest thread's. */
        lu_unlock(p);
        return syscall(SYS_tgkill, getpid(), tid, sig) == 0 ? 0 : -errno;
    }
    if (sig)
        lu_signal_queue(t, sig, SI_TKILL);
    __atomic_store_n(&t->cpu->exit_request, 1, __ATOMIC_RELEASE);
    lu_unlock(p);
    return 0;
}

void lu_threads_kick(struct lu_process *p, uint64_t mask)
{
    if (!__atomic_load_n(&p->sh->threaded, __ATOMIC_ACQUIRE))
        return;
    lu_lock(p);
    for (struct lu_process *t = p->sh->threads; t; t = t->next_thread)
        if (t != p && (mask & ~__atomic_load_n(&t->sig.blocked, __ATOMIC_RELAXED)))
            __atomic_store_n(&t->cpu->exit_request, 1, __ATOMIC_RELEASE);
    lu_unlock(p);
}

void lu_threads_after_fork(struct lu_process *p)
{
    struct lu_shared *sh = p->sh;
    /* Another thread may have held the lock at the fork: start afresh. */
    pthread_mutex_init(&sh->lock, NULL);
    pthread_cond_init(&sh->thread_gone, NULL);
    sh->threads = p;
    sh->nthreads = 1;
    sh->first_waits = false;
    p->next_thread = NULL;
    p->tid = gettid();
}

/* futex(uaddr, op, val, timeout or val2, uaddr2, val3). */
static int64_t do_futex(struct lu_process *p, const uint64_t *a, bool time64)
{
    lu_addr uaddr = lu_ad(a, 0), arg3 = lu_ad(a, 3);
    int op = lu_int(a, 1), cmd = op & FUTEX_CMD_MASK;
    struct timespec ts;
    void *timeout = (void *)(uintptr_t)arg3;   /* val2 for the requeue and wake_op forms */
    uint32_t *uaddr2 = NULL;

    if (uaddr & 3)
        return -EINVAL;
    uint32_t *w = lu_ptr(p, uaddr, 4, LU_PROT_R);
    if (!w)
        return -EFAULT;
    switch (cmd) {
    case FUTEX_WAIT: case FUTEX_WAIT_BITSET: case FUTEX_LOCK_PI: case FUTEX_LOCK_PI2:
    case FUTEX_WAIT_REQUEUE_PI:
        timeout = NULL;
        if (arg3) {
            int64_t r = lu_get_timespec(p, arg3, time64, &ts);
            if (r != 0)
                return r;
            timeout = &ts;
        }
        break;
    default:
        break;
    }
    switch (cmd) {
    case FUTEX_REQUEUE: case FUTEX_CMP_REQUEUE: case FUTEX_WAKE_OP: case FUTEX_WAIT_REQUEUE_PI:
    case FUTEX_CMP_REQUEUE_PI:
        if (!(uaddr2 = lu_ptr(p, lu_ad(a, 4), 4, LU_PROT_R)))
            return -EFAULT;
        break;
    default:
        break;
    }
    /* The kernel compares the word as the host reads it: the value of a
     * big-endian guest is byte-swapped to match. */
    uint32_t val = lu_u32(a, 2), val3 = lu_u32(a, 5);
    if (p->target->big_endian) {
        if (cmd == FUTEX_WAIT || cmd == FUTEX_WAIT_BITSET || cmd == FUTEX_WAIT_REQUEUE_PI)
            val = __builtin_bswap32(val);
        if (cmd == FUTEX_CMP_REQUEUE || cmd == FUTEX_CMP_REQUEUE_PI)
            val3 = __builtin_bswap32(val3);
    }
    return lu_ret(syscall(SYS_futex, w, op, val, timeout, uaddr2, val3));
}

int64_t lu_sys_futex(struct lu_process *p, const uint64_t *a)
{
    return do_futex(p, a, false);
}

int64_t lu_sys_futex_time64(struct lu_process *p, const uint64_t *a)
{
    return do_futex(p, a, true);
}
