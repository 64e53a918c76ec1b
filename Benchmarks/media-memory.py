#!/usr/bin/env python3
"""Storefront memory with huge clips: 20 distinct 4096x4096 GIFs, scrolled through.

`make` writes a catalog of N posts (default 20), each with its own GIF of 4 frames at 4096x4096
(horizontal bands whose colours differ per clip and move per frame): inside the decoder's
limits (4096x4096 pixels, 4 x 64 MiB = the 256 MiB of decoded frames allowed per clip). The GIFs
are LZW-compressed by this script (no Pillow needed): a run-aware encoder, so a 16-megapixel
frame takes a fraction of a second and the file is a few hundred KiB.

`measure` opens the storefront on that catalog on a real pseudo-terminal (COLSxROWS) and, on
each post, lets the clip play for SETTLE seconds, pauses it (`p`), waits until no thread runs for
a second (every decode, the neighbours' included, has finished), reads VmRSS from
/proc/PID/status, and presses `j` (the next post starts paused: `p` plays it). It prints the
largest VmRSS, the last one and VmHWM (the peak resident size the kernel saw) as JSON. ROUNDS > 1 scrolls through the feed again (the feed does not wrap: later rounds press k back to the top first).

usage: media-memory.py make OUT [--clips 20]
       media-memory.py measure BINARY CATALOG [--size 80x24] [--quiet 1.5] [--rounds 1]
"""
import argparse
import fcntl
import json
import os
import pty
import re
import select
import shutil
import signal
import struct
import sys
import tempfile
import termios
import time

SIDE = 4096
FRAMES = 4
BAND = 64  # rows per colour band


# --- GIF writing --------------------------------------------------------------------------

class BitWriter:
    def __init__(self):
        self.out = bytearray()
        self.acc = 0
        self.bits = 0

    def write(self, code, width):
        self.acc |= code << self.bits
        self.bits += width
        while self.bits >= 8:
            self.out.append(self.acc & 0xFF)
            self.acc >>= 8
            self.bits -= 8

    def finish(self):
        if self.bits:
            self.out.append(self.acc & 0xFF)
        return bytes(self.out)


def lzw_runs(runs, min_code_size):
    """GIF LZW of pixels given as (index, count) runs; long runs of one index are encoded by
    jumping along the chain of table entries c, cc, ccc, ... instead of pixel by pixel."""
    clear, eoi = 1 << min_code_size, (1 << min_code_size) + 1
    out = BitWriter()
    state = {}

    def reset():
        state["table"] = {}
        state["chains"] = {c: [None, c] for c in range(clear)}  # chains[c][L] = code of c * L
        state["next"] = eoi + 1
        state["width"] = min_code_size + 1

    def emit(code):
        out.write(code, state["width"])

    def add(prefix, k, pure):
        """Adds prefix+k after emitting prefix, or clears a full table."""
        if state["next"] >= 4095:
            emit(clear)
            reset()
            return
        code = state["next"]
        state["table"][(prefix, k)] = code
        if pure is not None and pure[0] == k:
            state["chains"][k].append(code)
        state["next"] = code + 1
        if code == (1 << state["width"]) and state["width"] < 12:
            state["width"] += 1

    reset()
    emit(clear)
    w, pure = None, None  # pure = (c, L) when w is c repeated L times
    for c, n in runs:
        i = 0
        while i < n:
            if w is None:
                w, pure, i = c, (c, 1), i + 1
                continue
            if pure is not None and pure[0] == c:
                chain = state["chains"][c]
                length = pure[1]
                target = min(len(chain) - 1, length + (n - i))
                if target > length:
                    i += target - length
                    w, pure = chain[target], (c, target)
                    continue
                emit(w)
                add(w, c, pure)
                w, pure, i = c, (c, 1), i + 1
                continue
            code = state["table"].get((w, c))
            if code is not None:
                w, pure = code, None
            else:
                emit(w)
                add(w, c, pure)
                w, pure = c, (c, 1)
            i += 1
    if w is not None:
        emit(w)
    emit(eoi)
    return out.finish()


def sub_blocks(data):
    out = bytearray()
    for i in range(0, len(data), 255):
        chunk = data[i:i + 255]
        out.append(len(chunk))
        out += chunk
    out.append(0)
    return bytes(out)


def clip_gif(clip):
    """Clip `clip`: 16 colours of its own, FRAMES frames of bands that move one band a frame."""
    palette = bytearray()
    for i in range(16):
        palette += bytes(((clip * 53 + i * 97) % 256, (clip * 29 + i * 61 + 80) % 256, (clip * 71 + i * 17 + 160) % 256))
    out = bytearray(b"GIF89a")
    out += struct.pack("<HHBBB", SIDE, SIDE, 0xF3, 0, 0)  # global table of 16 colours
    out += palette
    out += b"\x21\xFF\x0BNETSCAPE2.0\x03\x01\x00\x00\x00"  # loop forever
    for frame in range(FRAMES):
        out += b"\x21\xF9\x04\x00" + struct.pack("<H", 25) + b"\x00\x00"  # 250 ms, no transparency
        out += b"\x2C" + struct.pack("<HHHHB", 0, 0, SIDE, SIDE, 0)
        runs = [((band + frame + clip) % 16, SIDE * BAND) for band in range(SIDE // BAND)]
        out += bytes([4]) + sub_blocks(lzw_runs(runs, 4))
    out += b"\x3B"
    return bytes(out)


def make(a):
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    bundled = json.load(open(os.path.join(root, "Assets", "catalog.json")))
    # Products keep their bundled pictures (copied), so only the posts' clips are huge.
    media = os.path.join(a.out, "media")
    if not os.path.isdir(media):
        shutil.copytree(os.path.join(root, "Assets", "media"), media)
    products, posts = [], []
    for n in range(a.clips):
        name = f"media/huge-{n:02d}.gif"
        with open(os.path.join(a.out, name), "wb") as f:
            f.write(clip_gif(n))
        product = json.loads(json.dumps(bundled["products"][n % len(bundled["products"])]))
        product["id"] = f"{product['id']}-huge{n}"
        product.pop("priceHistory", None)
        product.pop("compareAtPrice", None)
        products.append(product)
        post = json.loads(json.dumps(bundled["posts"][n % len(bundled["posts"])]))
        post["id"] = f"huge-{n:02d}"
        post["product"] = product["id"]
        post["media"] = name
        post.pop("sponsoredBy", None)
        posts.append(post)
    catalog = {"version": 1, "marketplaces": bundled["marketplaces"], "creators": bundled["creators"],
               "products": products, "posts": posts}
    with open(os.path.join(a.out, "catalog.json"), "w") as f:
        json.dump(catalog, f, indent=1, ensure_ascii=False)
    size = sum(os.path.getsize(os.path.join(a.out, p["media"])) for p in posts)
    print(f"{a.out}: {a.clips} posts, each a {SIDE}x{SIDE} GIF of {FRAMES} frames ({size // 1024} KiB of GIFs)")


# --- Measuring ----------------------------------------------------------------------------

COUNTER = re.compile(rb"(\d+)/(\d+)")


def memory_kib(pid):
    status = open(f"/proc/{pid}/status").read()
    return {key: int(re.search(rf"^{key}:\s+(\d+) kB", status, re.M).group(1)) for key in ("VmRSS", "VmHWM")}


def measure(a):
    cols, rows = map(int, a.size.split("x"))
    state = tempfile.mkdtemp(prefix="reelshop-media-memory-")
    env = dict(os.environ, TERM="xterm-256color", LANG="C.UTF-8", LC_ALL="C.UTF-8", REELSHOP_SKIP_INTRO="1")
    env.pop("NO_COLOR", None)
    args = [a.binary, "--catalog", a.catalog, "--state-dir", state, "--skip-intro"]
    pid, fd = pty.fork()
    if pid == 0:
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        try:
            os.execve(a.binary, args, env)
        finally:
            os._exit(127)

    def quiet_for(seconds, limit):
        """Reads until nothing arrives for `seconds` (the clip drawn and looping only changes
        cells, which arrive every frame; so 'quiet' here means no burst larger than a frame)."""
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], seconds)
            if not ready:
                return True
            try:
                if not os.read(fd, 1 << 20):
                    return False
            except OSError:
                return False
        return True

    def busy_threads():
        """Threads running or waiting for a CPU (state R) right now."""
        count = 0
        for task in os.listdir(f"/proc/{pid}/task"):
            try:
                state = open(f"/proc/{pid}/task/{task}/stat").read().rsplit(")", 1)[1].split()[0]
            except (OSError, IndexError):
                continue
            count += state == "R"
        return count

    def idle(limit):
        """Waits until no thread of the paused storefront runs for a whole second: every decode
        (the clip on screen and the neighbours decoded ahead) has finished. CPU time would not
        tell on a loaded machine, where a decoding thread waits for a core most of the time."""
        start = time.monotonic()
        quiet = 0
        while time.monotonic() - start < limit and quiet < 20:
            quiet_for(0.05, 0.05)
            quiet = quiet + 1 if busy_threads() == 0 else 0
        return time.monotonic() - start

    samples = []
    try:
        posts = len(json.load(open(os.path.join(a.catalog, "catalog.json")))["posts"])
        quiet_for(a.quiet, 10)
        os.write(fd, b"p")  # paused from here on, but while a clip is let play
        for round_ in range(a.rounds):
            if round_ > 0:
                os.write(fd, b"k" * posts)
            for post in range(posts):
                # Play the clip for a while (its frames are rasterized and kept), then pause it:
                # a paused storefront sleeps, so a thread still running is a decode.
                os.write(fd, b"p")
                quiet_for(a.settle, a.settle)
                os.write(fd, b"p")
                waited = idle(900)
                m = memory_kib(pid)
                samples.append(m["VmRSS"])
                print(f"round {round_ + 1} post {post + 1}/{posts}: VmRSS {m['VmRSS'] / 1024:.1f} MiB, "
                      f"VmHWM {m['VmHWM'] / 1024:.1f} MiB (idle after {waited:.0f} s)", file=sys.stderr, flush=True)
                os.write(fd, b"j")
        final = memory_kib(pid)
    finally:
        try:
            os.write(fd, b"q")
            time.sleep(0.5)
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
        try:
            os.waitpid(pid, 0)
        except ChildProcessError:
            pass
        shutil.rmtree(state, ignore_errors=True)
    print(json.dumps({"size": a.size, "posts_visited": len(samples),
                      "rss_mib_max": round(max(samples) / 1024, 1),
                      "rss_mib_last": round(final["VmRSS"] / 1024, 1),
                      "hwm_mib": round(final["VmHWM"] / 1024, 1)}))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    m = sub.add_parser("make")
    m.add_argument("out")
    m.add_argument("--clips", type=int, default=20)
    r = sub.add_parser("measure")
    r.add_argument("binary")
    r.add_argument("catalog")
    r.add_argument("--size", default="80x24")
    r.add_argument("--settle", type=float, default=3.0, help="seconds each clip plays before it is paused")
    r.add_argument("--quiet", type=float, default=1.5)
    r.add_argument("--rounds", type=int, default=1)
    a = parser.parse_args()
    make(a) if a.command == "make" else measure(a)


if __name__ == "__main__":
    main()
