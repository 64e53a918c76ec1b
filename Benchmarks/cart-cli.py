#!/usr/bin/env python3
"""`reelshop cart add` on an empty cart and on a 1,000-line cart: the whole command, process start
to exit, as a shell user pays it (issue 15: the large cart must cost at most 1.3x the empty one).

Each run starts from the same file: the state directory's cart.json is removed (empty) or put back
from a copy written by `reelshop` itself (large), so every add writes a new line and the file the
command reads is never the one it wrote. The two cases alternate run by run, so a busy neighbour
on the machine slows both alike. Wall clock from fork to exit; CPU is the child's user + system time
(os.wait4). The large cart is made once per invocation: LINES lines of product ids the catalog does
not know (a cart keeps lines of products a catalog no longer has), written by `reelshop cart add`
of one real product and then grown in JSON to LINES lines, and read back by `reelshop cart show`
once to check the file is one the binary accepts.

Prints one line of JSON: per case samples, median, p99, max (milliseconds) and CPU, and the ratio
of the medians (and of the p99s).

usage: cart-cli.py BINARY [--runs 40] [--lines 1000] [--product lip-oil] [-- ARGS...]
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


def percentile(values, p):
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def summary(wall, cpu):
    return {"samples": len(wall), "median_ms": round(statistics.median(wall), 2),
            "p99_ms": round(percentile(wall, 99), 2), "max_ms": round(max(wall), 2),
            "cpu_ms_median": round(statistics.median(cpu), 2), "cpu_ms_p99": round(percentile(cpu, 99), 2)}


def timed(argv, env):
    """Runs argv to its exit; (wall ms, CPU ms). Fails loudly on a non-zero status."""
    start = time.perf_counter()
    pid = os.posix_spawn(argv[0], argv, env, file_actions=[
        (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0)])
    _, status, usage = os.wait4(pid, 0)
    wall = (time.perf_counter() - start) * 1000
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(argv)} exited with {os.waitstatus_to_exitcode(status)}")
    return wall, (usage.ru_utime + usage.ru_stime) * 1000


def main():
    argv = sys.argv[1:]
    rest = argv[argv.index("--") + 1:] if "--" in argv else []
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("binary")
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--lines", type=int, default=1000)
    parser.add_argument("--product", default="lip-oil", help="a product of the catalog to add")
    a = parser.parse_args(argv[:argv.index("--")] if "--" in argv else argv)
    binary = os.path.abspath(a.binary)
    env = dict(os.environ, LANG="C.UTF-8", LC_ALL="C.UTF-8")

    with tempfile.TemporaryDirectory(prefix="reelshop-cart-cli-") as root:
        large_dir, empty_dir = os.path.join(root, "large"), os.path.join(root, "empty")
        # The large cart: one line written by the binary, its shape copied LINES times.
        timed([binary, "cart", "add", a.product, "--state-dir", large_dir] + rest, env)
        cart_file = os.path.join(large_dir, "cart.json")
        with open(cart_file) as f:
            cart = json.load(f)
        template = cart["lines"][0]
        cart["lines"] = [dict(template, productID=f"retired-product-{i}", quantity=1 + i % 3,
                              addedAt=f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}T{i % 24:02d}:{i % 60:02d}:00Z")
                         for i in range(a.lines)]
        with open(cart_file, "w") as f:
            json.dump(cart, f, indent=2, sort_keys=True, separators=(",", " : "))
            f.write("\n")
        os.chmod(cart_file, 0o600)
        shown = subprocess.run([binary, "cart", "show", "--json", "--state-dir", large_dir] + rest, env=env,
                               capture_output=True, check=True)
        if shown.stdout.count(b"retired-product-") < a.lines:
            sys.exit("the binary did not read the generated cart back:\n" + shown.stdout.decode()[:2000])
        pristine = os.path.join(root, "large-cart.json")
        shutil.copy2(cart_file, pristine)
        os.makedirs(empty_dir, mode=0o700, exist_ok=True)

        results = {"empty": ([], []), "large": ([], [])}
        for _ in range(a.runs):
            for case, directory in (("empty", empty_dir), ("large", large_dir)):
                target = os.path.join(directory, "cart.json")
                if case == "large":
                    shutil.copy2(pristine, target)
                elif os.path.exists(target):
                    os.unlink(target)
                wall, cpu = timed([binary, "cart", "add", a.product, "--state-dir", directory] + rest, env)
                results[case][0].append(wall)
                results[case][1].append(cpu)
        with open(os.path.join(large_dir, "cart.json")) as f:
            if len(json.load(f)["lines"]) != a.lines + 1:
                sys.exit("the large cart did not get its line")

    report = {case: summary(*samples) for case, samples in results.items()}
    report["lines"] = a.lines
    report["ratio_median"] = round(report["large"]["median_ms"] / report["empty"]["median_ms"], 2)
    report["ratio_p99"] = round(report["large"]["p99_ms"] / report["empty"]["p99_ms"], 2)
    report["ratio_cpu_median"] = round(report["large"]["cpu_ms_median"] / report["empty"]["cpu_ms_median"], 2)
    report["load"] = os.getloadavg()[0]
    print(json.dumps(report))


if __name__ == "__main__":
    main()
