#ifndef CSPAWNPTY_H
#define CSPAWNPTY_H

#include <sys/types.h>

/// Starts `path` with `argv` and `envp` on a new pseudo-terminal of `rows` x `cols`.
///
/// The child runs in a new session (setsid) with the terminal as its controlling terminal
/// (TIOCSCTTY) on fds 0, 1 and 2, default signal dispositions, an empty signal mask, every
/// other descriptor closed, and `cwd` (when not NULL) as its working directory. Between fork
/// and execve the child makes only async-signal-safe calls, so this is safe to call from a
/// multithreaded process.
///
/// On success returns the child's pid and stores the master side (non-blocking, close-on-exec)
/// in `*master_out`. On failure returns -1 with errno set. If execve fails the child exits 127.
pid_t reelshop_spawn_pty(const char *path, char *const argv[], char *const envp[],
                         const char *cwd, unsigned short rows, unsigned short cols,
                         int *master_out);

/// Sets the terminal size of a pseudo-terminal (TIOCSWINSZ); the foreground process group
/// then gets SIGWINCH from the kernel. Returns 0 or -1 with errno set.
int reelshop_pty_resize(int master_fd, unsigned short rows, unsigned short cols);

// MARK: The pre-forked zygote (issue 15, docs/SSH.md "Visitors start warm")

/// Opens a pseudo-terminal of `rows` x `cols`: the master (non-blocking, close-on-exec) and the
/// slave (close-on-exec). Returns 0, or -1 with errno set.
int reelshop_open_pty(unsigned short rows, unsigned short cols, int *master_out, int *slave_out);

/// Starts `path` with `argv`/`envp` as a helper process connected by `channel_fd`, which the
/// child finds on fd 3: its own session, default signal dispositions, an empty mask, fd 0 and 1
/// on /dev/null, fd 2 inherited, every other descriptor closed. Safe in a multithreaded process
/// (the child makes only async-signal-safe calls). Returns the pid, or -1 with errno set.
pid_t reelshop_spawn_helper(const char *path, char *const argv[], char *const envp[], int channel_fd);

/// Sends one message on a SOCK_SEQPACKET socket, with descriptor `fd` attached (SCM_RIGHTS)
/// when it is >= 0. Never raises SIGPIPE. Returns the bytes sent, or -1 with errno set.
long reelshop_send_message(int sock, const void *buffer, unsigned long length, int fd);

/// Receives one message; a descriptor that came with it (close-on-exec) is stored in `*fd_out`,
/// else -1. Returns its length, 0 at end of file, -1 with errno set, or -2 for a message that
/// was cut short (too long, or more than one descriptor): anything it carried is closed.
long reelshop_receive_message(int sock, void *buffer, unsigned long length, int *fd_out);

/// The number of threads of this process (entries of /proc/self/task), or -1.
int reelshop_thread_count(void);

/// Blocks SIGCHLD and returns a non-blocking, close-on-exec signalfd for it, or -1.
int reelshop_sigchld_fd(void);

/// Drains a signalfd (non-blocking); returns 0.
int reelshop_drain_signalfd(int fd);

/// Forks a visitor's storefront from the zygote. In the child (return 0): an empty signal mask,
/// a new session with `slave` as its controlling terminal on fds 0, 1 and 2, and every other
/// descriptor closed. In the zygote: the child's pid, or -1 with errno set. The child exits 126
/// if the terminal cannot be set up.
pid_t reelshop_zygote_fork(int slave);

/// pidfd_open(2): a descriptor (close-on-exec) that refers to `pid` itself, so a signal sent
/// through it can never reach a process that reused the number. -1 with errno set.
int reelshop_pidfd_open(pid_t pid);

/// pidfd_send_signal(2). 0, or -1 with errno set (ESRCH: it has exited).
int reelshop_pidfd_send_signal(int pidfd, int signal);

/// Whether the process behind `pidfd` has exited (poll, no wait): 1, 0, or -1 with errno set.
int reelshop_pidfd_exited(int pidfd, int timeout_ms);

#endif
