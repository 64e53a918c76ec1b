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

#endif
