#!/usr/bin/env python3
"""Start-up, key-press latency and memory of the storefront, measured on a real pseudo-terminal.

The binary runs under pty.fork exactly as in a terminal (TERM=xterm-256color, UTF-8, no NO_COLOR).
Every byte it writes is kept with the time it was read; a terminal emulator (pyte) replays those
bytes afterwards, so emulation never delays the clock, and a sample ends at the first chunk after
which the emulated screen shows what the user waits for.

  startup  From just before fork to the first full frame: the header row says "For You", the
           bottom row holds the key help ("quit") and the feed's progress counter ("1/N") is drawn.
           Then CPU time so far (all threads, /proc/PID/task/*/schedstat: on a loaded machine a
           steadier figure than the wall clock), VmRSS, RssAnon and VmHWM from /proc/PID/status, then
           `q`. One fresh process (and, unless --state-dir is given, a fresh empty state directory) per
           run. With --then-moves N, after that it presses `j` N times (each waits for the counter,
           then reads on for --gap seconds), reads on for 2 s more and reports the memory again
           (`after_moves_*`): what the first minutes cost — the marketplace's stock answers among
           them — not only what the first frame did. The first press goes --first-move-after
           seconds after the first frame (default 0.1: while the first clip's second frame is
           due) and is timed (`first_move_ms_*`): a key pressed just after start-up.
  keys     One process; after its first frame and a settle, presses `j` (next post) PRESSES times,
           turning to `k` at the end of the feed, and times each press from the write of the key to
           the first chunk after which the progress counter shows the new post. After each press it
           reads on for --gap seconds (0.3: the 150 ms slide is over), so presses never queue up.
           Also the storefront's CPU time from the write of the key to that chunk (it includes any
           clip frame drawn meanwhile).

  feed     One process; after its first frame, presses `j` until the last post of the feed, then
           `k` back to the first (each press waits for the counter to move, then reads on for
           --gap seconds so the clip is decoded and plays), then reports VmRSS, RssAnon (the
           heap: VmRSS less the code and files mapped) and VmHWM (KiB): the memory of a whole
           scroll down the feed and back. Repeated --runs times, a fresh process each time.

The emulated terminal answers the primary device attributes query (DA1, ESC [ c) at once, as
every terminal since the VT100 does, with what xterm without sixel says (VT220, ANSI colour):
the storefront's graphics detection ends on that reply, as it does in a real terminal, instead
of waiting out its 250 ms budget. --silent keeps it quiet (a terminal that answers nothing).

Prints one line of JSON per mode: samples, median, p99, max (milliseconds) and memory (KiB).

usage: pty-latency.py startup BINARY [--runs 30] [--size 80x24] [--then-moves N] [-- ARGS...]
       pty-latency.py feed    BINARY [--runs 3] [--size 80x24] [--gap 0.3] [-- ARGS...]
       pty-latency.py keys    BINARY [--presses 200] [--size 80x24] [--gap 0.3] [-- ARGS...]
"""
import argparse
import fcntl
import json
import os
import pty
import re
import select
import signal
import statistics
import struct
import sys
import tempfile
import termios
import time

try:
    import pyte
except ImportError:
    sys.exit("pty-latency.py needs the pyte terminal emulator: apt-get install python3-pyte (or pip install pyte)")

COUNTER = re.compile(r"\b(\d+)/(\d+)\s*$")


def percentile(values, p):
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def summary(samples_ms):
    return {"samples": len(samples_ms), "median_ms": round(statistics.median(samples_ms), 2),
            "p99_ms": round(percentile(samples_ms, 99), 2), "max_ms": round(max(samples_ms), 2),
            "min_ms": round(min(samples_ms), 2)}


class Session:
    """One storefront process on its own pseudo-terminal, its output kept with arrival times."""

    DA1_QUERY = re.compile(rb"\x1b\[0?c")
    DA1_REPLY = b"\x1b[?62;22c"

    def __init__(self, binary, args, cols, rows, answer=True):
        self.answer = answer
        self.tail = b""
        env = dict(os.environ, TERM="xterm-256color", LANG="C.UTF-8", LC_ALL="C.UTF-8", REELSHOP_SKIP_INTRO="1")
        env.pop("NO_COLOR", None)
        self.screen = pyte.Screen(cols, rows)
        self.stream = pyte.ByteStream(self.screen)
        self.pending = []
        self.started = time.monotonic()
        pid, fd = pty.fork()
        if pid == 0:  # the child: the size is set before exec so the first frame has it
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
            try:
                os.execve(binary, [binary] + args, env)
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd

    def read_until_quiet(self, quiet, deadline):
        """Reads until nothing arrives for `quiet` seconds (or the deadline); False on EOF."""
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.fd], [], [], quiet)
            if not ready:
                return True
            try:
                data = os.read(self.fd, 65536)
            except OSError:
                return False
            if not data:
                return False
            self.pending.append((time.monotonic(), data))
            if self.answer:
                seen = self.tail + data
                for _ in self.DA1_QUERY.finditer(seen):
                    os.write(self.fd, self.DA1_REPLY)
                self.tail = seen[-3:] if not self.DA1_QUERY.search(seen[-3:]) else b""
        return True

    def wait_for(self, predicate, timeout=30.0, quiet=0.002):
        """The arrival time of the first chunk after which `predicate(screen)` holds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            alive = self.read_until_quiet(quiet, deadline)
            chunks, self.pending = self.pending, []
            for i, (when, data) in enumerate(chunks):
                self.stream.feed(data)
                if predicate(self.screen):
                    for later_when, later in chunks[i + 1:]:
                        self.stream.feed(later)
                    return when
            if not alive:
                raise RuntimeError("the storefront exited:\n" + "\n".join(self.screen.display))
        raise RuntimeError("timed out; the screen shows:\n" + "\n".join(self.screen.display))

    def drain(self, quiet, limit):
        """Reads (and emulates) until quiet for `quiet` seconds, at most `limit` seconds."""
        self.read_until_quiet(quiet, time.monotonic() + limit)
        for _, data in self.pending:
            self.stream.feed(data)
        self.pending = []

    def counter(self):
        for line in reversed(self.screen.display):
            match = COUNTER.search(line)
            if match:
                return int(match.group(1)), int(match.group(2))
        return None

    def cpu_ms(self):
        """CPU time of every thread so far (schedstat: nanoseconds on a CPU), in milliseconds."""
        total = 0
        for task in os.listdir(f"/proc/{self.pid}/task"):
            try:
                total += int(open(f"/proc/{self.pid}/task/{task}/schedstat").read().split()[0])
            except (OSError, ValueError, IndexError):
                pass
        return total / 1e6

    def memory_kib(self):
        status = open(f"/proc/{self.pid}/status").read()
        return {key: int(re.search(rf"^{key}:\s+(\d+) kB", status, re.M).group(1)) for key in ("VmRSS", "RssAnon", "VmHWM")}

    def close(self):
        try:
            os.write(self.fd, b"q")
            deadline = time.monotonic() + 5
            while time.monotonic() < deadline:
                done, _ = os.waitpid(self.pid, os.WNOHANG)
                if done:
                    break
                self.read_until_quiet(0.05, time.monotonic() + 0.1)
            else:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
        except (OSError, ChildProcessError):
            pass
        finally:
            try:
                os.close(self.fd)
            except OSError:
                pass


def full_frame(screen):
    lines = screen.display
    return "For You" in lines[0] and "quit" in lines[-1] and any(COUNTER.search(l) for l in lines)


def with_state_dir(args, directory):
    return args if "--state-dir" in args else args + ["--state-dir", directory]


def startup(a):
    times, cpu, rss, anon, hwm = [], [], [], [], []
    later_rss, later_anon, first_moves = [], [], []
    for _ in range(a.runs):
        with tempfile.TemporaryDirectory(prefix="reelshop-perf-") as state:
            session = Session(a.binary, with_state_dir(a.args, state), a.cols, a.rows, answer=not a.silent)
            try:
                when = session.wait_for(full_frame)
                memory = session.memory_kib()
                cpu.append(session.cpu_ms())
                if a.then_moves:
                    session.drain(a.first_move_after, a.first_move_after)
                    for move in range(a.then_moves):
                        position, _total = session.counter()
                        sent = time.monotonic()
                        os.write(session.fd, b"j")
                        moved = session.wait_for(lambda screen, t=position + 1: (session.counter() or (0, 0))[0] == t, timeout=10)
                        if move == 0:
                            first_moves.append((moved - sent) * 1000)
                        session.drain(a.gap, a.gap)
                    session.drain(2.0, 2.0)
                    later = session.memory_kib()
                    later_rss.append(later["VmRSS"])
                    later_anon.append(later["RssAnon"])
            finally:
                session.close()
        times.append((when - session.started) * 1000)
        rss.append(memory["VmRSS"])
        anon.append(memory["RssAnon"])
        hwm.append(memory["VmHWM"])
    result = summary(times)
    result.update({"cpu_ms_median": round(statistics.median(cpu), 1), "cpu_ms_p99": round(percentile(cpu, 99), 1),
                   "rss_kib_median": int(statistics.median(rss)), "rss_kib_max": max(rss),
                   "anon_kib_median": int(statistics.median(anon)), "hwm_kib_max": max(hwm)})
    if later_rss:
        result.update({"first_move_ms_median": round(statistics.median(first_moves), 2),
                       "first_move_ms_max": round(max(first_moves), 2)})
        result.update({"after_moves": a.then_moves, "after_moves_rss_kib_median": int(statistics.median(later_rss)),
                       "after_moves_rss_kib_max": max(later_rss), "after_moves_anon_kib_median": int(statistics.median(later_anon))})
    return result


def keys(a):
    times, cpu = [], []
    with tempfile.TemporaryDirectory(prefix="reelshop-perf-") as state:
        session = Session(a.binary, with_state_dir(a.args, state), a.cols, a.rows, answer=not a.silent)
        try:
            session.wait_for(full_frame)
            session.drain(a.gap, 2.0)
            position, total = session.counter()
            step = 1
            for _ in range(a.presses):
                if position + step > total or position + step < 1:
                    step = -step
                target = position + step
                cpu_before = session.cpu_ms()
                sent = time.monotonic()
                os.write(session.fd, b"j" if step > 0 else b"k")
                when = session.wait_for(lambda screen, t=target: (session.counter() or (0, 0))[0] == t, timeout=10)
                times.append((when - sent) * 1000)
                cpu.append(session.cpu_ms() - cpu_before)
                position = target
                session.drain(a.gap, a.gap)
        finally:
            session.close()
    result = summary(times)
    result.update({"cpu_ms_median": round(statistics.median(cpu), 2), "cpu_ms_p99": round(percentile(cpu, 99), 2)})
    return result


def feed(a):
    rss, anon, hwm, posts = [], [], [], 0
    for _ in range(a.runs):
        with tempfile.TemporaryDirectory(prefix="reelshop-perf-") as state:
            session = Session(a.binary, with_state_dir(a.args, state), a.cols, a.rows, answer=not a.silent)
            try:
                session.wait_for(full_frame)
                session.drain(a.gap, 2.0)
                position, total = session.counter()
                for key, step, end in ((b"j", 1, total), (b"k", -1, 1)):
                    while position != end:
                        os.write(session.fd, key)
                        target = position + step
                        session.wait_for(lambda screen, t=target: (session.counter() or (0, 0))[0] == t, timeout=30)
                        position = target
                        session.drain(a.gap, a.gap)
                memory = session.memory_kib()
                posts = total
            finally:
                session.close()
        rss.append(memory["VmRSS"])
        anon.append(memory["RssAnon"])
        hwm.append(memory["VmHWM"])
    return {"posts": posts, "runs": a.runs, "rss_kib_median": int(statistics.median(rss)), "rss_kib_max": max(rss),
            "anon_kib_median": int(statistics.median(anon)), "anon_kib_max": max(anon),
            "hwm_kib_median": int(statistics.median(hwm)), "hwm_kib_max": max(hwm)}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=["startup", "keys", "feed"])
    parser.add_argument("binary")
    parser.add_argument("--runs", type=int, default=None, help="start-ups to time (startup: 30), scrolls (feed: 3)")
    parser.add_argument("--presses", type=int, default=200, help="key presses to time (keys)")
    parser.add_argument("--then-moves", type=int, default=0, help="startup: press j this many times after the first frame, then read the memory again")
    parser.add_argument("--first-move-after", type=float, default=0.1, help="startup: seconds after the first frame the first of --then-moves is pressed")
    parser.add_argument("--size", default="80x24")
    parser.add_argument("--silent", action="store_true", help="never answer the terminal queries (DA1)")
    parser.add_argument("--gap", type=float, default=0.3, help="seconds read after each press (keys)")
    argv = sys.argv[1:]
    rest = argv[argv.index("--") + 1:] if "--" in argv else []
    a = parser.parse_args(argv[:argv.index("--")] if "--" in argv else argv)
    a.args = rest
    if a.runs is None:
        a.runs = 3 if a.mode == "feed" else 30
    a.cols, a.rows = map(int, a.size.split("x"))
    result = {"startup": startup, "keys": keys, "feed": feed}[a.mode](a)
    print(json.dumps({"mode": a.mode, "binary": a.binary, "args": a.args, "size": a.size,
                      "answers_da1": not a.silent, **result}))


if __name__ == "__main__":
    main()
