// C shims for swift-asyncio.
//
// Glibc's Swift module does not export epoll, eventfd or timerfd, and has no wrapper for
// epoll_pwait2 (nanosecond timeouts). Each function here exists only because Swift cannot
// reach the call directly; symbols are prefixed CAsyncIO_.
#ifndef CASYNCIO_SHIMS_H
#define CASYNCIO_SHIMS_H

#include <stdint.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>

static const uint32_t CAsyncIO_EPOLLIN = EPOLLIN;
static const uint32_t CAsyncIO_EPOLLOUT = EPOLLOUT;
static const uint32_t CAsyncIO_EPOLLERR = EPOLLERR;
static const uint32_t CAsyncIO_EPOLLHUP = EPOLLHUP;
static const uint32_t CAsyncIO_EPOLLRDHUP = EPOLLRDHUP;
static const uint32_t CAsyncIO_EPOLLET = EPOLLET;

/// epoll_create1(EPOLL_CLOEXEC).
int CAsyncIO_epoll_create(void);
/// epoll_ctl with the registration data packed into epoll_data.u64.
int CAsyncIO_epoll_ctl(int epfd, int op, int fd, uint32_t events, uint64_t data);
/// Waits at most `timeout_ns` nanoseconds (-1: forever). Uses epoll_pwait2 where the kernel
/// has it (Linux 5.11+), else epoll_wait with the timeout rounded *up* to a millisecond so
/// that a timer never fires early. Fills parallel arrays of event bits and data.
int CAsyncIO_epoll_wait_ns(int epfd, uint32_t *events, uint64_t *datas, int max, int64_t timeout_ns);

/// eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC).
int CAsyncIO_eventfd(void);
/// Adds 1 to the eventfd counter.
int CAsyncIO_eventfd_signal(int fd);
/// Reads and resets the eventfd counter; 0 if it was already zero.
int CAsyncIO_eventfd_drain(int fd);

/// CLOCK_MONOTONIC in nanoseconds.
int64_t CAsyncIO_monotonic_ns(void);
/// The calling thread's kernel id.
int CAsyncIO_gettid(void);

/// libdispatch's main-queue hooks (the ones CoreFoundation's run loop uses on Linux), so a
/// loop that owns the main thread can drain DispatchQueue.main and never starve @MainActor.
int CAsyncIO_dispatch_main_queue_fd(void);
void CAsyncIO_dispatch_main_queue_drain(void);

/// The loop running on this thread (a thread-local, as asyncio's _running_loop), or NULL.
void *CAsyncIO_current_loop(void);
void CAsyncIO_set_current_loop(void *loop);
/// Whether the calling thread is the process's main thread.
int CAsyncIO_is_main_thread(void);

#endif
