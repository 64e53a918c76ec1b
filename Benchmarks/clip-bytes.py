#!/usr/bin/env python3
"""Bytes and CPU of the storefront while a clip plays, measured on a real pseudo-terminal.

Runs `reelshop` under pty.fork at COLSxROWS, reads everything it writes for SECONDS (after a
warm-up), pressing `j` every SCROLL seconds to move through the bundled feed (0 = never), and
reports bytes per second, redraws (write bursts separated by > 8 ms of silence) and bytes per
redraw, plus CPU from /proc/PID/stat (utime + stime) over the same window.

With --ideal, every byte is also replayed through a terminal emulator (pyte) and each redraw is
compared with a perfect cell diff of the same two screens: for every row, the changed cells in
runs (a gap of unchanged cells is re-sent when that is cheaper than a cursor move), a cursor
move per run, an SGR wherever the colours or attributes differ from the pen (256-colour
indexes counted at three digits), and the characters' UTF-8 bytes. The ratio of the bytes sent
to those is issue 15's "within 1.2x of a perfect cell diff".

usage: clip-bytes.py BINARY [--size 80x24] [--seconds 20] [--scroll 2] [--paused] [--ideal] [-- ARGS...]
"""
import argparse, fcntl, os, pty, select, struct, sys, termios, time

def main():
    p = argparse.ArgumentParser()
    p.add_argument("binary")
    p.add_argument("--size", default="80x24")
    p.add_argument("--seconds", type=float, default=20)
    p.add_argument("--scroll", type=float, default=2, help="press j every N seconds (0: never)")
    p.add_argument("--paused", action="store_true", help="press p first and measure the paused feed")
    p.add_argument("--warmup", type=float, default=2)
    p.add_argument("--ideal", action="store_true", help="also compare each redraw with a perfect cell diff (pyte)")
    argv = sys.argv[1:]
    rest = argv[argv.index("--") + 1:] if "--" in argv else []
    a = p.parse_args(argv[:argv.index("--")] if "--" in argv else argv)
    a.args = rest
    cols, rows = map(int, a.size.split("x"))
    env = dict(os.environ, TERM="xterm-256color", LANG="C.UTF-8", REELSHOP_SKIP_INTRO="1")
    env.pop("NO_COLOR", None)
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(a.binary, [a.binary] + a.args, env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))

    def cpu():
        f = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
        return (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")

    def pump(until, on_chunk=None):
        while True:
            left = until - time.monotonic()
            if left <= 0: return
            r, _, _ = select.select([fd], [], [], left)
            if r:
                try: data = os.read(fd, 65536)
                except OSError: return
                if on_chunk: on_chunk(time.monotonic(), data)

    warm = bytearray()
    pump(time.monotonic() + a.warmup, lambda t, data: warm.extend(data))
    if a.paused:
        os.write(fd, b"p")
        pump(time.monotonic() + 0.5)
    total, bursts, last, burst, largest = 0, 0, 0.0, 0, 0
    sizes = []  # bytes of each redraw, for the median and p99
    redraws = []  # the bytes of each redraw (--ideal)
    def chunk(t, data):
        nonlocal total, bursts, last, burst, largest
        n = len(data)
        total += n
        if t - last > 0.008:
            bursts += 1
            burst = 0
            sizes.append(0)
            redraws.append(bytearray())
        redraws[-1].extend(data)
        burst += n
        sizes[-1] += n
        largest = max(largest, burst)
        last = t
    start, cpu0 = time.monotonic(), cpu()
    end, next_scroll = start + a.seconds, start + (a.scroll or 1e9)
    while time.monotonic() < end:
        pump(min(end, next_scroll), chunk)
        if a.scroll and time.monotonic() >= next_scroll:
            os.write(fd, b"j")
            next_scroll += a.scroll
    elapsed, used = time.monotonic() - start, cpu() - cpu0
    os.write(fd, b"q")
    pump(time.monotonic() + 0.5)
    try: os.waitpid(pid, 0)
    except ChildProcessError: pass
    print(f"size {a.size}  seconds {elapsed:.1f}  scroll {a.scroll or 'never'}  paused {a.paused}  args {' '.join(a.args) or '-'}")
    print(f"bytes {total}  bytes/s {total / elapsed:.0f}  redraws {bursts}  redraws/s {bursts / elapsed:.1f}  "
          f"bytes/redraw {total / max(1, bursts):.0f}  largest redraw {largest}  cpu {100 * used / elapsed:.1f}% of a core")
    if sizes:
        ordered = sorted(sizes)
        print(f"redraw bytes median {ordered[len(ordered) // 2]}  p99 {ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]}")
    if a.ideal:
        sent, ideal = perfect_diff(bytes(warm), redraws, cols, rows)
        print(f"ideal: sent {sent} bytes, a perfect cell diff of the same screens {ideal} bytes: {sent / max(1, ideal):.2f}x")


def perfect_diff(warm, redraws, cols, rows):
    """(bytes sent, bytes of a perfect cell diff) over the redraws, replayed after `warm`."""
    import pyte
    screen = pyte.Screen(cols, rows)
    stream = pyte.ByteStream(screen)
    stream.feed(warm)

    def snapshot():
        return [[(c.data, c.fg, c.bg, c.bold, c.reverse) for c in (screen.buffer[y][x] for x in range(cols))] for y in range(rows)]

    def sgr(pen, cell):
        if pen is not None and pen[1:] == cell[1:]:
            return 0
        parts = 0
        if pen is None or pen[1] != cell[1]: parts += 1 + 9  # ";38;5;NNN"
        if pen is None or pen[2] != cell[2]: parts += 1 + 9
        if pen is None or pen[3] != cell[3]: parts += 2
        if pen is None or pen[4] != cell[4]: parts += 2
        return 2 + max(0, parts - 1) + 1  # ESC [ ... m

    previous, pen, sent, ideal = snapshot(), None, 0, 0
    for burst in redraws:
        stream.feed(bytes(burst))
        current = snapshot()
        sent += len(burst)
        for y in range(rows):
            changed = [x for x in range(cols) if current[y][x] != previous[y][x]]
            if not changed:
                continue
            at = None  # the column the cursor is at, within this row
            for x in changed:
                cell = current[y][x]
                if at is not None and at <= x:
                    # Re-send the unchanged cells between, or move the cursor: the cheaper.
                    bridge, bridge_pen = 0, pen
                    for g in range(at, x):
                        gap = current[y][g]
                        bridge += sgr(bridge_pen, gap) + len(gap[0].encode())
                        bridge_pen = gap
                    move = len(f"\x1b[{y + 1};{x + 1}H".encode())
                    if bridge < move:
                        ideal += bridge
                        pen = bridge_pen
                    else:
                        ideal += move
                else:
                    ideal += len(f"\x1b[{y + 1};{x + 1}H".encode())
                ideal += sgr(pen, cell) + len(cell[0].encode())
                pen = cell
                at = x + 1
        previous = current
    return sent, ideal

if __name__ == "__main__":
    main()
