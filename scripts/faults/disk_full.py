"""A full disk and a read-only state directory.

As root the state directory lives on a small tmpfs of its own (`mount -t tmpfs -o size=1m`),
filled to the last byte and later remounted read-only. Without root, or where mounting is not
permitted, the disk-full half is skipped (and says so) and read-only falls back to chmod 0500,
which only binds a non-root user. For each: a write fails with a clear message, the saved files
keep their bytes, no temporary file is left, and the CLI and the storefront (in tmux) still open,
browse and show what is saved.
"""
import errno
import os
import subprocess
import time

import common


def snapshot(state):
    out = {}
    for name in common.STATE_FILES:
        try:
            with open(os.path.join(state, name), "rb") as f:
                out[name] = f.read()
        except OSError:
            pass
    return out


def fill(directory):
    """Writes until the file system says it is full; returns the filler's path."""
    path = os.path.join(directory, "filler")
    with open(path, "wb", buffering=0) as f:  # unbuffered: a buffered close would raise ENOSPC
        try:
            while True:
                f.write(b"\0" * 4096)
        except OSError as error:
            if error.errno != errno.ENOSPC:
                raise
    # The last partial block may still fit a few bytes; take them too.
    with open(path, "ab", buffering=0) as f:
        try:
            while True:
                f.write(b"\0")
        except OSError:
            pass
    return path


def main(work, bin_=None, deadline=None):
    bin_ = common.binary(bin_)
    deadline = deadline or common.Deadline(600)
    home = os.path.join(work, "disk-home")
    os.makedirs(home, exist_ok=True)
    catalog = os.path.join(common.ROOT, "Assets")
    env = common.isolated_env(home, TERM="xterm-256color")
    mount = os.path.join(work, "disk-mnt")
    os.makedirs(mount, exist_ok=True)
    problems, notes = [], []
    mounted = False
    if os.geteuid() == 0:
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m,mode=0700", "tmpfs", mount],
                              capture_output=True, text=True)
        mounted = done.returncode == 0
        if not mounted:
            notes.append(f"tmpfs mount not permitted ({done.stderr.strip()}): disk full skipped")
    else:
        notes.append("not root: disk full skipped, read-only by chmod")
    state = os.path.join(mount, "state")
    # The marketplace's own database lives elsewhere: this attack is on Reelshop's files (a full
    # marketplace is the marketplace's problem, and answers "try again").
    args = ["--catalog", catalog, "--state-dir", state, "--market-data", os.path.join(work, "disk-market.sqlite")]

    def cli(*argv):
        return common.run([bin_] + list(argv) + args, env)

    try:
        # Something saved in every file.
        for argv in (["cart", "add", "claw-clip"], ["cart", "add", "silk-scrunchie"], ["debug", "link", "riverstone"],
                     ["debug", "buy", "claw-clip"], ["debug", "social", "like", "post-1"]):
            done = cli(*argv)
            if done.returncode != 0:
                problems.append(f"setup {' '.join(argv)}: {done.stderr.strip()}")

        def attempt(situation, wanted):
            """Every kind of write fails clearly and leaves the files as they were; reads still work."""
            before = snapshot(state)
            for argv in (["cart", "add", "lip-oil"], ["cart", "remove", "claw-clip"], ["debug", "social", "like", "post-2"],
                         ["debug", "buy", "claw-clip"], ["accounts", "unlink", "riverstone"]):
                done = cli(*argv)
                if done.returncode == 0:
                    problems.append(f"{situation}: `{' '.join(argv)}` claimed success")
                elif wanted not in done.stderr:
                    problems.append(f"{situation}: `{' '.join(argv)}` message lacks {wanted!r}: {done.stderr.strip()[:300]}")
                with open(os.path.join(work, f"disk-{situation}.log"), "a") as log:
                    log.write(f"$ reelshop {' '.join(argv)}\nstatus {done.returncode}\n{done.stdout}{done.stderr}\n")
            if snapshot(state) != before:
                problems.append(f"{situation}: a saved file changed although every write failed")
            if common.leftover_temporaries(state):
                problems.append(f"{situation}: temporary files left: {common.leftover_temporaries(state)}")
            for argv in (["cart", "show"], ["orders"], ["accounts"]):
                done = cli(*argv)
                with open(os.path.join(work, f"disk-{situation}.log"), "a") as log:
                    log.write(f"$ reelshop {' '.join(argv)}\nstatus {done.returncode}\n{done.stdout}{done.stderr}\n")
                if done.returncode != 0:
                    problems.append(f"{situation}: `reelshop {' '.join(argv)}` failed: {done.stderr.strip()[:300]}")
            if "Matte Claw Clip" not in cli("cart", "show").stdout:
                problems.append(f"{situation}: the saved cart is not shown")
            # The storefront opens, browses, shows the cart, says why adding fails, and quits cleanly.
            s = common.Tmux(f"{common.quote(bin_)} --reduce-motion " + " ".join(common.quote(a) for a in args),
                            100, 30, env, work, f"disk-{situation}-storefront")
            try:
                if not s.wait_for("For You", 20):
                    problems.append(f"{situation}: the storefront did not open: {s.screen()[:300]}")
                s.send("j", "k", "a", "Right", "a")  # a asks which colour; Right picks one, a adds it
                if not s.wait_for(wanted.split()[0], 10):
                    problems.append(f"{situation}: pressing a showed no clear message: {s.screen()[:600]}")
                s.send("c")
                if not s.wait_for("Matte Claw Clip", 10):
                    problems.append(f"{situation}: the cart screen does not show the saved cart")
                s.send("Escape", "q")
                status = s.exit_status()
                if status != 0 or not s.terminal_sane():
                    problems.append(f"{situation}: storefront exit {status}, terminal restored: {s.terminal_sane()}")
            finally:
                s.close()
            if snapshot(state) != before:
                problems.append(f"{situation}: the storefront changed a saved file although writes fail")

        if mounted:
            filler = fill(mount)
            attempt("disk-full", "disk is full")
            os.unlink(filler)
            done = cli("cart", "add", "lip-oil")
            if done.returncode != 0:
                problems.append(f"after freeing space, cart add still fails: {done.stderr.strip()}")
            notes.append("disk full: tested on a 1 MiB tmpfs")
            ro = subprocess.run(["mount", "-o", "remount,ro", mount], capture_output=True, text=True)
            if ro.returncode != 0:
                problems.append(f"remount read-only failed: {ro.stderr.strip()}")
            else:
                attempt("read-only", "read-only")
                notes.append("read-only: tmpfs remounted ro")
        elif os.geteuid() != 0:
            os.chmod(state, 0o500)
            attempt("read-only", "may not write")
            os.chmod(state, 0o700)
            notes.append("read-only: chmod 0500")
    finally:
        if mounted:
            subprocess.run(["umount", mount], capture_output=True)
    ok = not problems
    return common.result(
        "disk full and a read-only state directory",
        "scripts/faults/run disk",
        f"{'; '.join(notes)}: {len(problems)} problems",
        "every write refused with a clear message, saved files byte-identical, no temporary file, "
        "CLI reads and the storefront still work", ok, problems)
