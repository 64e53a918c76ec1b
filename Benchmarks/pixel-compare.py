#!/usr/bin/env python3
"""Reelshop's pixel modes side by side with timg and libsixel (issue 14), on this machine.

1. Bytes on the wire while a clip plays, in a pseudo-terminal at 80x24 and 120x40: timg playing
   the bundled first clip (Assets/media/claw-clip.gif) in the same cell box as the storefront's
   clip box (24x21 and 42x37 cells), against the storefront itself on the bundled catalog
   (`--graphics sixel`, `--graphics kitty`). The storefront's figure includes its text.
2. Sixel encode time for one frame: `img2sixel` (libsixel, its adaptive 256-colour palette, and
   `-b xterm256`, a fixed palette like ours) against `reelshop media render --graphics sixel`, as
   whole processes on the same 240x420 picture, each minus its own start-up (the same command on
   a 1x1 picture), median of RUNS.

Nothing here is a test. Needs Debian's timg and libsixel-bin (`scripts/install-deps timg
libsixel-bin`) and ImageMagick's convert.

usage: pixel-compare.py BINARY [--seconds 10] [--runs 21]
"""
import argparse, fcntl, os, pty, select, shutil, statistics, struct, subprocess, sys, tempfile, termios, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CLIP = os.path.join(ROOT, "Assets", "media", "claw-clip.gif")
BOXES = {"80x24": "24x21", "120x40": "42x37"}  # FeedLayout's clip box at those sizes


def pty_bytes(argv, size, seconds, warmup=2.0, env_extra=None):
    """Bytes per second a command writes to a pseudo-terminal of `size`, after `warmup`."""
    cols, rows = map(int, size.split("x"))
    env = dict(os.environ, TERM="xterm-256color", LANG="C.UTF-8", REELSHOP_SKIP_INTRO="1")
    env.pop("NO_COLOR", None)
    env.update(env_extra or {})
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(argv[0], argv, env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, cols * 10, rows * 20))
    counted, start = 0, time.monotonic()
    end = start + warmup + seconds
    while True:
        left = end - time.monotonic()
        if left <= 0:
            break
        ready, _, _ = select.select([fd], [], [], left)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        # Answer the terminal queries a real one answers (DA1: a VT340 with sixel), so neither
        # program waits out its detection budget.
        if b"\x1b[c" in chunk or b"\x1b[0c" in chunk:
            os.write(fd, b"\x1b[?63;4c")
        if time.monotonic() - start >= warmup:
            counted += len(chunk)
    try:
        os.kill(pid, 9)
    except ProcessLookupError:
        pass
    os.waitpid(pid, 0)
    os.close(fd)
    return counted / seconds


def timed(argv, runs):
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("binary")
    p.add_argument("--seconds", type=float, default=10)
    p.add_argument("--runs", type=int, default=21)
    a = p.parse_args()
    for tool in ["timg", "img2sixel", "convert"]:
        if not shutil.which(tool):
            sys.exit(f"{tool} is not installed: scripts/install-deps timg libsixel-bin imagemagick")
    binary = os.path.abspath(a.binary)
    print(f"load average {os.getloadavg()[0]:.2f}, {a.seconds:.0f} s each")
    print("\n| terminal | clip box | timg -ps (sixel) | reelshop sixel | timg -pk (kitty) | reelshop kitty |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    for size, box in BOXES.items():
        row = []
        for mode in ["s", "k"]:
            timg = pty_bytes(["/usr/bin/env", "timg", f"-p{mode}", f"-g{box}", "--loops=-1", CLIP], size, a.seconds)
            with tempfile.TemporaryDirectory() as state:
                graphics = "sixel" if mode == "s" else "kitty"
                ours = pty_bytes([binary, "--catalog", os.path.join(ROOT, "Assets"), "--state-dir", state, "--graphics", graphics], size, a.seconds)
            row += [timg, ours]
        print(f"| {size} | {box} | " + " | ".join(f"{v / 1000:,.1f} KB/s" for v in row) + " |")

    with tempfile.TemporaryDirectory() as work:
        frame = os.path.join(work, "frame.png")
        dot = os.path.join(work, "dot.png")
        subprocess.run(["convert", CLIP + "[0]", "-resize", "240x420", "-background", "#181820", "-gravity", "center",
                        "-extent", "240x420", frame], check=True)
        subprocess.run(["convert", "-size", "1x1", "xc:black", dot], check=True)
        print(f"\nsixel encode of one 240x420 frame, whole processes minus their start-up, median of {a.runs}")
        print("| encoder | the frame | a 1x1 picture | difference | bytes |")
        print("| --- | ---: | ---: | ---: | ---: |")
        ours = [binary, "media", "render", "--graphics", "sixel", "--size", "24x21"]
        cases = [
            ("reelshop media render --graphics sixel (a palette of up to 240 chosen colours)", ours, ours),
            ("img2sixel (libsixel 1.10, adaptive 256 colours)", ["img2sixel"], ["img2sixel"]),
            ("img2sixel -b xterm256 (fixed palette)", ["img2sixel", "-b", "xterm256"], ["img2sixel", "-b", "xterm256"]),
        ]
        for name, argv, base in cases:
            full = timed(argv + [frame], a.runs)
            start = timed(base + [dot], a.runs)
            size = len(subprocess.run(argv + [frame], capture_output=True, check=True).stdout)
            # A difference below a few ms is within the noise of starting the process: see
            # Benchmarks/pixel-encode.sh for reelshop's encoder timed in-process.
            print(f"| {name} | {full * 1000:.1f} ms | {start * 1000:.1f} ms | {(full - start) * 1000:.1f} ms | {size:,} |")


if __name__ == "__main__":
    main()
