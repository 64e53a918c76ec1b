"""SIGKILL at random moments during cart, social, account and order writes.

Drives the real CLI (`reelshop cart add/remove`, `accounts unlink`, and the hidden
`reelshop debug social|link|buy`, which do one write each through the storefront's own code).
Each command is killed after a random delay (a third anywhere from 0 to 1.3 x its usual run
time, the rest from 0.6 to 1.3 x, where the write happens), so some finish, some die before
writing and some die in the middle. A change is *acknowledged* when the
command exited 0 and printed its success line. After every command every state file must parse;
at the end every acknowledged change must be in the files.
"""
import os
import random
import statistics
import subprocess
import time

import common

# kind: weight
MIX = {"cart-add": 30, "cart-remove": 10, "like": 15, "follow": 10, "buy": 20, "relink": 15}


class Ledger:
    """What was asked, what was acknowledged, and what the files must therefore hold."""

    def __init__(self):
        self.next_product = 1  # odd products are in marketplace "n", even in "m"
        self.in_cart = []  # acknowledged adds not touched since
        self.cart_added = set()
        self.cart_removed = set()  # acknowledged removes
        self.remove_tried = set()  # any remove attempt: its product may or may not be there
        self.likes, self.follows, self.orders = set(), set(), set()
        self.counter = 0
        # Marketplace "n" is linked and unlinked in turn; "m" stays linked for the orders.
        self.n_linked = False
        self.n_allowed = {False}
        self.unlink_may_be_done = False
        # Filled by verify: what the kills left for the restart to reconcile.
        self.unknown_after_kills = self.pending_after_kills = self.charged = self.unknown_after_restart = 0

    def fresh(self, prefix):
        self.counter += 1
        return f"{prefix}-{self.counter:05d}"


def command(kind, ledger, bin_, common_args):
    """(argv, success marker, on_ack) for one write of this kind."""
    if kind == "cart-remove" and ledger.in_cart:
        product = ledger.in_cart.pop(random.randrange(len(ledger.in_cart)))
        ledger.remove_tried.add(product)
        return ([bin_, "cart", "remove", product] + common_args, "Removed 1 line",
                lambda: ledger.cart_removed.add(product))
    if kind in ("cart-add", "cart-remove"):
        product = common.product_id(ledger.next_product)
        ledger.next_product += 1

        def added():
            ledger.cart_added.add(product)
            ledger.in_cart.append(product)
        return [bin_, "cart", "add", product] + common_args, "Added 1", added
    if kind == "like":
        post = ledger.fresh("post")
        return [bin_, "debug", "social", "like", post] + common_args, f"on like {post}", lambda: ledger.likes.add(post)
    if kind == "follow":
        handle = ledger.fresh("creator")
        return ([bin_, "debug", "social", "follow", handle] + common_args, f"on follow {handle}",
                lambda: ledger.follows.add(handle))
    if kind == "buy":
        product = common.product_id(2 * random.randrange(1, 500))  # marketplace "m"
        holder = {}

        def ordered():
            ledger.orders.add(holder["id"])
        return [bin_, "debug", "buy", product] + common_args, "ordered ", (ordered, holder)
    # relink: link "n" when it is unlinked, unlink it when linked.
    target = not ledger.n_linked
    # An unlink that was killed may have happened; then this one finds nothing to unlink.
    ledger.unlink_may_be_done = not target and False in ledger.n_allowed
    ledger.n_allowed.add(target)  # whatever happens, the file may now hold this state
    if target:
        argv, marker = [bin_, "debug", "link", "n"] + common_args, "linked n"
    else:
        argv, marker = [bin_, "accounts", "unlink", "n"] + common_args, "Unlinked"

    def relinked():
        ledger.n_linked = target
        ledger.n_allowed = {target}
    return argv, marker, relinked


def start(argv, env):
    return subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def charges(state):
    """(orders the marketplace holds, keys of those orders.json knows, intents pending)."""
    market = common.marketplace_orders(state)
    known = {o["idempotencyKey"] for o in common.load(os.path.join(state, "orders.json"), {}).get("orders", [])}
    pending = common.load(os.path.join(state, "checkout-journal.json"), {}).get("intents", [])
    return market, known, pending


def verify(bin_, common_args, env, state, ledger):
    """Problems with the final files, against the ledger of acknowledged changes."""
    problems = common.check_state_files(state)
    # A kill after the marketplace charged and before orders.json was written leaves a charge
    # unknown locally, with its intent in the journal; the next start (here `reelshop orders`)
    # must find every one.
    market, known, pending = charges(state)
    ledger.unknown_after_kills = sum(1 for o in market if o["idempotencyKey"] not in known)
    ledger.pending_after_kills = len(pending)
    restarted = common.run([bin_, "orders", "--json"] + common_args, env)
    if restarted.returncode != 0:
        problems.append(f"orders after the kills failed: {restarted.stderr.strip()[:200]}")
    market, known, pending = charges(state)
    keys = [o["idempotencyKey"] for o in market]
    if len(keys) != len(set(keys)):
        problems.append("the marketplace holds two orders under one idempotency key")
    unknown = [o["orderID"] for o in market if o["idempotencyKey"] not in known]
    ledger.unknown_after_restart = len(unknown)
    if unknown:
        problems.append(f"charged at the marketplace but not in orders.json after a restart: {unknown[:10]}")
    if pending:
        problems.append(f"{len(pending)} intents still pending after a restart")
    ledger.charged = len(market)
    claims = [n for n in os.listdir(state) if n.endswith(".claim")]
    if claims:
        problems.append(f"claim files left after a restart: {claims[:5]}")
    shown = common.run([bin_, "cart", "show", "--json"] + common_args, env)
    cart = common.load_text(shown.stdout) if shown.returncode == 0 else None
    if cart is None:
        return problems + [f"cart show failed: {shown.stderr.strip()}"]
    products = {line["productID"] for line in cart["lines"]}
    lost = sorted(ledger.cart_added - ledger.remove_tried - products)
    back = sorted(ledger.cart_removed & products)
    if lost:
        problems.append(f"acknowledged cart adds missing: {lost[:10]}")
    if back:
        problems.append(f"acknowledged cart removes still in the cart: {back[:10]}")
    social = common.load(os.path.join(state, "social.json"), {})
    for name, wanted, key in (("likes", ledger.likes, "likedPosts"), ("follows", ledger.follows, "followedCreators")):
        missing = sorted(wanted - set(social.get(key, [])))
        if missing:
            problems.append(f"acknowledged {name} missing: {missing[:10]}")
    orders = common.load(os.path.join(state, "orders.json"), {}).get("orders", [])
    ids = [o["id"] for o in orders]
    if len(ids) != len(set(ids)):
        problems.append("an order is recorded twice")
    missing = sorted(ledger.orders - set(ids))
    if missing:
        problems.append(f"acknowledged orders missing: {missing[:10]}")
    accounts = {a["marketplaceID"] for a in common.load(os.path.join(state, "accounts.json"), {}).get("accounts", [])}
    if "m" not in accounts:
        problems.append("the account linked before the run (m) is gone")
    if ("n" in accounts) not in ledger.n_allowed:
        problems.append(f"account n linked={'n' in accounts}, but the last acknowledged change left it {ledger.n_linked}")
    for name in os.listdir(state):
        mode = os.stat(os.path.join(state, name)).st_mode & 0o777
        if name.endswith(".json") and mode != 0o600:
            problems.append(f"{name} has mode {oct(mode)}, not 0600")
    return problems


def main(kills, work, bin_=None, seed=None, deadline=None):
    bin_ = common.binary(bin_)
    seed = seed if seed is not None else int(time.time())
    random.seed(seed)
    deadline = deadline or common.Deadline(1800)
    home = os.path.join(work, "kill-home")
    state = os.path.join(work, "kill-state")
    catalog = common.write_catalog(os.path.join(work, "kill-catalog"))
    os.makedirs(home, exist_ok=True)
    env = common.isolated_env(home)
    common_args = ["--catalog", catalog, "--state-dir", state]
    log = open(os.path.join(work, "kill-writes.log"), "w")
    ledger = Ledger()
    problems = []

    setup = common.run([bin_, "debug", "link", "m"] + common_args, env)
    if setup.returncode != 0:
        return common.result("SIGKILL during writes", "", "setup failed", "", False, [setup.stderr])

    # Calibrate: how long each kind takes when left alone (these count as acknowledged changes).
    durations = {}
    for kind in MIX:
        times = []
        for _ in range(3):
            argv, marker, on_ack = command(kind, ledger, bin_, common_args)
            began = time.monotonic()
            done = common.run(argv, env)
            times.append(time.monotonic() - began)
            acknowledge(done.stdout, done.returncode, marker, on_ack, problems, argv, done.stderr, ledger)
            log.write(f"calibrate {' '.join(argv[1:4])} rc={done.returncode} {done.stdout.strip()} {done.stderr.strip()}\n")
        durations[kind] = statistics.median(times)

    killed = acknowledged = attempts = 0
    weights = list(MIX.values())
    while killed < kills:
        deadline.check("the SIGKILL run")
        kind = random.choices(list(MIX), weights)[0]
        argv, marker, on_ack = command(kind, ledger, bin_, common_args)
        attempts += 1
        process = start(argv, env)
        # A third of the kills anywhere in the command's life, the rest late in it, where the
        # write is (loading the catalog comes first); some commands finish first.
        usual = durations[kind]
        time.sleep(random.uniform(0, 1.3 * usual) if random.random() < 0.33 else random.uniform(0.6 * usual, 1.3 * usual))
        if process.poll() is None:
            process.kill()
        out, err = process.communicate(timeout=60)
        if process.returncode == -9:
            killed += 1
        if acknowledge(out, process.returncode, marker, on_ack, problems, argv, err, ledger):
            acknowledged += 1
        log.write(f"{kind} rc={process.returncode} {out.strip()} {err.strip()}\n")
        broken = common.check_state_files(state)
        if broken:
            problems += [f"after {' '.join(argv[1:4])}: {b}" for b in broken]
            break
    leftovers_before = len(common.leftover_temporaries(state))
    problems += verify(bin_, common_args, env, state, ledger)
    log.close()
    measured = (f"{killed} kills in {attempts} writes ({acknowledged} acknowledged, seed {seed}): "
                f"{len(problems)} problems; {len(ledger.cart_added)} cart adds, {len(ledger.cart_removed)} removes, "
                f"{len(ledger.likes) + len(ledger.follows)} likes/follows, {len(ledger.orders)} orders checked; "
                f"{leftovers_before} temporary files left; the kills left {ledger.pending_after_kills} intents and "
                f"{ledger.unknown_after_kills} charges not in orders.json, {ledger.unknown_after_restart} after a restart "
                f"({ledger.charged} orders at the marketplace)")
    return common.result(
        "SIGKILL at random moments during cart, social, account and order writes",
        f"scripts/faults/run kill --kills {kills}", measured,
        "0 corrupt files, 0 lost acknowledged changes, at most one temporary file per state file; after a restart "
        "every charge recorded once, no intent pending",
        not problems and leftovers_before <= len(common.STATE_FILES), problems)


def acknowledge(out, status, marker, on_ack, problems, argv, err, ledger):
    """Records an acknowledged change; a command that failed without being killed is a problem."""
    already_unlinked = status == 1 and "nothing to unlink" in err and ledger.unlink_may_be_done
    if (status == 0 and marker in out) or already_unlinked:
        if isinstance(on_ack, tuple):  # buy: the order id comes from the output
            ordered, holder = on_ack
            holder["id"] = out.split("ordered ", 1)[1].split()[0]
            ordered()
        else:
            on_ack()
        return True
    if status not in (0, -9):
        problems.append(f"{' '.join(argv[1:4])} failed without a kill (status {status}): {err.strip()[:200]}")
    return False
