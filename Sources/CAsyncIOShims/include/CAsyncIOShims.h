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
void CAsyncIO_dispatch_main_queue_drain(int fd);

/// The loop running on this thread (a thread-local, as asyncio's _running_loop), or NULL.
void *CAsyncIO_current_loop(void);
void CAsyncIO_set_current_loop(void *loop);
/// Whether the calling thread is the process's main thread.
int CAsyncIO_is_main_thread(void);


// ---- sockets (non-blocking, close-on-exec; Glibc's Swift overlay makes the flag and
// sockaddr plumbing painful, so it lives here) ----
#include <sys/socket.h>
#include <sys/un.h>
#include <netinet/in.h>

/// socket(domain, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0).
int CAsyncIO_socket(int domain, int type);
/// accept4 with SOCK_NONBLOCK | SOCK_CLOEXEC.
int CAsyncIO_accept(int fd, struct sockaddr_storage *addr, socklen_t *len);
/// send with MSG_NOSIGNAL: a closed peer gives EPIPE, never SIGPIPE.
long CAsyncIO_send(int fd, const void *buf, unsigned long len);
/// sendto with MSG_NOSIGNAL (addr NULL: connected socket).
long CAsyncIO_sendto(int fd, const void *buf, unsigned long len, const struct sockaddr_storage *addr, socklen_t addrlen);
/// recvfrom into addr.
long CAsyncIO_recvfrom(int fd, void *buf, unsigned long len, struct sockaddr_storage *addr, socklen_t *addrlen);
/// setsockopt(level, name, int value).
int CAsyncIO_setsockopt_int(int fd, int level, int name, int value);
/// getsockopt(SOL_SOCKET, SO_ERROR).
int CAsyncIO_socket_error(int fd);
int CAsyncIO_connect(int fd, const struct sockaddr_storage *addr, socklen_t len);
int CAsyncIO_bind(int fd, const struct sockaddr_storage *addr, socklen_t len);
int CAsyncIO_getsockname(int fd, struct sockaddr_storage *addr, socklen_t *len);
int CAsyncIO_getpeername(int fd, struct sockaddr_storage *addr, socklen_t *len);
/// Fills a sockaddr_in/in6 from a numeric host; returns its length, or 0 if not numeric.
int CAsyncIO_make_inet_addr(const char *host, int port, struct sockaddr_storage *out);
/// Fills a sockaddr_un; returns its length, or 0 if the path is too long.
int CAsyncIO_make_unix_addr(const char *path, struct sockaddr_storage *out);
/// Writes the numeric host of an inet address into buf; returns the port (-1: not inet).
int CAsyncIO_inet_addr_parts(const struct sockaddr_storage *addr, char *buf, int buflen);
/// The path of an AF_UNIX address (empty for unnamed).
void CAsyncIO_unix_addr_path(const struct sockaddr_storage *addr, socklen_t len, char *buf, int buflen);
/// getaddrinfo for a stream or datagram socket; writes up to `max` addresses; returns the
/// count, or a negative EAI_* code (message via CAsyncIO_gai_strerror).
int CAsyncIO_resolve(const char *host, int port, int family, int socktype, struct sockaddr_storage *out, socklen_t *lens, int max);
const char *CAsyncIO_gai_strerror(int code);
/// Whether `path` names an existing socket file.
int CAsyncIO_path_is_socket(const char *path);
/// RLIMIT_NOFILE soft limit (get; set returns 0 on success).
long CAsyncIO_get_nofile(void);
int CAsyncIO_set_nofile(long soft);

// ---- signals (asyncio's set_wakeup_fd shape: a sigaction handler that writes the signal
// number to a loop's pipe; it runs on whatever thread the kernel picks, whatever the
// thread masks of the Swift runtime's and the pool's threads) ----

/// pipe2(O_NONBLOCK | O_CLOEXEC); fds[0] reads, fds[1] writes.
int CAsyncIO_pipe(int fds[2]);
/// Whether `signo` can have a handler (1..NSIG-1, not SIGKILL or SIGSTOP).
int CAsyncIO_signal_is_catchable(int signo);
/// Whether `signo`'s action is the default one (SIG_DFL).
int CAsyncIO_signal_is_default(int signo);
/// Routes `signo` to `fd` (one byte: the signal number) with a sigaction handler
/// (SA_RESTART), saving the previous action the first time. Returns 0, or -1 with errno.
int CAsyncIO_signal_route(int signo, int fd);
/// Puts back the action saved by the first CAsyncIO_signal_route and stops routing.
int CAsyncIO_signal_unroute(int signo);
/// Sets the default action (SIG_DFL) and raises `signo` on the calling thread: the
/// process then ends as the signal's default says (asyncio's second Ctrl-C).
void CAsyncIO_signal_raise_default(int signo);

// ---- processes ----

/// Starts `path` with `argv` and `envp` (NULL: this process's environment) through
/// posix_spawn (posix_spawnp when `search` is set: a name without '/' is looked up in
/// PATH), in `cwd` (NULL: this process's). The child's fds 0, 1 and 2 become `fd0`, `fd1`,
/// `fd2` (-1: inherited as they are); every other descriptor of ours is close-on-exec.
/// Every signal starts at its default action and none is blocked. Returns the pid, or
/// -errno (ENOENT: no such program; EACCES: not executable).
int CAsyncIO_spawn(const char *path, char *const argv[], char *const envp[], const char *cwd,
                   int fd0, int fd1, int fd2, int search);
/// pidfd_open(pid, 0): a descriptor that turns readable when the process exits (-1, errno
/// ENOSYS on kernels before 5.3).
int CAsyncIO_pidfd_open(int pid);
/// waitpid(pid, WNOHANG): 1 and *code set when the child has ended (its exit status, or
/// -signal when a signal killed it, as asyncio's returncode), 0 while it runs, -1 on error.
int CAsyncIO_reap(int pid, int *code);
/// write(2) that gets EPIPE instead of SIGPIPE when the reader is gone (a pipe has no
/// MSG_NOSIGNAL): SIGPIPE is blocked around the write and a pending one consumed.
long CAsyncIO_write_nosigpipe(int fd, const void *buf, unsigned long len);
/// pipe2(O_CLOEXEC) with only fds[parent_end] non-blocking: the child's end stays
/// blocking, as programs expect of their stdio.
int CAsyncIO_pipe_for_child(int fds[2], int parent_end);

#endif
