"""Four processes change the same cart at once; the final cart must be the sum of the changes.

Each worker runs `reelshop cart add` back to back: even steps add 1-3 units of a product all
workers share (a read-modify-write that merges), odd steps add a line of the worker's own. Every
command must succeed; at the end each shared line holds exactly the sum of what was added to it
and every own line is there once.
"""
import collections
import os
import threading
import time

import common

WORKERS = 4


def main(per_worker, work, bin_=None, deadline=None):
    bin_ = common.binary(bin_)
    deadline = deadline or common.Deadline(900)
    home = os.path.join(work, "concurrent-home")
    state = os.path.join(work, "concurrent-state")
    os.makedirs(home, exist_ok=True)
    shared_products = max(10, (WORKERS * per_worker) // 50 + 1)  # keeps each line under the 99 cap
    catalog = common.write_catalog(os.path.join(work, "concurrent-catalog"),
                                   products=shared_products + WORKERS * per_worker + 1, marketplaces=("m",))
    env = common.isolated_env(home)
    args = ["--catalog", catalog, "--state-dir", state]
    expected = collections.Counter()
    failures = []
    lock = threading.Lock()

    def worker(w):
        for step in range(per_worker):
            if deadline.left() <= 0:
                with lock:
                    failures.append(f"worker {w}: time cap reached at step {step}")
                return
            if step % 2 == 0:
                product = common.product_id(1 + (step // 2 + w) % shared_products)
                quantity = 1 + (w + step) % 3
            else:
                product = common.product_id(1 + shared_products + w * per_worker + step)
                quantity = 1
            done = common.run([bin_, "cart", "add", product, "--quantity", str(quantity)] + args, env)
            with lock:
                if done.returncode != 0:
                    failures.append(f"worker {w} step {step}: status {done.returncode}: {done.stderr.strip()[:200]}")
                else:
                    expected[product] += quantity

    began = time.monotonic()
    threads = [threading.Thread(target=worker, args=(w,)) for w in range(WORKERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.monotonic() - began
    shown = common.run([bin_, "cart", "show", "--json"] + args, env)
    cart = common.load_text(shown.stdout) or {"lines": []}
    actual = collections.Counter()
    for line in cart["lines"]:
        actual[line["productID"]] += line["quantity"]
    problems = list(failures) + common.check_state_files(state)
    if actual != expected:
        diff = {p: (expected[p], actual[p]) for p in set(expected) | set(actual) if expected[p] != actual[p]}
        problems.append(f"cart differs from the sum of the changes (product: expected, found): {dict(list(diff.items())[:10])}")
    changes = WORKERS * per_worker
    return common.result(
        "four processes change one cart at once",
        f"scripts/faults/run concurrent --per-worker {per_worker}",
        f"{changes} concurrent `cart add` in {seconds:.1f} s: {sum(expected.values())} units expected, "
        f"{sum(actual.values())} found over {len(actual)} lines; {len(problems)} problems",
        "final cart = the sum of the changes, every command succeeds", not problems, problems)
