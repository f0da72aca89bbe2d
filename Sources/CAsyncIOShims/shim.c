#define _GNU_SOURCE
#include "CAsyncIOShims.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <string.h>
#include <netdb.h>
#include <fcntl.h>
#include <signal.h>
#include <pthread.h>
#include <stdatomic.h>
#include <spawn.h>
#include <sys/wait.h>
#include <arpa/inet.h>
#include <sys/resource.h>
#include <sys/stat.h>

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
// The main queue's handle is an eventfd: read it (as CoreFoundation's run loop does)
// before draining, or it stays readable and every poll returns at once.
void CAsyncIO_dispatch_main_queue_drain(int fd) {
    uint64_t count;
    ssize_t n;
    do { n = read(fd, &count, sizeof count); } while (n < 0 && errno == EINTR);
    _dispatch_main_queue_callback_4CF(NULL);
}

// initial-exec: read without a __tls_get_addr call (the shim is linked into the program).
static __thread __attribute__((tls_model("initial-exec"))) void *casyncio_current_loop = 0;
void *CAsyncIO_current_loop(void) { return casyncio_current_loop; }
void CAsyncIO_set_current_loop(void *loop) { casyncio_current_loop = loop; }
int CAsyncIO_is_main_thread(void) { return getpid() == (pid_t)syscall(SYS_gettid); }

int CAsyncIO_socket(int domain, int type) { return socket(domain, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0); }

int CAsyncIO_accept(int fd, struct sockaddr_storage *addr, socklen_t *len) {
    *len = sizeof *addr;
    return accept4(fd, (struct sockaddr *)addr, len, SOCK_NONBLOCK | SOCK_CLOEXEC);
}

long CAsyncIO_send(int fd, const void *buf, unsigned long len) { return send(fd, buf, len, MSG_NOSIGNAL); }

long CAsyncIO_sendto(int fd, const void *buf, unsigned long len, const struct sockaddr_storage *addr, socklen_t addrlen) {
    return sendto(fd, buf, len, MSG_NOSIGNAL, (const struct sockaddr *)addr, addr ? addrlen : 0);
}

long CAsyncIO_recvfrom(int fd, void *buf, unsigned long len, struct sockaddr_storage *addr, socklen_t *addrlen) {
    *addrlen = sizeof *addr;
    return recvfrom(fd, buf, len, 0, (struct sockaddr *)addr, addrlen);
}

int CAsyncIO_setsockopt_int(int fd, int level, int name, int value) {
    return setsockopt(fd, level, name, &value, sizeof value);
}

int CAsyncIO_socket_error(int fd) {
    int err = 0;
    socklen_t len = sizeof err;
    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0) return errno;
    return err;
}

int CAsyncIO_connect(int fd, const struct sockaddr_storage *addr, socklen_t len) { return connect(fd, (const struct sockaddr *)addr, len); }
int CAsyncIO_bind(int fd, const struct sockaddr_storage *addr, socklen_t len) { return bind(fd, (const struct sockaddr *)addr, len); }
int CAsyncIO_getsockname(int fd, struct sockaddr_storage *addr, socklen_t *len) { *len = sizeof *addr; return getsockname(fd, (struct sockaddr *)addr, len); }
int CAsyncIO_getpeername(int fd, struct sockaddr_storage *addr, socklen_t *len) { *len = sizeof *addr; return getpeername(fd, (struct sockaddr *)addr, len); }

int CAsyncIO_make_inet_addr(const char *host, int port, struct sockaddr_storage *out) {
    memset(out, 0, sizeof *out);
    struct sockaddr_in *v4 = (struct sockaddr_in *)out;
    if (inet_pton(AF_INET, host, &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        v4->sin_port = htons((uint16_t)port);
        return sizeof *v4;
    }
    struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)out;
    if (inet_pton(AF_INET6, host, &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons((uint16_t)port);
        return sizeof *v6;
    }
    return 0;
}

int CAsyncIO_make_unix_addr(const char *path, struct sockaddr_storage *out) {
    memset(out, 0, sizeof *out);
    struct sockaddr_un *un = (struct sockaddr_un *)out;
    size_t n = strlen(path);
    if (n >= sizeof un->sun_path) return 0;
    un->sun_family = AF_UNIX;
    memcpy(un->sun_path, path, n + 1);
    return (int)(offsetof(struct sockaddr_un, sun_path) + n + 1);
}

int CAsyncIO_inet_addr_parts(const struct sockaddr_storage *addr, char *buf, int buflen) {
    if (addr->ss_family == AF_INET) {
        const struct sockaddr_in *v4 = (const struct sockaddr_in *)addr;
        inet_ntop(AF_INET, &v4->sin_addr, buf, (socklen_t)buflen);
        return ntohs(v4->sin_port);
    }
    if (addr->ss_family == AF_INET6) {
        const struct sockaddr_in6 *v6 = (const struct sockaddr_in6 *)addr;
        inet_ntop(AF_INET6, &v6->sin6_addr, buf, (socklen_t)buflen);
        return ntohs(v6->sin6_port);
    }
    if (buflen > 0) buf[0] = 0;
    return -1;
}

void CAsyncIO_unix_addr_path(const struct sockaddr_storage *addr, socklen_t len, char *buf, int buflen) {
    const struct sockaddr_un *un = (const struct sockaddr_un *)addr;
    size_t off = offsetof(struct sockaddr_un, sun_path);
    size_t n = len > off ? len - off : 0;
    if (n >= (size_t)buflen) n = (size_t)buflen - 1;
    memcpy(buf, un->sun_path, n);
    buf[n] = 0;
}

int CAsyncIO_resolve(const char *host, int port, int family, int socktype, struct sockaddr_storage *out, socklen_t *lens, int max) {
    struct addrinfo hints, *res = NULL, *p;
    char service[16];
    memset(&hints, 0, sizeof hints);
    hints.ai_family = family;
    hints.ai_socktype = socktype;
    hints.ai_flags = AI_ADDRCONFIG;
    snprintf(service, sizeof service, "%d", port);
    int rc = getaddrinfo(host, service, &hints, &res);
    if (rc != 0) return rc < 0 ? rc : -rc;
    int n = 0;
    for (p = res; p && n < max; p = p->ai_next) {
        memset(&out[n], 0, sizeof out[n]);
        memcpy(&out[n], p->ai_addr, p->ai_addrlen);
        lens[n] = p->ai_addrlen;
        n++;
    }
    freeaddrinfo(res);
    return n;
}

const char *CAsyncIO_gai_strerror(int code) { return gai_strerror(code); }

long CAsyncIO_get_nofile(void) {
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0) return -1;
    return (long)rl.rlim_cur;
}

int CAsyncIO_set_nofile(long soft) {
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0) return -1;
    rl.rlim_cur = (rlim_t)soft;
    if (rl.rlim_max != RLIM_INFINITY && rl.rlim_cur > rl.rlim_max) rl.rlim_cur = rl.rlim_max;
    return setrlimit(RLIMIT_NOFILE, &rl);
}

int CAsyncIO_path_is_socket(const char *path) {
    struct stat st;
    return stat(path, &st) == 0 && S_ISSOCK(st.st_mode);
}

// ---- signals ----

// Where each signal goes: read by the handler on whatever thread the kernel picks, so an
// atomic (lock-free, async-signal-safe); -1: nowhere.
static _Atomic int signal_fds[NSIG];
// The action in force before the first route, put back by unroute; loop threads only,
// under the lock (several loops may route signals).
static struct sigaction saved_actions[NSIG];
static int saved[NSIG];
static pthread_mutex_t routes_lock = PTHREAD_MUTEX_INITIALIZER;

int CAsyncIO_pipe(int fds[2]) { return pipe2(fds, O_NONBLOCK | O_CLOEXEC); }

int CAsyncIO_signal_is_catchable(int signo) {
    return signo > 0 && signo < NSIG && signo != SIGKILL && signo != SIGSTOP;
}

int CAsyncIO_signal_is_default(int signo) {
    struct sigaction current;
    if (sigaction(signo, NULL, &current) != 0) return 0;
    return !(current.sa_flags & SA_SIGINFO) && current.sa_handler == SIG_DFL;
}

static void route_signal(int signo) {
    int saved_errno = errno;
    int fd = atomic_load_explicit(&signal_fds[signo], memory_order_acquire);
    if (fd >= 0) {
        unsigned char byte = (unsigned char)signo;
        // A full pipe drops the byte: the loop is woken already and will read the rest.
        ssize_t ignored = write(fd, &byte, 1);
        (void)ignored;
    }
    errno = saved_errno;
}

int CAsyncIO_signal_route(int signo, int fd) {
    if (!CAsyncIO_signal_is_catchable(signo)) { errno = EINVAL; return -1; }
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = route_signal;
    action.sa_flags = SA_RESTART;
    sigemptyset(&action.sa_mask);
    pthread_mutex_lock(&routes_lock);
    atomic_store_explicit(&signal_fds[signo], fd, memory_order_release);
    struct sigaction previous;
    if (sigaction(signo, &action, &previous) != 0) {
        int saved_errno = errno;
        atomic_store_explicit(&signal_fds[signo], -1, memory_order_release);
        pthread_mutex_unlock(&routes_lock);
        errno = saved_errno;
        return -1;
    }
    if (!saved[signo]) {
        saved_actions[signo] = previous;
        saved[signo] = 1;
    }
    pthread_mutex_unlock(&routes_lock);
    // The signal may be blocked in this thread (inherited masks): let it through here.
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, signo);
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
    return 0;
}

int CAsyncIO_signal_unroute(int signo) {
    if (!CAsyncIO_signal_is_catchable(signo)) { errno = EINVAL; return -1; }
    pthread_mutex_lock(&routes_lock);
    atomic_store_explicit(&signal_fds[signo], -1, memory_order_release);
    int rc = 0;
    if (saved[signo]) {
        saved[signo] = 0;
        rc = sigaction(signo, &saved_actions[signo], NULL);
    }
    pthread_mutex_unlock(&routes_lock);
    return rc;
}

void CAsyncIO_signal_raise_default(int signo) {
    if (!CAsyncIO_signal_is_catchable(signo)) return;
    pthread_mutex_lock(&routes_lock);
    atomic_store_explicit(&signal_fds[signo], -1, memory_order_release);
    saved[signo] = 0;
    signal(signo, SIG_DFL);
    pthread_mutex_unlock(&routes_lock);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, signo);
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
    raise(signo);
}

__attribute__((constructor)) static void init_signal_fds(void) {
    for (int i = 0; i < NSIG; i++) atomic_init(&signal_fds[i], -1);
}

// ---- processes ----

extern char **environ;

int CAsyncIO_spawn(const char *path, char *const argv[], char *const envp[], const char *cwd,
                   int fd0, int fd1, int fd2, int search) {
    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attr;
    int rc = posix_spawn_file_actions_init(&actions);
    if (rc != 0) return -rc;
    rc = posix_spawnattr_init(&attr);
    if (rc != 0) { posix_spawn_file_actions_destroy(&actions); return -rc; }
    int fds[3] = {fd0, fd1, fd2};
    for (int i = 0; i < 3 && rc == 0; i++) {
        // dup2 gives the child a copy without close-on-exec (glibc also clears the flag
        // when the descriptor is already in place).
        if (fds[i] >= 0) rc = posix_spawn_file_actions_adddup2(&actions, fds[i], i);
    }
    if (rc == 0 && cwd != NULL) rc = posix_spawn_file_actions_addchdir_np(&actions, cwd);
    sigset_t all, none;
    sigfillset(&all);
    sigemptyset(&none);
    if (rc == 0) rc = posix_spawnattr_setsigdefault(&attr, &all);
    if (rc == 0) rc = posix_spawnattr_setsigmask(&attr, &none);
    if (rc == 0) rc = posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
    pid_t pid = -1;
    if (rc == 0) {
        char *const *env = envp != NULL ? envp : environ;
        rc = search ? posix_spawnp(&pid, path, &actions, &attr, argv, env)
                    : posix_spawn(&pid, path, &actions, &attr, argv, env);
    }
    posix_spawnattr_destroy(&attr);
    posix_spawn_file_actions_destroy(&actions);
    return rc == 0 ? pid : -rc;
}

int CAsyncIO_pidfd_open(int pid) {
#ifdef SYS_pidfd_open
    return (int)syscall(SYS_pidfd_open, pid, 0);
#else
    errno = ENOSYS;
    return -1;
#endif
}

int CAsyncIO_reap(int pid, int *code) {
    int status = 0;
    pid_t r;
    do { r = waitpid(pid, &status, WNOHANG); } while (r < 0 && errno == EINTR);
    if (r < 0) return -1;
    if (r == 0) return 0;
    if (WIFEXITED(status)) *code = WEXITSTATUS(status);
    else if (WIFSIGNALED(status)) *code = -WTERMSIG(status);
    else *code = status;
    return 1;
}

long CAsyncIO_write_nosigpipe(int fd, const void *buf, unsigned long len) {
    sigset_t pipe_only, old;
    sigemptyset(&pipe_only);
    sigaddset(&pipe_only, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_only, &old);
    ssize_t n = write(fd, buf, len);
    int saved_errno = errno;
    if (n < 0 && saved_errno == EPIPE) {
        // Consume the SIGPIPE this write raised, so it never fires once unblocked.
        struct timespec zero = {0, 0};
        while (sigtimedwait(&pipe_only, NULL, &zero) < 0 && errno == EINTR) {}
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    errno = saved_errno;
    return n;
}

int CAsyncIO_pipe_for_child(int fds[2], int parent_end) {
    if (pipe2(fds, O_CLOEXEC) != 0) return -1;
    int flags = fcntl(fds[parent_end], F_GETFL);
    if (flags < 0 || fcntl(fds[parent_end], F_SETFL, flags | O_NONBLOCK) != 0) {
        int saved = errno;
        close(fds[0]);
        close(fds[1]);
        errno = saved;
        return -1;
    }
    return 0;
}
