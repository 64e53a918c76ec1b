#!/usr/bin/env python3
"""Attacks on `reelshop serve`, measured: what one hostile visitor can make the server hold.

    scripts/faults/run ssh-attacks [--attack-seconds S]     # every attack (about 4 minutes)
    scripts/faults/ssh_attacks.py --only flood,stall         # some of them

Each attack runs against a fresh `reelshop serve` on loopback, with the hostile client
`reelshop-ssh-attack` (Tests/SSHAttack; built next to reelshop by `swift build --build-tests`,
or `swift build --product reelshop-ssh-attack`) where OpenSSH cannot make the attack, and the
real `ssh` on a pseudo-terminal of this script's where it can:

  flood     one visitor sends input as fast as the server takes it for S seconds: server RSS
            before and at its peak, bytes the server accepted; then the visitor drops the
            connection with input queued: seconds until its storefront is gone, and whether its
            slot is free again (a second visitor gets a storefront with --max-sessions 1)
  stall     one visitor opens a 2 GiB window on a 500x200 screen, types 100 keys a second and
            never reads: server RSS before and at its peak over S seconds
  channels  33 session channels on one connection: storefronts started
  preauth   60 idle pre-auth connections from 127.0.0.1 and 127.0.0.2, then a real `ssh` from
            127.0.0.3: whether (and how fast) it gets the feed, and when the idle ones are closed
  window    a real `ssh` told its window is 10000x10000: the size the storefront gets, and the
            storefront's and the server's RSS before and after

Prints a Markdown table (attack -> expected -> result) and exits 1 if an expectation failed.
Runs with any reelshop binary (--bin), so the same attacks can be measured before a fix.
"""
import argparse
import fcntl
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import tempfile
import termios
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402


def rss_mib(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def children(pid):
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid and fields[0] != "Z":
                found.append(int(entry))
        except (OSError, IndexError, ValueError):
            continue
    return found


def terminal_size(pid):
    try:
        fd = os.open(f"/proc/{pid}/fd/0", os.O_RDONLY | os.O_NOCTTY | os.O_NONBLOCK)
    except OSError:
        return None
    try:
        rows, cols, _, _ = struct.unpack("HHHH", fcntl.ioctl(fd, termios.TIOCGWINSZ, b"\0" * 8))
        return cols, rows
    finally:
        os.close(fd)


def attack_binary(reelshop):
    path = os.environ.get("REELSHOP_SSH_ATTACK_BIN") or os.path.join(os.path.dirname(reelshop), "reelshop-ssh-attack")
    if not os.access(path, os.X_OK):
        sys.exit(f"no attack client at {path}: run `swift build --product reelshop-ssh-attack` first")
    return path


class Server:
    """`reelshop serve --open` on a free loopback port, with its own data directory."""

    def __init__(self, binary, work, name, extra=()):
        self.directory = os.path.join(work, name)
        os.makedirs(self.directory, exist_ok=True)
        self.log_path = os.path.join(self.directory, "serve.log")
        self.log = open(self.log_path, "w")
        self.proc = subprocess.Popen(
            [binary, "serve", "--listen", "127.0.0.1:0", "--data-dir", os.path.join(self.directory, "data"),
             "--skip-intro", "--open", *extra],
            stdout=subprocess.PIPE, stderr=self.log, text=True, env=common.isolated_env(self.directory))
        self.port = None
        end = time.monotonic() + 60
        while time.monotonic() < end and self.port is None:
            line = self.proc.stdout.readline()
            if not line:
                break
            if "serving on" in line:
                self.port = int(line.rsplit(":", 1)[1])
        if self.port is None:
            self.stop()
            raise RuntimeError(f"reelshop serve did not start; see {self.log_path}")
        time.sleep(0.5)
        self.baseline = rss_mib(self.proc.pid)

    @property
    def pid(self):
        return self.proc.pid

    def log_text(self):
        with open(self.log_path, errors="replace") as f:
            return f.read()

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        self.log.close()


class Attack:
    """One run of reelshop-ssh-attack; its event lines go to a file."""

    def __init__(self, client, server, name, args):
        self.path = os.path.join(server.directory, f"{name}.out")
        self.out = open(self.path, "w")
        self.proc = subprocess.Popen([client, args[0], "--port", str(server.port), *args[1:]],
                                     stdout=self.out, stderr=subprocess.STDOUT)

    def text(self):
        with open(self.path, errors="replace") as f:
            return f.read()

    def wait_for(self, needle, timeout=60):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if needle in self.text():
                return True
            if self.proc.poll() is not None:
                return needle in self.text()
            time.sleep(0.1)
        return False

    def sent(self):
        lines = [l for l in self.text().splitlines() if l.startswith("sent ")]
        return int(lines[-1].split()[1]) if lines else 0

    def stop(self, sig=signal.SIGTERM):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        self.out.close()


class RealSSH:
    """The real `ssh -tt` on a pseudo-terminal this script owns (any size, resized at will)."""

    def __init__(self, server, key, known_hosts, bind=None, cols=80, rows=24):
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.master = master
        self.output = bytearray()
        self.started = time.monotonic()
        self.proc = subprocess.Popen(
            ["ssh", "-F", "/dev/null", "-tt", "-p", str(server.port), "-i", key, "-o", "IdentitiesOnly=yes",
             "-o", "IdentityAgent=none", "-o", "BatchMode=yes", "-o", f"UserKnownHostsFile={known_hosts}",
             "-o", "StrictHostKeyChecking=accept-new", "-o", "LogLevel=ERROR", "-o", "ConnectTimeout=30",
             *(["-b", bind] if bind else []), "127.0.0.1"],
            stdin=slave, stdout=slave, stderr=slave, start_new_session=True, close_fds=True,
            env={**os.environ, "TERM": "xterm-256color", "LANG": "C.UTF-8"})
        os.close(slave)
        os.set_blocking(master, False)

    def pump(self, seconds):
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if ready:
                try:
                    data = os.read(self.master, 65536)
                except OSError:
                    return
                self.output = (self.output + data)[-262144:]

    def wait_for(self, needle, timeout=45):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            self.pump(0.1)
            if needle.encode() in self.output:
                return time.monotonic() - self.started
            if self.proc.poll() is not None:
                self.pump(0.2)
                return time.monotonic() - self.started if needle.encode() in self.output else None
        return None

    def resize(self, cols, rows):
        fcntl.ioctl(self.master, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.proc.send_signal(signal.SIGWINCH)

    def close(self):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
        os.close(self.master)


def peak_rss(pid, seconds, also=None):
    peak = 0.0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        peak = max(peak, rss_mib(pid) or 0)
        if also:
            also()
        time.sleep(0.2)
    return peak


def wait(condition, timeout):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def row(attack, expected, result, ok):
    return {"attack": attack, "expected": expected, "result": result, "ok": ok}


def flood(binary, client, work, seconds, bound):
    server = Server(binary, work, "flood", ["--max-sessions", "1"])
    attack = Attack(client, server, "flood", ["flood", "--bytes", str(1 << 34), "--seconds", str(seconds + 120)])
    try:
        wait(lambda: children(server.pid), 60)
        storefront = (children(server.pid) or [None])[0]
        peak = peak_rss(server.pid, seconds)
        sent = attack.sent()
        attack.stop(signal.SIGKILL)
        dropped = time.monotonic()
        gone = wait(lambda: storefront is None or not alive(storefront), 600)
        gone_after = time.monotonic() - dropped
        # The slot is free again: a second visitor gets a storefront (--max-sessions 1).
        again = Attack(client, server, "flood-again", ["login", "--seconds", "20"])
        got_in = wait(lambda: children(server.pid), 30) and "Reelshop is full" not in again.text()
        again.stop()
        ok = gone and gone_after <= 5 and got_in
        return [
            row("input flood: one visitor sends input as fast as the server takes it "
                f"(`reelshop-ssh-attack flood`, {seconds:g} s)",
                f"server RSS stays within {bound} MiB of its start",
                f"RSS {server.baseline:.1f} MiB before, {peak:.1f} MiB at the peak; the server took "
                f"{sent / 2**20:.1f} MiB of input in {seconds:g} s", peak - server.baseline <= bound),
            row("the flooding visitor drops the connection with input queued (SIGKILL of the client)",
                "the storefront gets SIGHUP and is gone within 5 s; its slot is free again",
                (f"storefront gone after {gone_after:.1f} s" if gone else f"storefront still running after {gone_after:.0f} s")
                + f"; the next visitor {'got' if got_in else 'did not get'} a storefront", ok),
        ]
    finally:
        attack.stop()
        server.stop()


def stall(binary, client, work, seconds, bound):
    server = Server(binary, work, "stall")
    attack = Attack(client, server, "stall",
                    ["stall", "--size", "500x200", "--keys-per-second", "100", "--resizes-per-second", "20",
                     "--flood-requests", "--seconds", str(seconds + 60)])
    try:
        stalled = attack.wait_for("stalled", 60)
        peak = peak_rss(server.pid, seconds)
        sent_before = attack.sent()
        time.sleep(5)
        sent_last = attack.sent() - sent_before
        storefront = (children(server.pid) or [None])[0]
        ok = stalled and peak - server.baseline <= bound
        return [row(
            "stalled reader: a 2 GiB window on a 500x200 screen, 100 keys and 20 window-changes a second, "
            "env requests that want a reply as fast as they go, the socket never read "
            f"(`reelshop-ssh-attack stall`, {seconds:g} s)",
            f"server RSS stays within {bound} MiB of its start; the server stops reading the visitor",
            f"RSS {server.baseline:.1f} MiB before, {peak:.1f} MiB at the peak; the visitor got "
            f"{attack.sent() / 2**20:.1f} MiB of requests in, {sent_last / 1024:.0f} KiB of it in the last 5 s"
            f" (storefront {'still running, blocked on its terminal' if storefront and alive(storefront) else 'gone'})", ok)]
    finally:
        attack.stop()
        server.stop()


def channels(binary, client, work):
    server = Server(binary, work, "channels")
    attack = Attack(client, server, "channels", ["channels", "--count", "33", "--guest", "--user", "guest", "--seconds", "150"])
    try:
        wait(lambda: sum(1 for l in attack.text().splitlines() if "exit-status" in l or "open failed" in l) >= 32, 90)
        time.sleep(2)
        started = len(children(server.pid))
        refused_open = attack.text().count("open failed")
        told = attack.text().count("one storefront per connection")
        return [row("33 session channels on one connection (one `--open` guest; `reelshop-ssh-attack channels --count 33`)",
                    "one storefront; the other channels refused",
                    f"{started} storefront{'s' if started != 1 else ''} started; {refused_open} channels refused at open, "
                    f"{told} told \"one storefront per connection\"", started == 1)]
    finally:
        attack.stop()
        server.stop()


def preauth(binary, client, work):
    server = Server(binary, work, "preauth")
    key = os.path.join(server.directory, "visitor")
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key], check=True)
    attacks = [Attack(client, server, f"preauth{i}", ["preauth", "--count", "30", "--bind", f"127.0.0.{i}", "--seconds", "70"])
               for i in (1, 2)]
    visitor = None
    try:
        for a in attacks:
            a.wait_for("preauth open", 30)
        held = ", ".join(a.text().split("preauth open ")[1].split()[0] for a in attacks if "preauth open " in a.text())
        visitor = RealSSH(server, key, os.path.join(server.directory, "known_hosts"), bind="127.0.0.3")
        got_in = visitor.wait_for("For You", 60)
        for a in attacks:
            a.wait_for("closed-by-server", 80)
        closed = "; ".join(next((l.split("closed-by-server ", 1)[1] for l in a.text().splitlines()
                                 if "closed-by-server" in l), "?") for a in attacks)
        return [row("60 idle pre-auth connections from 127.0.0.1 and 127.0.0.2 (30 each, the per-address rate), "
                    "then a real `ssh -b 127.0.0.3`",
                    "the visitor gets in at once; idle connections are closed early while the server is busy",
                    f"{held} connections held; the visitor "
                    + (f"saw the feed after {got_in:.1f} s" if got_in else "was refused")
                    + f"; idle connections: {closed}", got_in is not None)]
    finally:
        if visitor:
            visitor.close()
        for a in attacks:
            a.stop()
        server.stop()


def window(binary, work):
    server = Server(binary, work, "window")
    key = os.path.join(server.directory, "visitor")
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key], check=True)
    visitor = RealSSH(server, key, os.path.join(server.directory, "known_hosts"))
    try:
        visitor.wait_for("For You", 60)
        storefront = (children(server.pid) or [None])[0]
        before = rss_mib(storefront) if storefront else None
        visitor.resize(10000, 10000)
        wait(lambda: "10000x10000" in server.log_text(), 30)
        visitor.pump(8)  # let it redraw at the new size
        size = terminal_size(storefront) if storefront else None
        after = rss_mib(storefront) if storefront else None
        server_rss = rss_mib(server.pid)
        ok = size == (500, 200) and storefront is not None and alive(storefront)
        mib = lambda value: f"{value:.1f} MiB" if value is not None else "?"
        result = (f"the storefront's terminal is {size[0]}x{size[1]}; storefront RSS {mib(before)} at 80x24, "
                  f"{mib(after)} after; server RSS {mib(server_rss)}") if size else "no storefront"
        return [row("window-change to 10000x10000 (the real `ssh`, its terminal set to that size)",
                    "the storefront gets at most 500x200", result, ok)]
    finally:
        visitor.close()
        server.stop()


def main(work=None, binary=None, seconds=30, only=None, bound=48):
    binary = common.binary(binary)
    client = attack_binary(binary)
    for name in ("ssh", "ssh-keygen"):
        common.tool(name, "openssh-client")
    work = work or tempfile.mkdtemp(prefix="reelshop-ssh-attacks-")
    wanted = only or ["flood", "stall", "channels", "preauth", "window"]
    rows = []
    for name in wanted:
        print(f"== ssh attack: {name} …", file=sys.stderr, flush=True)
        try:
            if name == "flood":
                rows += flood(binary, client, work, seconds, bound)
            elif name == "stall":
                rows += stall(binary, client, work, seconds, bound)
            elif name == "channels":
                rows += channels(binary, client, work)
            elif name == "preauth":
                rows += preauth(binary, client, work)
            elif name == "window":
                rows += window(binary, work)
        except Exception as error:  # a broken harness is a failed row, not a silent pass
            rows.append(row(name, "", f"the script failed: {error}", False))
    ok = all(r["ok"] for r in rows)
    lines = ["| attack | expected | result |", "| --- | --- | --- |"]
    lines += [f"| {r['attack']} | {r['expected']} | {r['result']}{'' if r['ok'] else ' (**FAILED**)'} |" for r in rows]
    table = "\n".join(lines)
    measured = f"{sum(r['ok'] for r in rows)}/{len(rows)} attacks met their bound"
    return common.result(
        "SSH attacks: input flood, stalled reader, 33 channels, 60 idle pre-auth connections, a 10000x10000 window",
        f"scripts/faults/run ssh-attacks --attack-seconds {seconds:g}", measured,
        "every row of the attack table", ok, [table]), table


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", help="reelshop binary (default $REELSHOP_BIN, else .build/debug/reelshop)")
    parser.add_argument("--attack-seconds", type=float, default=30, help="how long the flood and the stall run")
    parser.add_argument("--only", help="comma-separated: flood,stall,channels,preauth,window")
    parser.add_argument("--work", help="work directory (kept)")
    args = parser.parse_args()
    result, table = main(args.work, args.bin, args.attack_seconds, args.only.split(",") if args.only else None)
    print(table)
    sys.exit(0 if result["ok"] else 1)
