/* POSIX threads: mutexes, condition variables, barriers, atomics, thread-
 * local storage, thread ids, signals to one thread, join and detach, and a
 * process exit from a thread other than the first. The output is the same
 * whatever the scheduling. */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define NTHREADS 4
#define ROUNDS 20000

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long locked_count;
static volatile int atomic_count;
static __thread int tls_value = 42;

static void *count_worker(void *arg)
{
    long id = (long)arg;
    for (int i = 0; i < ROUNDS; i++) {
        pthread_mutex_lock(&lock);
        locked_count++;
        pthread_mutex_unlock(&lock);
        __sync_fetch_and_add(&atomic_count, 1);
    }
    /* Each thread has its own copy, starting at the initial value. */
    int start = tls_value;
    tls_value = (int)id * 100;
    for (int i = 0; i < 1000; i++)
        if (tls_value != (int)id * 100)
            return (void *)-1L;
    return (void *)(long)(start + id);
}

static void test_counting(void)
{
    pthread_t t[NTHREADS];
    long sum = 0;
    for (long i = 0; i < NTHREADS; i++)
        pthread_create(&t[i], NULL, count_worker, (void *)i);
    for (int i = 0; i < NTHREADS; i++) {
        void *r;
        pthread_join(t[i], &r);
        sum += (long)r;
    }
    printf("mutex count %ld, atomic count %d, join sum %ld, main tls %d\n", locked_count,
           atomic_count, sum, tls_value);
}

/* A bounded queue between producers and consumers. */
#define QSIZE 8
#define ITEMS 3000
static struct {
    pthread_mutex_t m;
    pthread_cond_t not_full, not_empty;
    int buf[QSIZE];
    int head, count, done;
} q = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, PTHREAD_COND_INITIALIZER };

static void *producer(void *arg)
{
    (void)arg;
    for (int i = 1; i <= ITEMS; i++) {
        pthread_mutex_lock(&q.m);
        while (q.count == QSIZE)
            pthread_cond_wait(&q.not_full, &q.m);
        q.buf[(q.head + q.count++) % QSIZE] = i;
        pthread_cond_signal(&q.not_empty);
        pthread_mutex_unlock(&q.m);
    }
    return NULL;
}

static void *consumer(void *arg)
{
    long long *sum = arg;
    for (;;) {
        pthread_mutex_lock(&q.m);
        while (q.count == 0 && !q.done)
            pthread_cond_wait(&q.not_empty, &q.m);
        if (q.count == 0 && q.done) {
            pthread_mutex_unlock(&q.m);
            return NULL;
        }
        int v = q.buf[q.head];
        q.head = (q.head + 1) % QSIZE;
        q.count--;
        pthread_cond_signal(&q.not_full);
        pthread_mutex_unlock(&q.m);
        *sum += v;
    }
}

static void test_queue(void)
{
    pthread_t p[2], c[2];
    long long sums[2] = { 0, 0 };
    for (int i = 0; i < 2; i++) {
        pthread_create(&p[i], NULL, producer, NULL);
        pthread_create(&c[i], NULL, consumer, &sums[i]);
    }
    for (int i = 0; i < 2; i++)
        pthread_join(p[i], NULL);
    pthread_mutex_lock(&q.m);
    q.done = 1;
    pthread_cond_broadcast(&q.not_empty);
    pthread_mutex_unlock(&q.m);
    for (int i = 0; i < 2; i++)
        pthread_join(c[i], NULL);
    printf("queue sum %lld\n", sums[0] + sums[1]);
}

static pthread_barrier_t barrier;
static pid_t tids[NTHREADS];

static void *barrier_worker(void *arg)
{
    long id = (long)arg;
    tids[id] = (pid_t)syscall(SYS_gettid);
    int serial = pthread_barrier_wait(&barrier) == PTHREAD_BARRIER_SERIAL_THREAD;
    /* After the barrier every thread has written its id. */
    for (int i = 0; i < NTHREADS; i++)
        if (tids[i] == 0)
            return (void *)-1L;
    return (void *)(long)serial;
}

static void test_barrier_and_tids(void)
{
    pthread_t t[NTHREADS];
    long serial = 0;
    pthread_barrier_init(&barrier, NULL, NTHREADS);
    for (long i = 0; i < NTHREADS; i++)
        pthread_create(&t[i], NULL, barrier_worker, (void *)i);
    for (int i = 0; i < NTHREADS; i++) {
        void *r;
        pthread_join(t[i], &r);
        serial += (long)r;
    }
    int distinct = 1;
    for (int i = 0; i < NTHREADS; i++)
        for (int j = 0; j < NTHREADS; j++)
            if ((i != j && tids[i] == tids[j]) || tids[i] == getpid())
                distinct = 0;
    printf("barrier serial threads %ld, thread ids distinct %d\n", serial, distinct);
}

static __thread volatile sig_atomic_t got_usr1;
static volatile sig_atomic_t handler_in_target;
static pthread_t target_thread;

static void on_usr1(int sig)
{
    (void)sig;
    got_usr1 = 1;
    handler_in_target = pthread_equal(pthread_self(), target_thread);
}

static void *signal_target(void *arg)
{
    (void)arg;
    while (!got_usr1)
        usleep(1000);
    return (void *)1L;
}

static void test_thread_signal(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_usr1;
    sigaction(SIGUSR1, &sa, NULL);
    pthread_create(&target_thread, NULL, signal_target, NULL);
    pthread_kill(target_thread, SIGUSR1);
    void *r;
    pthread_join(target_thread, &r);
    printf("signal to one thread: handled %ld, in that thread %d, main saw it %d\n", (long)r,
           (int)handler_in_target, (int)got_usr1);
}

/* Returns rather than calling pthread_exit: its forced unwind may still
 * be running when another thread's exit() runs the destructors that
 * deregister the unwind tables (crtend), and the unwind then aborts. */
static void *detached(void *arg)
{
    __sync_fetch_and_add((int *)arg, 1);
    return NULL;
}

/* pthread_exit's value reaches pthread_join; joining waits until the
 * thread's unwind is over. */
static void *exits_early(void *arg)
{
    pthread_exit((void *)((long)arg * 3));
    return NULL;
}

static void test_pthread_exit(void)
{
    pthread_t t;
    void *r;
    pthread_create(&t, NULL, exits_early, (void *)14L);
    pthread_join(t, &r);
    printf("pthread_exit value %ld\n", (long)r);
}

static void test_detach(void)
{
    static int ran;
    pthread_attr_t a;
    pthread_t t;
    pthread_attr_init(&a);
    pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
    for (int i = 0; i < 8; i++)
        pthread_create(&t, &a, detached, &ran);
    while (__sync_fetch_and_add(&ran, 0) < 8)
        usleep(1000);
    printf("detached threads ran %d\n", ran);
}

static void *exiter(void *arg)
{
    (void)arg;
    fflush(stdout);
    exit(7);
}

int main(void)
{
    test_counting();
    test_queue();
    test_barrier_and_tids();
    test_thread_signal();
    test_pthread_exit();
    test_detach();
    /* exit from another thread ends the whole process with its status
     * while the first thread waits. */
    pthread_t t;
    pthread_create(&t, NULL, exiter, NULL);
    pthread_join(t, NULL);
    printf("not reached\n");
    return 0;
}
