#!/usr/bin/env python3
"""How long `reelshop demo` takes, and what it costs, on a real pseudo-terminal.

Runs `reelshop demo ARGS` under pty.fork at COLSxROWS with its own TMPDIR, replays everything it
writes through the pyte terminal emulator, and reports: seconds until the order confirmation
("Placed 1 order") is on screen, seconds until the caption bar goes (the tour's end), CPU
(utime + stime from /proc/PID/stat) and bytes written over the tour. With --handover N it
presses a key N seconds in instead and reports the CPU and bytes of the HOLD seconds after it
(the storefront left to the presenter). Every wait is bounded (--timeout); the child is always
ended, and the throwaway directory must be gone afterwards.

usage: demo-tour.py BINARY [--size 80x24] [--handover N] [--hold 5] [--timeout 180] [-- ARGS...]
"""
import argparse, fcntl, os, pty, select, signal, struct, sys, tempfile, termios, time

import pyte


def main():
    p = argparse.ArgumentParser()
    p.add_argument("binary")
    p.add_argument("--size", default="80x24")
    p.add_argument("--handover", type=float, default=None, help="press a key this many seconds in")
    p.add_argument("--hold", type=float, default=5, help="seconds to watch after the hand-over")
    p.add_argument("--timeout", type=float, default=180)
    argv = sys.argv[1:]
    rest = argv[argv.index("--") + 1:] if "--" in argv else []
    a = p.parse_args(argv[:argv.index("--")] if "--" in argv else argv)
    cols, rows = map(int, a.size.split("x"))
    tmp = tempfile.mkdtemp(prefix="demo-tour-bench-")
    env = dict(os.environ, TERM="xterm-256color", LANG="C.UTF-8", TMPDIR=tmp)
    env.pop("NO_COLOR", None)
    screen = pyte.Screen(cols, rows)
    stream = pyte.ByteStream(screen)
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(a.binary, [a.binary, "demo"] + rest, env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))

    def cpu():
        f = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
        return (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")

    def text():
        return "\n".join(screen.display)

    written = 0

    def pump(seconds, until=None):
        """Reads output for up to `seconds`; stops early when until(text) holds. True if it did."""
        nonlocal written
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            ready, _, _ = select.select([fd], [], [], min(0.05, max(0, end - time.monotonic())))
            if ready:
                try:
                    chunk = os.read(fd, 65536)
                except OSError:
                    return False
                written += len(chunk)
                stream.feed(chunk)
            if until and until(text()):
                return True
        return False

    start = time.monotonic()
    try:
        if not pump(a.timeout, lambda t: "DEMO" in t):
            sys.exit("the caption bar never showed")
        if a.handover is not None:
            pump(max(0, start + a.handover - time.monotonic()))
            os.write(fd, b"x")
            if not pump(10, lambda t: "DEMO" not in t):
                sys.exit("the key did not hand over")
            time.sleep(0.5)
            pump(0.2)
            before, bytes_before = cpu(), written
            pump(a.hold)
            print(f"after the hand-over, {a.hold:.0f} s: CPU {cpu() - before:.2f} s, {written - bytes_before} bytes written")
        else:
            placed = pump(a.timeout, lambda t: "Placed 1 order" in t)
            placed_at = time.monotonic() - start
            ended = pump(a.timeout, lambda t: "DEMO" not in t)
            ended_at = time.monotonic() - start
            print(f"order confirmation on screen: {placed_at:.1f} s" if placed else "order confirmation: never seen")
            print(f"tour over (caption gone): {ended_at:.1f} s" if ended else "tour over: not within the timeout")
            print(f"CPU over the tour: {cpu():.2f} s; bytes written: {written}")
    finally:
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            done, _ = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            pump(0.05)
        else:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        left = os.listdir(tmp)
        os.rmdir(tmp) if not left else None
        print("throwaway state directory removed" if not left else f"LEFT BEHIND: {left}")


if __name__ == "__main__":
    main()
