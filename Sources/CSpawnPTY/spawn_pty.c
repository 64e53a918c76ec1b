#define _GNU_SOURCE
#include "CSpawnPTY.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <pty.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
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

pid_t reelshop_spawn_pty(const char *path, char *const argv[], char *const envp[],
                         const char *cwd, unsigned short rows, unsigned short cols,
                         int *master_out) {
    int master = -1, slave = -1;
    struct winsize ws;
    memset(&ws, 0, sizeof ws);
    ws.ws_row = rows;
    ws.ws_col = cols;

    long maxfd = sysconf(_SC_OPEN_MAX);
    if (maxfd < 0 || maxfd > 65536) maxfd = 65536;

    pthread_mutex_lock(&spawn_lock);
    if (openpty(&master, &slave, NULL, NULL, &ws) != 0) {
        int saved = errno;
        pthread_mutex_unlock(&spawn_lock);
        errno = saved;
        return -1;
    }
    fcntl(master, F_SETFD, FD_CLOEXEC);
    fcntl(slave, F_SETFD, FD_CLOEXEC);

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
