#!/usr/bin/env python3
"""Start-up → the first picture on the screen, in each graphics mode (issue 14).

Starts the storefront RUNS times on a pseudo-terminal that answers the graphics detection the
way a real terminal does — like kitty (graphics query OK, DA1 without sixel), like a sixel
terminal (no kitty answer, DA1 with attribute 4) or like a plain terminal (DA1 only) — and
times, from the exec to the byte that arrives:

  * kitty:  the first kitty graphics command that carries the clip (APC `_G` with `a=T`/`a=t`);
  * sixel:  the first sixel image (DCS … `q`);
  * cells:  the first frame's key help (the bottom row is drawn last).

The replies are the ones kitty 0.26 and xterm -ti vt340 give (`Benchmarks/detect-time.py`
measures those terminals themselves); the cell size answered is 9x18 pixels.

    python3 Benchmarks/first-picture.py [--runs 15] [--bin .build/release/reelshop] [-- ARGS...]
"""
import argparse
import fcntl
import os
import pty
import select
import statistics
import struct
import sys
import tempfile
import termios
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

KITTY_QUERY = b"\x1b_Gi=31"
XTVERSION = b"\x1b[>q"
CELL_SIZE = b"\x1b[16t"
DA1 = (b"\x1b[c", b"\x1b[0c")

TERMINALS = {
    # mode: (answers the kitty query, DA1 reply, XTVERSION reply, what the picture starts with)
    "kitty": (True, b"\x1b[?62;22c", b"\x1bP>|kitty(0.26.5)\x1b\\", (b"\x1b_Ga=T", b"\x1b_Ga=t", b"\x1b_Gi=")),
    "sixel": (False, b"\x1b[?62;4;22c", b"\x1bP>|XTerm(379)\x1b\\", (b"\x1bPq", b"\x1bP0;1q", b"\x1bP0;1;0q", b"\x1bP9;1q")),
    "cells": (False, b"\x1b[?62;22c", b"\x1bP>|XTerm(379)\x1b\\", (b"quit",)),
}


def one_run(binary, args, mode, cols=80, rows=24):
    answers_kitty, da1, version, marks = TERMINALS[mode]
    with tempfile.TemporaryDirectory(prefix="reelshop-first-picture-") as state:
        env = dict(os.environ, TERM="xterm-256color", LANG="C.UTF-8", REELSHOP_SKIP_INTRO="1")
        env.pop("NO_COLOR", None)
        env.pop("REELSHOP_GRAPHICS", None)
        started = time.monotonic()
        pid, fd = pty.fork()
        if pid == 0:
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, cols * 9, rows * 18))
            try:
                os.execve(binary, [binary] + args + ["--state-dir", state], env)
            finally:
                os._exit(127)
        seen = b""
        answered = set()
        detected_at = None
        after = 0  # where the output after the detection's queries starts
        try:
            deadline = started + 30
            while time.monotonic() < deadline:
                ready, _, _ = select.select([fd], [], [], 0.5)
                if not ready:
                    continue
                try:
                    data = os.read(fd, 65536)
                except OSError:
                    break
                if not data:
                    break
                now = time.monotonic()
                before = len(seen)
                seen += data
                # Answer each query once, in the order a terminal would.
                if KITTY_QUERY in seen and "kitty" not in answered:
                    answered.add("kitty")
                    if answers_kitty:
                        os.write(fd, b"\x1b_Gi=31;OK\x1b\\")
                if XTVERSION in seen and "version" not in answered:
                    answered.add("version")
                    os.write(fd, version)
                if CELL_SIZE in seen and "cell" not in answered:
                    answered.add("cell")
                    os.write(fd, b"\x1b[6;18;9t")
                if any(q in seen for q in DA1) and "da1" not in answered:
                    answered.add("da1")
                    os.write(fd, da1)
                    detected_at = now
                    after = max(seen.find(q) + len(q) for q in DA1 if q in seen)
                # The picture: only in what came after the detection's own queries.
                if detected_at is not None:
                    tail = seen[max(after, before - 16):]
                    if any(mark in tail for mark in marks):
                        return (now - started) * 1000, (detected_at - started) * 1000
            raise RuntimeError(f"{mode}: no picture within 30 s; last bytes {seen[-300:]!r}")
        finally:
            try:
                os.kill(pid, 15)
                os.waitpid(pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
            os.close(fd)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--bin", default=os.path.join(ROOT, ".build/release/reelshop"))
    argv = sys.argv[1:]
    rest = argv[argv.index("--") + 1:] if "--" in argv else ["--catalog", os.path.join(ROOT, "Assets")]
    a = parser.parse_args(argv[:argv.index("--")] if "--" in argv else argv)
    print(f"| mode (80x24, {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}) | detection answered at, median | first picture, median | p90 | max | runs |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for mode in TERMINALS:
        results = [one_run(os.path.abspath(a.bin), rest, mode) for _ in range(a.runs)]
        pictures = sorted(r[0] for r in results)
        detections = [r[1] for r in results]
        p90 = pictures[min(len(pictures) - 1, int(len(pictures) * 0.9))]
        print(f"| {mode} | {statistics.median(detections):.1f} ms | {statistics.median(pictures):.1f} ms | {p90:.1f} ms | {pictures[-1]:.1f} ms | {len(pictures)} |")


if __name__ == "__main__":
    main()
