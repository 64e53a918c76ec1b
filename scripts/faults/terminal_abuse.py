"""Terminal abuse: odd sizes, a resize storm, odd TERM and LANG, a closed stdout, stdin at EOF.

The storefront runs on a real pseudo-terminal in tmux. For each case: no crash, the expected
screen or a clear message, and afterwards the terminal's modes restored (canonical input and
echo on, the alternate screen left).
"""
import os
import random
import signal
import subprocess
import time

import common

CRASH_SIGNALS = {signal.SIGSEGV, signal.SIGILL, signal.SIGTRAP, signal.SIGABRT, signal.SIGBUS, signal.SIGFPE}


def storefront(bin_, state):
    return f"{common.quote(bin_)} --state-dir {common.quote(state)} --reduce-motion"


def main(work, bin_=None, quick=False, deadline=None):
    bin_ = common.binary(bin_)
    common.tool("tmux", "tmux")
    deadline = deadline or common.Deadline(600)
    home = os.path.join(work, "term-home")
    state = os.path.join(work, "term-state")
    os.makedirs(home, exist_ok=True)
    env = common.isolated_env(home, TERM="xterm-256color")
    problems, notes = [], []
    cases = 0
    # A linked account and an order, so the screens captured below could show a token if any leaked.
    for argv in (["debug", "link", "riverstone"], ["debug", "buy", "claw-clip"]):
        done = common.run([bin_] + argv + ["--state-dir", state], env)
        if done.returncode != 0:
            problems.append(f"setup {' '.join(argv)}: {done.stderr.strip()}")

    def session(label, command, width=80, height=24, **extra):
        # tmux gives the pane its own TERM; the program's environment is set inside the pane.
        exports = "".join(f"export {k}={common.quote(v)}; " for k, v in sorted(extra.items()))
        return common.Tmux(exports + command, width, height, env, work, label)

    def finish(s, label, want_status=0):
        status = s.exit_status()
        if status is None:
            problems.append(f"{label}: did not exit")
        elif status != want_status:
            problems.append(f"{label}: exit status {status}, expected {want_status}: {s.screen()[-300:]}")
        elif not s.terminal_sane():
            problems.append(f"{label}: terminal not restored after exit")
        s.close()

    # 1. Sizes from 1x1 to 500x200: starts, shows the feed or asks for more room, quits cleanly.
    sizes = [(1, 1), (2, 1), (10, 3), (39, 11), (40, 12), (80, 24), (200, 60), (500, 200)]
    if quick:
        sizes = [(1, 1), (39, 11), (80, 24), (500, 200)]
    for width, height in sizes:
        deadline.check("terminal sizes")
        label = f"size-{width}x{height}"
        s = session(label, storefront(bin_, state), width, height)
        want = "For You" if width >= 40 and height >= 12 else ("enlarge" if width >= 30 and height >= 3 else None)
        if want and not s.wait_for(want, 20):
            problems.append(f"{label}: never showed {want!r}")
        elif not want:
            time.sleep(1.5)
        s.send("j")
        time.sleep(0.3)
        s.send("q")
        finish(s, label)
        cases += 1

    # 2. A resize storm: 1,000 resizes in about 10 s to random sizes, then a normal frame at 80x24.
    deadline.check("resize storm")
    resizes = 200 if quick else 1000
    s = session("resize-storm", storefront(bin_, state))
    if not s.wait_for("For You", 20):
        problems.append("resize storm: the feed never appeared")
    for key, text in (("L", "Riverstone"), ("o", "Matte Claw Clip")):  # accounts and orders, captured
        s.send(key)
        if not s.wait_for(text, 10):
            problems.append(f"the {key} screen does not show {text!r}")
        s.send("Escape")
    rng = random.Random(7)
    began = time.monotonic()
    batch = 10
    for start in range(0, resizes, batch):
        args = []
        for _ in range(batch):
            args += ["resize-window", "-t", "t", "-x", str(rng.randint(1, 500)), "-y", str(rng.randint(1, 200)), ";"]
        s.tmux(*args[:-1], check=False)
        if start % 100 == 0:
            s.send(rng.choice(["j", "k", "?", "Escape"]))
        # Pace to about 100 resizes a second.
        lag = began + (start + batch) / 100 - time.monotonic()
        if lag > 0:
            time.sleep(lag)
    storm_seconds = time.monotonic() - began
    pid = s.pane_pid()
    s.resize(80, 24)
    time.sleep(0.5)
    s.send("Escape")
    if not (s.wait_for("For You", 20) and s.wait_for("quit", 5)):
        problems.append(f"resize storm: no full frame at 80x24 afterwards: {s.screen()[:400]}")
    else:
        lines = s.screen().splitlines()
        if not lines or "For You" not in lines[0]:
            problems.append("resize storm: the header is not on the top row at 80x24 afterwards")
    s.send("q")
    finish(s, "resize storm")
    notes.append(f"{resizes} resizes in {storm_seconds:.1f} s")
    cases += 1

    # 3. TERM unknown / dumb / vt100 and LANG=C.
    for label, extra, want, status in [
        ("term-unknown", {"TERM": "vt9000-nonexistent"}, "Unknown terminal type", 2),
        ("term-dumb", {"TERM": "dumb"}, "TERM=dumb cannot show", 2),
        ("term-vt100", {"TERM": "vt100"}, "For You", 0),
        ("lang-c", {"LANG": "C", "LC_ALL": "C"}, "For You", 0),
    ]:
        deadline.check(label)
        s = session(label, storefront(bin_, state), **extra)
        if not s.wait_for(want, 20):
            problems.append(f"{label}: expected {want!r} on screen: {s.screen()[:300]}")
        if status == 0:
            s.send("j")
            s.send("q")
        finish(s, label, status)
        cases += 1

    # 4. stdin at EOF (and closed) with a terminal for output: a clear message, exit 2.
    for label, redirect in [("stdin-eof", "< /dev/null"), ("stdin-closed", "0<&-")]:
        s = session(label, f"{storefront(bin_, state)} {redirect}")
        if not s.wait_for("interactive terminal", 20):
            problems.append(f"{label}: no clear message: {s.screen()[:300]}")
        finish(s, label, 2)
        cases += 1

    # 5. Output into a closed pipe: no crash (exiting on SIGPIPE is what a CLI should do).
    for argv in (["cart", "show"], ["cart", "show", "--json"], ["orders", "--json"], ["accounts", "--json"],
                 ["catalog", "check", os.path.join(common.ROOT, "Assets")], ["--help"], []):
        r, w = os.pipe()
        os.close(r)
        process = subprocess.Popen([bin_] + argv + (["--state-dir", state] if argv[:1] in (["cart"], ["orders"], ["accounts"], []) else []),
                                   stdin=subprocess.DEVNULL, stdout=w, stderr=subprocess.PIPE, env=env,
                                   restore_signals=True)
        os.close(w)
        _, err = process.communicate(timeout=60)
        status = process.returncode
        label = "closed stdout: reelshop " + " ".join(argv[:2])
        if status < 0 and -status in CRASH_SIGNALS:
            problems.append(f"{label}: crashed with signal {-status}: {err.decode()[:300]}")
        elif b"Fatal error" in err or b"Crash" in err:
            problems.append(f"{label}: {err.decode()[:300]}")
        elif argv == [] and status != 2:
            problems.append(f"{label}: the storefront without a terminal should exit 2, got {status}")
        cases += 1

    return common.result(
        "terminal abuse: sizes 1x1-500x200, resize storm, TERM unknown/dumb/vt100, LANG=C, closed stdout, stdin at EOF",
        f"scripts/faults/run terminal{' --quick' if quick else ''}",
        f"{cases} cases ({'; '.join(notes)}): {len(problems)} problems",
        "no crash, terminal restored after every run, a clear message where it cannot run", not problems, problems)
