#define _GNU_SOURCE
#include "CAsyncIOShims.h"

#include <errno.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

int CAsyncIO_epoll_create(void) { return epoll_create1(EPOLL_CLOEXEC); }

int CAsyncIO_epoll_ctl(int epfd, int op, int fd, uint32_t events, uint64_t data) {
    struct epoll_event ev;
    ev.events = events;
    ev.data.u64 = data;
    return epoll_ctl(epfd, op, fd, &ev);
}

#define CASYNCIO_MAX_EVENTS 256
#ifndef SYS_epoll_pwait2
#define SYS_epoll_pwait2 441
#endif

static int casyncio_has_pwait2 = 1;

int CAsyncIO_epoll_wait_ns(int epfd, uint32_t *events, uint64_t *datas, int max, int64_t timeout_ns) {
    struct epoll_event evs[CASYNCIO_MAX_EVENTS];
    if (max > CASYNCIO_MAX_EVENTS) max = CASYNCIO_MAX_EVENTS;
    int n;
    if (timeout_ns == 0) {
        n = epoll_wait(epfd, evs, max, 0);
    } else if (casyncio_has_pwait2) {
        struct timespec ts, *tsp = NULL;
        if (timeout_ns > 0) {
            ts.tv_sec = timeout_ns / 1000000000LL;
            ts.tv_nsec = timeout_ns % 1000000000LL;
            tsp = &ts;
        }
        n = (int)syscall(SYS_epoll_pwait2, epfd, evs, max, tsp, NULL, 0);
        if (n < 0 && errno == ENOSYS) {
            casyncio_has_pwait2 = 0;
            return CAsyncIO_epoll_wait_ns(epfd, events, datas, max, timeout_ns);
        }
    } else {
        int ms = timeout_ns < 0 ? -1 : (int)((timeout_ns + 999999LL) / 1000000LL);
        n = epoll_wait(epfd, evs, max, ms);
    }
    for (int i = 0; i < n; i++) {
        events[i] = evs[i].events;
        datas[i] = evs[i].data.u64;
    }
    return n;
}

int CAsyncIO_eventfd(void) { return eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC); }

int CAsyncIO_eventfd_signal(int fd) {
    uint64_t one = 1;
    return (int)write(fd, &one, sizeof one);
}

int CAsyncIO_eventfd_drain(int fd) {
    uint64_t value = 0;
    ssize_t r = read(fd, &value, sizeof value);
    return r == (ssize_t)sizeof value ? 1 : 0;
}

int64_t CAsyncIO_monotonic_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int CAsyncIO_gettid(void) { return (int)syscall(SYS_gettid); }

// Exported by libdispatch on Linux for CoreFoundation's run loop.
extern int _dispatch_get_main_queue_handle_4CF(void);
extern void _dispatch_main_queue_callback_4CF(void *msg);

int CAsyncIO_dispatch_main_queue_fd(void) { return _dispatch_get_main_queue_handle_4CF(); }
void CAsyncIO_dispatch_main_queue_drain(void) { _dispatch_main_queue_callback_4CF(NULL); }

static __thread void *casyncio_current_loop = 0;
void *CAsyncIO_current_loop(void) { return casyncio_current_loop; }
void CAsyncIO_set_current_loop(void *loop) { casyncio_current_loop = loop; }
int CAsyncIO_is_main_thread(void) { return getpid() == (pid_t)syscall(SYS_gettid); }
