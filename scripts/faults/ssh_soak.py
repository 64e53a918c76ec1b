"""SSH soak: connect/disconnect cycles, then concurrent visitors for minutes, against `reelshop
serve` on loopback with the real OpenSSH client.

Reuses Benchmarks/ssh-load's Visitor (a real `ssh -tt` on its own 80x24 pseudo-terminal).
Cycles alternate a clean quit (`q`) with a dropped connection (the ssh client SIGKILLed).
Visitors pause their clip (`p`, except every tenth, which keeps animating) and then repeat
"add to cart, open the cart, remove the line, back" with a few seconds of think time; after each
step the visitor's own cart.json must show the change. The server's descriptors (/proc/PID/fd),
memory (RSS) and child processes are sampled throughout and must come back afterwards.
"""
import importlib.machinery
import importlib.util
import json
import os
import random
import re
import signal
import statistics
import subprocess
import time

import common

_loader = importlib.machinery.SourceFileLoader("ssh_load", os.path.join(common.ROOT, "Benchmarks", "ssh-load"))
_spec = importlib.util.spec_from_loader("ssh_load", _loader)
ssh_load = importlib.util.module_from_spec(_spec)
_loader.exec_module(ssh_load)


class Visitor(ssh_load.Visitor):
    """ssh-load's visitor, keeping only a tail in memory; every byte also goes to a capture file
    (read by the secrets scan)."""

    def __init__(self, index, key, port, known_hosts, capture):
        self.capture = open(capture, "ab")
        self.tail = bytearray()
        super().__init__(index, key, port, known_hosts)
        self.screen = self.stream = None  # no emulator: minutes of output would be slow to replay

    def pump(self):
        try:
            data = os.read(self.master, 65536)
        except (BlockingIOError, OSError):
            return
        if not data:
            return
        self.capture.write(data)
        self.tail = (self.tail + data)[-65536:]
        self.output = self.tail
        if self.seen_frame is None and b"For You" in self.tail and b"quit" in self.tail:
            self.seen_frame = time.monotonic()

    def close(self):
        super().close()
        self.capture.close()


def fd_count(pid):
    try:
        return len(os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        return None


def rss_mib(pid):
    _, rss = ssh_load.pss_rss_kb(pid)
    return rss / 1024 if rss is not None else None


def cart_lines(state_dir):
    document = common.load(os.path.join(state_dir, "cart.json"), None)
    return None if document is None else document.get("lines", [])


def main(work, minutes=10.0, cycles=200, visitors=50, bin_=None, deadline=None):
    bin_ = common.binary(bin_)
    for name in ("ssh", "ssh-keygen", "ssh-keyscan"):
        common.tool(name, "openssh-client")
    deadline = deadline or common.Deadline(minutes * 60 + 900)
    base = os.path.join(work, "ssh")
    os.makedirs(base, exist_ok=True)
    problems, samples = [], []
    keys = []
    for i in range(visitors + 1):
        key = os.path.join(base, f"key{i}")
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", f"soak{i}", "-f", key], check=True)
        keys.append(key)
    with open(os.path.join(base, "authorized_keys"), "w") as f:
        for key in keys:
            f.write(open(key + ".pub").read())
    data = os.path.join(base, "data")
    log = open(os.path.join(base, "serve.log"), "w")
    server = subprocess.Popen(
        [bin_, "serve", "--listen", "127.0.0.1:0", "--data-dir", data, "--skip-intro", "--authorized-keys",
         os.path.join(base, "authorized_keys"), "--max-sessions", str(visitors + 8),
         "--max-sessions-per-address", str(visitors + 8),
         "--max-connections-per-minute", "100000", "--log-level", "notice"],
        stdout=subprocess.PIPE, stderr=log, text=True, env=common.isolated_env(base))
    active = []
    began = time.monotonic()

    def sample(phase):
        samples.append({"t": round(time.monotonic() - began, 1), "phase": phase, "fds": fd_count(server.pid),
                        "rss_mib": rss_mib(server.pid), "children": len(ssh_load.storefronts_of(server.pid))})
        return samples[-1]

    def wait_children_gone(seconds=20):
        end = time.monotonic() + seconds
        while time.monotonic() < end and ssh_load.storefronts_of(server.pid):
            time.sleep(0.2)
        return ssh_load.storefronts_of(server.pid)

    try:
        banner = ""
        while "fingerprint" not in banner:
            line = server.stdout.readline()
            if not line:
                raise RuntimeError(f"reelshop serve did not start; see {log.name}")
            banner += line
        port = int(re.search(r"serving on 127\.0\.0\.1:(\d+)", banner).group(1))
        known_hosts = os.path.join(base, "known_hosts")
        subprocess.run(["ssh-keyscan", "-p", str(port), "-t", "ed25519", "127.0.0.1"],
                       stdout=open(known_hosts, "w"), stderr=subprocess.DEVNULL, timeout=30)
        captures = os.path.join(base, "screens")
        os.makedirs(captures, exist_ok=True)

        def visit(i, key_index):
            v = Visitor(i, keys[key_index], port, known_hosts, os.path.join(captures, f"visitor{key_index}.bytes"))
            active.append(v)
            return v

        # Warm-up, then the baseline the cycles and the soak are held to.
        for i in range(3):
            v = visit(i, visitors)
            ssh_load.pump_all([v], lambda: v.seen_frame, time.monotonic() + 30)
            v.send("q")
            ssh_load.pump_all([v], lambda: v.proc.poll() is not None, time.monotonic() + 15)
            v.close()
            active.remove(v)
        wait_children_gone()
        baseline = sample("baseline")

        # 1. Connect / disconnect cycles: even ones quit with q, odd ones drop the connection.
        cycle_failures = 0
        cycle_times = []
        for i in range(cycles):
            deadline.check("ssh cycles")
            v = visit(i, visitors)
            if not ssh_load.pump_all([v], lambda: v.seen_frame, time.monotonic() + 30):
                cycle_failures += 1
                problems.append(f"cycle {i}: no full frame")
            else:
                cycle_times.append((v.seen_frame - v.started) * 1000)
            if i % 2 == 0:
                v.send("q")
                if not ssh_load.pump_all([v], lambda: v.proc.poll() is not None, time.monotonic() + 15):
                    problems.append(f"cycle {i}: ssh did not end after q")
                elif v.proc.returncode != 0:
                    problems.append(f"cycle {i}: ssh exit status {v.proc.returncode} after q")
            else:
                os.killpg(v.proc.pid, signal.SIGKILL)
                v.proc.wait(timeout=10)
            v.close()
            active.remove(v)
            if i % 20 == 19:
                sample("cycles")
        left = wait_children_gone()
        after_cycles = sample("after cycles")
        if left:
            problems.append(f"after {cycles} cycles, storefront processes left: {left}")

        # 2. Concurrent visitors with scripted keys for `minutes`.
        crowd = []
        for i in range(visitors):
            crowd.append(visit(i, i))
            ssh_load.pump_all(crowd, lambda: False, time.monotonic() + 0.05)
        if not ssh_load.pump_all(crowd, lambda: all(v.seen_frame for v in crowd), time.monotonic() + 120):
            problems.append(f"visitors without a first frame: {[v.index for v in crowd if not v.seen_frame]}")
        loaded = sample("visitors arrived")
        dirs = {v.index: os.path.join(data, "visitors", ssh_load.fingerprint_dir(v.key + ".pub")) for v in crowd}
        rng = random.Random(11)
        for v in crowd:
            if v.index % 10:
                v.send("p")
            v.step, v.due, v.cycles, v.waited = "add", time.monotonic() + rng.uniform(0.5, 3), 0, None
        soak_end = time.monotonic() + minutes * 60
        child_rss_start = {pid: rss_mib(pid) for pid in ssh_load.storefronts_of(server.pid)}
        next_sample = time.monotonic() + 15
        while True:
            deadline.check("ssh soak")
            ssh_load.pump_all(crowd, lambda: False, time.monotonic() + 0.1)
            now = time.monotonic()
            # After the time is up, no new cycle starts; the ones under way finish.
            if now >= soak_end and (all(v.step in ("add", "gone") for v in crowd) or now > soak_end + 40):
                break
            for v in crowd:
                if v.proc.poll() is not None:
                    if v.step != "gone":
                        problems.append(f"visitor {v.index}: ssh ended during the soak (status {v.proc.returncode})")
                        v.step = "gone"
                    continue
                if now < v.due or (v.step == "add" and now >= soak_end):
                    continue
                lines = cart_lines(dirs[v.index])
                if v.step == "add":
                    v.send("ala")  # a asks which colour, l picks the first in stock, a adds it
                    v.step, v.waited = "added?", now
                elif v.step == "added?":
                    if lines is not None and len(lines) == 1 and lines[0]["quantity"] == 1:
                        v.send("c")
                        v.send("x")
                        v.send("\x1b")
                        v.step, v.waited = "removed?", now
                    elif now - v.waited > 15:
                        problems.append(f"visitor {v.index}: `a` did not reach cart.json in 15 s (cart {lines})")
                        v.step = "gone"
                elif v.step == "removed?":
                    if lines == []:
                        v.cycles += 1
                        v.step, v.due = "add", now + rng.uniform(1, 4)
                    elif now - v.waited > 15:
                        problems.append(f"visitor {v.index}: `c x Esc` did not empty the cart in 15 s (cart {lines})")
                        v.step = "gone"
            if now >= next_sample:
                sample("soak")
                next_sample = now + 15
        child_rss_end = {pid: rss_mib(pid) for pid in ssh_load.storefronts_of(server.pid)}
        growth = [child_rss_end[p] - child_rss_start[p] for p in child_rss_end
                  if child_rss_start.get(p) is not None and child_rss_end[p] is not None]
        sample("soak end")
        # The trend tells a leak (still climbing) from warm-up (flat after the first minutes).
        soak_rss = [s["rss_mib"] for s in samples if s["phase"] == "soak" and s["rss_mib"] is not None]
        trend = "/".join(f"{soak_rss[int(k * (len(soak_rss) - 1) / 4)]:.1f}" for k in range(5)) if soak_rss else "n/a"
        # One final add each (so every cart ends with exactly one line), then quit.
        unfinished = [v.index for v in crowd if v.step not in ("add", "gone")]
        if unfinished:
            problems.append(f"visitors whose last cycle did not finish: {unfinished}")
        ssh_load.pump_all(crowd, lambda: False, time.monotonic() + 1)
        for v in crowd:
            v.send("ala")
        ssh_load.pump_all(crowd, lambda: all(cart_lines(dirs[v.index]) for v in crowd), time.monotonic() + 30)
        for v in crowd:
            v.send("q")
        ssh_load.pump_all(crowd, lambda: all(v.proc.poll() is not None for v in crowd), time.monotonic() + 60)
        bad_exit = [v.index for v in crowd if v.proc.poll() != 0]
        if bad_exit:
            problems.append(f"visitors whose ssh did not exit 0 after q: {bad_exit}")
        products = set()
        wrong = []
        for v in crowd:
            lines = cart_lines(dirs[v.index])
            if not lines or len(lines) != 1 or lines[0]["quantity"] != 1:
                wrong.append((v.index, lines))
            else:
                products.add(lines[0]["productID"])
        if wrong:
            problems.append(f"carts not exactly one line of quantity 1: {wrong[:5]}")
        if len(products) > 1:
            problems.append(f"visitors who never scrolled hold different products: {products}")
        for v in crowd:
            v.close()
            active.remove(v)
        left = wait_children_gone()
        final = sample("after soak")
        if left:
            problems.append(f"storefront processes left after the soak: {left}")
        total_cycles = sum(v.cycles for v in crowd)
        fd_growth = final["fds"] - baseline["fds"]
        rss_growth = final["rss_mib"] - after_cycles["rss_mib"]
        if fd_growth > 4:
            problems.append(f"server descriptors grew by {fd_growth} ({baseline['fds']} -> {final['fds']})")
        if rss_growth > 32:
            problems.append(f"server RSS grew by {rss_growth:.1f} MiB during the soak")
        if growth and max(growth) > 32:
            problems.append(f"a storefront's RSS grew by {max(growth):.1f} MiB during the soak")
        with open(os.path.join(base, "samples.json"), "w") as f:
            json.dump(samples, f, indent=1)
        measured = (
            f"{cycles} cycles ({cycles - cycle_failures} drew a frame, first frame p50 "
            f"{ssh_load.percentile(cycle_times, 50):.0f} ms); {visitors} visitors x {minutes:g} min: "
            f"{total_cycles} add/remove cycles ({2 * total_cycles} cart writes), carts correct "
            f"{visitors - len(wrong)}/{visitors}; server fds {baseline['fds']} before, {loaded['fds']} with "
            f"{visitors} visitors, {final['fds']} after; server RSS {baseline['rss_mib']:.1f} MiB before, "
            f"{after_cycles['rss_mib']:.1f} after cycles, {trend} at 0/25/50/75/100 % of the soak, "
            f"{final['rss_mib']:.1f} after; storefront RSS growth over the soak median "
            f"{statistics.median(growth) if growth else float('nan'):.1f} / max {max(growth) if growth else float('nan'):.1f} MiB; "
            f"processes left {len(left)}")
        return common.result(
            "SSH: connect/disconnect cycles, then concurrent visitors with scripted keys",
            f"scripts/faults/run ssh --cycles {cycles} --visitors {visitors} --minutes {minutes:g}",
            measured,
            "every visitor's cart right; 0 processes left; server fds back to within 4 of the start; "
            "server RSS growth during the soak <= 32 MiB; storefront RSS growth <= 32 MiB",
            not problems, problems)
    finally:
        for v in active:
            v.close()
        if server.poll() is None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(timeout=10)
        log.close()
