#!/usr/bin/env python3
"""Graphics detection time in real terminal emulators under Xvfb (issue 14).

Runs `reelshop media detect` RUNS times in each of kitty (graphics protocol), xterm -ti vt340
(sixel) and plain xterm (neither: cells), each on its own Xvfb display, and prints the mode each
found and the time the detection took (its own clock: from the first query written to the last
answer read, or the end of the 250 ms budget), median and max. Needs Xvfb, xterm and kitty
(`scripts/install-deps xvfb xterm kitty`).

    python3 Benchmarks/detect-time.py [--runs 10] [--bin .build/release/reelshop]
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

TERMINALS = {
    "kitty": ["kitty", "--config", "NONE", "-o", "font_family=DejaVu Sans Mono"],
    "xterm -ti vt340": ["xterm", "-ti", "vt340", "-xrm", "XTerm*numColorRegisters: 256", "-geometry", "80x30+0+0"],
    "xterm": ["xterm", "-geometry", "80x30+0+0"],
}


def start_xvfb():
    read, write = os.pipe()
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                            pass_fds=[write], stderr=subprocess.DEVNULL)
    os.close(write)
    number = b""
    while not number.endswith(b"\n"):
        chunk = os.read(read, 16)
        if not chunk:
            break
        number += chunk
    os.close(read)
    return xvfb, int(number.strip())


def detect_once(binary, terminal, work):
    out = os.path.join(work, "detect.txt")
    done = os.path.join(work, "done")
    for path in (out, done):
        if os.path.exists(path):
            os.remove(path)
    script = os.path.join(work, "script.sh")
    with open(script, "w") as f:
        f.write(f"'{binary}' media detect > '{out}' 2>&1; touch '{done}'\n")
    xvfb, display = start_xvfb()
    env = dict(os.environ, DISPLAY=f":{display}", LIBGL_ALWAYS_SOFTWARE="1", LANG="C.UTF-8")
    env.pop("TMUX", None)
    command = TERMINALS[terminal] + ["-e", "sh", script]
    emulator = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while not os.path.exists(done) and time.monotonic() < deadline and emulator.poll() is None:
            time.sleep(0.02)
        text = open(out).read() if os.path.exists(out) else ""
    finally:
        for process in (emulator, xvfb):
            process.terminate()
            try:
                process.wait(timeout=3)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    mode = re.search(r"^graphics: (\w+)", text, re.M)
    took = re.search(r"^took: ([\d.]+) ms", text, re.M)
    if not mode or not took:
        sys.exit(f"{terminal}: media detect printed no result:\n{text}")
    return mode.group(1), float(took.group(1))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--bin", default=os.path.join(ROOT, ".build/release/reelshop"))
    a = parser.parse_args()
    for tool in ("Xvfb", "xterm", "kitty"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is not installed (scripts/install-deps xvfb xterm kitty)")
    binary = os.path.abspath(a.bin)
    print(f"| terminal (under Xvfb, {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}) | mode found | detection, median | max | runs |")
    print("| --- | --- | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory(prefix="reelshop-detect-") as work:
        for terminal in TERMINALS:
            results = [detect_once(binary, terminal, work) for _ in range(a.runs)]
            modes = sorted(set(m for m, _ in results))
            times = [t for _, t in results]
            print(f"| {terminal} | {', '.join(modes)} | {statistics.median(times):.1f} ms | {max(times):.1f} ms | {len(times)} |")


if __name__ == "__main__":
    main()
