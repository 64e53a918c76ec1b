#define _GNU_SOURCE
#include "CSpawnPTY.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <pty.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <termios.h>
#include <unistd.h>

// Serialises openpty + fork so that no other spawn's fork copies a master descriptor before
// it is marked close-on-exec (the child closes stray descriptors anyway).
static pthread_mutex_t spawn_lock = PTHREAD_MUTEX_INITIALIZER;

static void close_from(int lowfd, long maxfd) {
#ifdef SYS_close_range
    if (syscall(SYS_close_range, (unsigned int)lowfd, ~0U, 0) == 0) {
        return;
    }
#endif
    for (long fd = lowfd; fd < maxfd; fd++) {
        close((int)fd);
    }
}

// A pseudo-terminal of rows x cols, both sides close-on-exec. Call with spawn_lock held, so no
// other spawn's fork copies them before they are marked. 0, or -1 with errno set.
static int open_cloexec_pty(unsigned short rows, unsigned short cols, int *master, int *slave) {
    struct winsize ws;
    memset(&ws, 0, sizeof ws);
    ws.ws_row = rows;
    ws.ws_col = cols;
    if (openpty(master, slave, NULL, NULL, &ws) != 0) return -1;
    fcntl(*master, F_SETFD, FD_CLOEXEC);
    fcntl(*slave, F_SETFD, FD_CLOEXEC);
    return 0;
}

pid_t reelshop_spawn_pty(const char *path, char *const argv[], char *const envp[],
                         const char *cwd, unsigned short rows, unsigned short cols,
                         int *master_out) {
    int master = -1, slave = -1;
    long maxfd = sysconf(_SC_OPEN_MAX);
    if (maxfd < 0 || maxfd > 65536) maxfd = 65536;

    pthread_mutex_lock(&spawn_lock);
    if (open_cloexec_pty(rows, cols, &master, &slave) != 0) {
        int saved = errno;
        pthread_mutex_unlock(&spawn_lock);
        errno = saved;
        return -1;
    }

    pid_t pid = fork();
    if (pid == 0) {
        // Child: async-signal-safe calls only.
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        for (int sig = 1; sig < NSIG; sig++) {
            // Ignored dispositions survive execve (NIO ignores SIGPIPE): reset them all.
            signal(sig, SIG_DFL);
        }
        if (setsid() < 0) _exit(126);
        if (ioctl(slave, TIOCSCTTY, 0) < 0) _exit(126);
        if (dup2(slave, 0) < 0 || dup2(slave, 1) < 0 || dup2(slave, 2) < 0) _exit(126);
        close_from(3, maxfd);
        if (cwd != NULL && chdir(cwd) != 0) _exit(126);
        execve(path, argv, envp);
        _exit(127);
    }
    int saved = errno;
    close(slave);
    pthread_mutex_unlock(&spawn_lock);
    if (pid < 0) {
        close(master);
        errno = saved;
        return -1;
    }
    int flags = fcntl(master, F_GETFL);
    if (flags >= 0) fcntl(master, F_SETFL, flags | O_NONBLOCK);
    *master_out = master;
    return pid;
}

int reelshop_pty_resize(int master_fd, unsigned short rows, unsigned short cols) {
    struct winsize ws;
    memset(&ws, 0, sizeof ws);
    ws.ws_row = rows;
    ws.ws_col = cols;
    return ioctl(master_fd, TIOCSWINSZ, &ws);
}

// MARK: The pre-forked zygote (issue 15)

int reelshop_open_pty(unsigned short rows, unsigned short cols, int *master_out, int *slave_out) {
    int master = -1, slave = -1;
    pthread_mutex_lock(&spawn_lock);
    int opened = open_cloexec_pty(rows, cols, &master, &slave);
    int saved = errno;
    pthread_mutex_unlock(&spawn_lock);
    if (opened != 0) {
        errno = saved;
        return -1;
    }
    int flags = fcntl(master, F_GETFL);
    if (flags >= 0) fcntl(master, F_SETFL, flags | O_NONBLOCK);
    *master_out = master;
    *slave_out = slave;
    return 0;
}

pid_t reelshop_spawn_helper(const char *path, char *const argv[], char *const envp[], int channel_fd) {
    long maxfd = sysconf(_SC_OPEN_MAX);
    if (maxfd < 0 || maxfd > 65536) maxfd = 65536;
    int devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
    if (devnull < 0) return -1;
    pthread_mutex_lock(&spawn_lock);
    pid_t pid = fork();
    if (pid == 0) {
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        for (int sig = 1; sig < NSIG; sig++) signal(sig, SIG_DFL);
        // Its own session: a Ctrl-C on the server's terminal is the server's to handle.
        if (setsid() < 0) _exit(126);
        // Move the channel out of the way of 0..2 first, then place everything.
        int channel = fcntl(channel_fd, F_DUPFD, 10);
        if (channel < 0) _exit(126);
        if (dup2(devnull, 0) < 0 || dup2(devnull, 1) < 0) _exit(126);
        if (dup2(channel, 3) < 0) _exit(126);
        close_from(4, maxfd);
        execve(path, argv, envp);
        _exit(127);
    }
    int saved = errno;
    pthread_mutex_unlock(&spawn_lock);
    close(devnull);
    if (pid < 0) errno = saved;
    return pid;
}

long reelshop_send_message(int sock, const void *buffer, unsigned long length, int fd) {
    struct iovec iov = {.iov_base = (void *)buffer, .iov_len = length};
    struct msghdr msg;
    memset(&msg, 0, sizeof msg);
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    union {
        char buf[CMSG_SPACE(sizeof(int))];
        struct cmsghdr align;
    } control;
    if (fd >= 0) {
        memset(&control, 0, sizeof control);
        msg.msg_control = control.buf;
        msg.msg_controllen = sizeof control.buf;
        struct cmsghdr *cmsg = CMSG_FIRSTHDR(&msg);
        cmsg->cmsg_level = SOL_SOCKET;
        cmsg->cmsg_type = SCM_RIGHTS;
        cmsg->cmsg_len = CMSG_LEN(sizeof(int));
        memcpy(CMSG_DATA(cmsg), &fd, sizeof(int));
    }
    ssize_t n;
    do {
        n = sendmsg(sock, &msg, MSG_NOSIGNAL);
    } while (n < 0 && errno == EINTR);
    return (long)n;
}

long reelshop_receive_message(int sock, void *buffer, unsigned long length, int *fd_out) {
    *fd_out = -1;
    struct iovec iov = {.iov_base = buffer, .iov_len = length};
    struct msghdr msg;
    memset(&msg, 0, sizeof msg);
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    union {
        char buf[CMSG_SPACE(sizeof(int) * 4)];
        struct cmsghdr align;
    } control;
    memset(&control, 0, sizeof control);
    msg.msg_control = control.buf;
    msg.msg_controllen = sizeof control.buf;
    ssize_t n;
    do {
        n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
    } while (n < 0 && errno == EINTR);
    if (n < 0) return -1;
    int received = 0;
    for (struct cmsghdr *cmsg = CMSG_FIRSTHDR(&msg); cmsg != NULL; cmsg = CMSG_NXTHDR(&msg, cmsg)) {
        if (cmsg->cmsg_level != SOL_SOCKET || cmsg->cmsg_type != SCM_RIGHTS) continue;
        size_t count = (cmsg->cmsg_len - CMSG_LEN(0)) / sizeof(int);
        for (size_t i = 0; i < count; i++) {
            int fd;
            memcpy(&fd, CMSG_DATA(cmsg) + i * sizeof(int), sizeof(int));
            if (received == 0) {
                *fd_out = fd;
            } else {
                close(fd);
            }
            received++;
        }
    }
    if ((msg.msg_flags & (MSG_TRUNC | MSG_CTRUNC)) || received > 1) {
        if (*fd_out >= 0) close(*fd_out);
        *fd_out = -1;
        return -2;
    }
    return (long)n;
}

int reelshop_thread_count(void) {
    DIR *dir = opendir("/proc/self/task");
    if (dir == NULL) return -1;
    int count = 0;
    struct dirent *entry;
    while ((entry = readdir(dir)) != NULL) {
        if (entry->d_name[0] != '.') count++;
    }
    closedir(dir);
    return count;
}

int reelshop_sigchld_fd(void) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGCHLD);
    if (sigprocmask(SIG_BLOCK, &set, NULL) != 0) return -1;
    return signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
}

int reelshop_drain_signalfd(int fd) {
    struct signalfd_siginfo info;
    while (read(fd, &info, sizeof info) == (ssize_t)sizeof info) {
    }
    return 0;
}

pid_t reelshop_zygote_fork(int slave) {
    long maxfd = sysconf(_SC_OPEN_MAX);
    if (maxfd < 0 || maxfd > 65536) maxfd = 65536;
    pid_t pid = fork();
    if (pid != 0) return pid;
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    if (setsid() < 0) _exit(126);
    if (ioctl(slave, TIOCSCTTY, 0) < 0) _exit(126);
    if (dup2(slave, 0) < 0 || dup2(slave, 1) < 0 || dup2(slave, 2) < 0) _exit(126);
    // The zygote's socket, its signalfd and the slave's own number: the storefront starts with
    // 0, 1 and 2 only, as after execve from reelshop_spawn_pty.
    close_from(3, maxfd);
    return 0;
}

int reelshop_pidfd_open(pid_t pid) {
#ifdef SYS_pidfd_open
    return (int)syscall(SYS_pidfd_open, pid, 0);
#else
    errno = ENOSYS;
    return -1;
#endif
}

int reelshop_pidfd_send_signal(int pidfd, int signal) {
#ifdef SYS_pidfd_send_signal
    return (int)syscall(SYS_pidfd_send_signal, pidfd, signal, NULL, 0);
#else
    errno = ENOSYS;
    return -1;
#endif
}

int reelshop_pidfd_exited(int pidfd, int timeout_ms) {
    struct pollfd p = {.fd = pidfd, .events = POLLIN, .revents = 0};
    int n;
    do {
        n = poll(&p, 1, timeout_ms);
    } while (n < 0 && errno == EINTR);
    if (n < 0) return -1;
    return n > 0 ? 1 : 0;
}
