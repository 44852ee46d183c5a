#include "kernel_threads.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <time.h>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define RECKON_PAUSE() _mm_pause()
#elif defined(__aarch64__)
#define RECKON_PAUSE() __asm__ __volatile__("yield")
#else
#define RECKON_PAUSE() ((void)0)
#endif

// How long a worker spins after its last part before it sleeps. The gaps inside a decode step
// (norms, attention, sampling between steps) are tens to hundreds of microseconds; 1 ms covers
// them, and an idle process stops spinning within 1 ms.
#define RECKON_SPIN_NANOSECONDS 1000000L
#define RECKON_MAX_WORKERS 63

// One worker's mailbox, on its own cache line: the caller posts a section number, the worker
// answers with the same number in `done` once it has taken its last part.
typedef struct {
    _Atomic unsigned long posted;
    _Atomic unsigned long done;
    _Atomic int asleep;
    char padding[64 - 2 * sizeof(unsigned long) - sizeof(int)];
} worker_mailbox;

static worker_mailbox mailboxes[RECKON_MAX_WORKERS + 1];
static _Atomic long started_workers;

// The section being run; written by the caller (holding section_lock) before it posts, read by
// workers after they see the post, and not written again until every posted worker has answered.
static reckon_kernel_task section_run;
static void *section_context;
static long section_parts;
static _Atomic long next_part;
static unsigned long section_number;

static pthread_mutex_t section_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t sleep_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;

static long nanoseconds_now(void) {
    struct timespec time;
    clock_gettime(CLOCK_MONOTONIC, &time);
    return (long)time.tv_sec * 1000000000L + time.tv_nsec;
}

static void take_parts(long thread) {
    long part;
    while ((part = atomic_fetch_add_explicit(&next_part, 1, memory_order_relaxed)) < section_parts) {
        section_run(section_context, part, thread);
    }
}

// Waits until the mailbox holds a section other than `seen`: spinning first, then asleep.
static unsigned long wait_for_post(worker_mailbox *mailbox, unsigned long seen) {
    long spin_start = nanoseconds_now();
    for (unsigned long spins = 1;; spins++) {
        unsigned long posted = atomic_load_explicit(&mailbox->posted, memory_order_acquire);
        if (posted != seen) return posted;
        RECKON_PAUSE();
        if (spins % 256 == 0 && nanoseconds_now() - spin_start > RECKON_SPIN_NANOSECONDS) break;
    }
    // Asleep is set before posted is read again (both sequentially consistent), and the caller
    // stores posted before it reads asleep, so one of the two sees the other: either this worker
    // finds the post, or the caller broadcasts, which it can only do once this worker waits.
    pthread_mutex_lock(&sleep_lock);
    atomic_store(&mailbox->asleep, 1);
    unsigned long posted;
    while ((posted = atomic_load(&mailbox->posted)) == seen) pthread_cond_wait(&wake, &sleep_lock);
    atomic_store(&mailbox->asleep, 0);
    pthread_mutex_unlock(&sleep_lock);
    return posted;
}

static void *worker_main(void *argument) {
    worker_mailbox *mailbox = argument;
    long thread = (long)(mailbox - mailboxes);
    // `done` holds the section number from before this worker started, and only the worker changes
    // it, so a section posted while the thread was starting is not mistaken for an old one.
    unsigned long seen = atomic_load_explicit(&mailbox->done, memory_order_acquire);
    for (;;) {
        seen = wait_for_post(mailbox, seen);
        take_parts(thread);
        atomic_store_explicit(&mailbox->done, seen, memory_order_release);
    }
    return NULL;
}

// Starts workers 1 ... wanted (caller holds section_lock); returns how many exist afterwards.
static long start_workers(long wanted) {
    long started = atomic_load_explicit(&started_workers, memory_order_relaxed);
    while (started < wanted && started < RECKON_MAX_WORKERS) {
        worker_mailbox *mailbox = &mailboxes[started + 1];
        atomic_store(&mailbox->posted, section_number);
        atomic_store(&mailbox->done, section_number);
        pthread_attr_t attributes;
        pthread_attr_init(&attributes);
        pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
        pthread_t thread;
        int failed = pthread_create(&thread, &attributes, worker_main, mailbox);
        pthread_attr_destroy(&attributes);
        if (failed) break;  // run with the workers there are
        started++;
        atomic_store_explicit(&started_workers, started, memory_order_relaxed);
    }
    return started;
}

void reckon_kernel_threads_run(long parts, long threads, reckon_kernel_task run, void *context) {
    if (parts <= 0) return;
    long helpers = threads - 1 < parts - 1 ? threads - 1 : parts - 1;
    if (helpers <= 0) {
        for (long part = 0; part < parts; part++) run(context, part, 0);
        return;
    }
    pthread_mutex_lock(&section_lock);
    long available = start_workers(helpers);
    if (available < helpers) helpers = available;
    section_run = run;
    section_context = context;
    section_parts = parts;
    atomic_store_explicit(&next_part, 0, memory_order_relaxed);
    unsigned long number = ++section_number;
    int anyone_asleep = 0;
    for (long worker = 1; worker <= helpers; worker++) atomic_store(&mailboxes[worker].posted, number);
    for (long worker = 1; worker <= helpers; worker++) anyone_asleep |= atomic_load(&mailboxes[worker].asleep);
    if (anyone_asleep) {
        pthread_mutex_lock(&sleep_lock);
        pthread_cond_broadcast(&wake);
        pthread_mutex_unlock(&sleep_lock);
    }
    take_parts(0);
    for (long worker = 1; worker <= helpers; worker++) {
        for (unsigned long spins = 1;
             atomic_load_explicit(&mailboxes[worker].done, memory_order_acquire) != number; spins++) {
            RECKON_PAUSE();
            if (spins % 4096 == 0) sched_yield();  // a worker without a core (a loaded machine)
        }
    }
    pthread_mutex_unlock(&section_lock);
}

long reckon_kernel_threads_started(void) { return atomic_load(&started_workers); }
