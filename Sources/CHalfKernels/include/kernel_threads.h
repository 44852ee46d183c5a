#ifndef RECKON_KERNEL_THREADS_H
#define RECKON_KERNEL_THREADS_H
// A small pool of threads that stay awake between the many short parallel sections of a decode
// step. Why not Dispatch or OpenBLAS's threads: a decode step runs dozens of sub-millisecond
// products, and waking a sleeping Dispatch worker for each cost more than the second core gained
// (docs/performance.md); OpenBLAS cannot run other code on its threads.
// Workers spin (with the CPU's pause hint) for a short while after each section, then sleep on a
// condition variable until the next one.
#include <stddef.h>

/// A task: `run(context, part, thread)` for one part of a parallel section, on thread `thread`
/// (0 the caller, 1 ... threads - 1 the workers; no two parts run on one thread at once).
typedef void (*reckon_kernel_task)(void *context, long part, long thread);

/// Runs run(context, part, thread) for every part in [0, parts), each part once, spread over at
/// most `threads` threads (the caller and up to threads - 1 workers, started on first use and kept),
/// which take parts in order as they become free. Returns when every part has run. Sections from
/// several caller threads take turns. A task must not start a section itself.
void reckon_kernel_threads_run(long parts, long threads, reckon_kernel_task run, void *context);

/// Workers started so far (for tests).
long reckon_kernel_threads_started(void);

#endif
