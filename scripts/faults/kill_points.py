"""SIGKILL at each step of placing an order, then restart and retry: exactly one charge.

The binary kills itself at a named point (`REELSHOP_DEBUG_KILL_AT`, read only by its debug hook)
while `reelshop debug checkout` places a cart checkout: after the intent is written, after the
marketplace confirmed, after orders.json is written, after cart.json is written. Then the same
command runs again (the restart, which reconciles) and once more (the user's retry). The demo
marketplace's own database (marketplace.sqlite) is the count of what was charged.
"""
import os
import shutil

import common

POINTS = ("intent-written", "marketplace-confirmed", "orders-written", "cart-written")


def one_round(bin_, catalog, work, point, index, env):
    """Runs one kill, restart and retry; returns (charged, recorded, cart lines, intents, problems)."""
    state = os.path.join(work, f"points-{point}-{index}")
    shutil.rmtree(state, ignore_errors=True)
    args = ["--catalog", catalog, "--state-dir", state]
    problems = []
    # m is linked; p0002 x2 and p0004 are sold by m, p0001 by n (not linked: it must stay).
    for argv in (["debug", "link", "m"], ["cart", "add", "p0002", "--quantity", "2"], ["cart", "add", "p0004"],
                 ["cart", "add", "p0001"]):
        done = common.run([bin_] + argv + args, env)
        if done.returncode != 0:
            return 0, 0, [], [], [f"setup {' '.join(argv)}: {done.stderr.strip()}"]
    killed = common.run([bin_, "debug", "checkout"] + args, dict(env, REELSHOP_DEBUG_KILL_AT=point))
    if killed.returncode != -9:
        problems.append(f"{point}: expected SIGKILL, got status {killed.returncode}: {killed.stderr.strip()[:200]}")
    for attempt in ("restart", "retry"):
        done = common.run([bin_, "debug", "checkout"] + args, env)
        if done.returncode != 0:
            problems.append(f"{point} {attempt}: status {done.returncode}: {done.stderr.strip()[:200]}")
    problems += [f"{point}: {p}" for p in common.check_state_files(state)]
    market = common.marketplace_orders(state)
    charged = [o for o in market if o.get("marketplaceID") == "m"]
    recorded = common.load(os.path.join(state, "orders.json"), {}).get("orders", [])
    cart = common.load(os.path.join(state, "cart.json"), {}).get("lines", [])
    lines = sorted(f"{line['productID']}x{line['quantity']}" for line in cart)
    intents = common.load(os.path.join(state, "checkout-journal.json"), {}).get("intents", [])
    if len(charged) != 1:
        problems.append(f"{point}: {len(charged)} orders at the marketplace for one checkout")
    if {o["idempotencyKey"] for o in charged} != {o["idempotencyKey"] for o in recorded}:
        problems.append(f"{point}: the marketplace's orders and orders.json differ")
    if lines != ["p0001x1"]:
        problems.append(f"{point}: the cart holds {lines}, expected only the unordered p0001x1")
    if intents:
        problems.append(f"{point}: {len(intents)} intents left in the journal")
    claims = [n for n in os.listdir(state) if n.endswith(".claim")]
    if claims:
        problems.append(f"{point}: claim files left: {claims}")
    return len(charged), len(recorded), lines, intents, problems


def main(work, bin_=None, rounds=1, deadline=None):
    bin_ = common.binary(bin_)
    deadline = deadline or common.Deadline(600)
    home = os.path.join(work, "points-home")
    os.makedirs(home, exist_ok=True)
    env = common.isolated_env(home)
    catalog = common.write_catalog(os.path.join(work, "points-catalog"), products=8)
    problems, counts, carts = [], {}, {}
    for point in POINTS:
        for index in range(rounds):
            deadline.check("the kill-point run")
            charged, recorded, lines, _, found = one_round(bin_, catalog, work, point, index, env)
            problems += found
            counts.setdefault(point, []).append(charged)
            carts[point] = lines
    per_point = "; ".join(
        f"{p}: {sum(counts[p])} orders for {len(counts[p])} checkouts, cart left {' '.join(carts[p]) or 'empty'}"
        for p in POINTS)
    return common.result(
        "SIGKILL at each step of placing an order (intent written, marketplace confirmed, orders.json, cart.json), "
        "then restart and retry",
        f"scripts/faults/run kill (REELSHOP_DEBUG_KILL_AT, {rounds} round{'s' if rounds != 1 else ''} per point)",
        per_point, "exactly 1 order per checkout at the marketplace, recorded once; only the unordered line left in "
        "the cart; no intent or claim left", not problems, problems)
