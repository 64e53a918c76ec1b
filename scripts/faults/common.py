"""Shared helpers for the fault-injection and soak scripts (scripts/faults/run).

Everything here is loopback-only and bounded: every wait has a deadline and every process a
script starts is stopped by the same script.
"""
import base64
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
STATE_FILES = ("cart.json", "social.json", "accounts.json", "orders.json", "checkout-journal.json")


def binary(explicit=None):
    """The reelshop to test: --bin, $REELSHOP_BIN, else the debug build."""
    path = explicit or os.environ.get("REELSHOP_BIN") or os.path.join(ROOT, ".build/debug/reelshop")
    if not os.access(path, os.X_OK):
        sys.exit(f"no reelshop binary at {path}: run `swift build --product reelshop` (or make build) first")
    return os.path.abspath(path)


def isolated_env(home, **extra):
    """An environment that cannot reach the user's own state or catalog."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("REELSHOP_STATE_DIR", "REELSHOP_CATALOG", "NO_COLOR", "REELSHOP_REDUCE_MOTION")}
    # The first-run interest picker would take the keys these runs type into a fresh state.
    env.update(HOME=home, XDG_DATA_HOME=os.path.join(home, "xdg"), LANG="C.UTF-8", REELSHOP_SKIP_INTRO="1")
    env.update(extra)
    return env


def write_catalog(directory, products=1200, marketplaces=("m", "n")):
    """A generated catalog: products p0000… spread over `marketplaces`, one variant "v" each
    with plenty of stock, one tiny picture; for runs that need many distinct cart lines."""
    os.makedirs(os.path.join(directory, "media"), exist_ok=True)
    tiny = base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")
    with open(os.path.join(directory, "media", "tiny.png"), "wb") as f:
        f.write(tiny)
    catalog = {
        "version": 1,
        "marketplaces": [{"id": m, "name": f"Market {m.upper()}", "shippingPromise": "Soon", "deliveryDays": 1,
                          "returnPolicy": "None"} for m in marketplaces],
        "creators": [{"handle": "tester", "displayName": "Tester", "followers": 1}],
        "products": [{"id": product_id(i), "marketplace": marketplaces[i % len(marketplaces)],
                      "title": f"Product {i}", "description": f"Number {i}.", "category": "Test",
                      "currency": "USD", "price": 100 + i, "rating": 4.0, "reviewCount": 1, "soldCount": 1,
                      "media": "media/tiny.png", "variants": [{"id": "v", "options": {}, "stock": 5000}]}
                     for i in range(products)],
        "posts": [{"id": "post-1", "creator": "tester", "caption": "A test", "hashtags": ["test"], "sound": "none",
                   "media": "media/tiny.png", "product": product_id(0), "likes": 0, "comments": 0, "shares": 0}],
    }
    with open(os.path.join(directory, "catalog.json"), "w") as f:
        json.dump(catalog, f)
    return directory


def product_id(index):
    return f"p{index:04d}"


def run(argv, env, timeout=60, **kwargs):
    """Runs to completion; a hang is a failure the caller sees as TimeoutExpired."""
    return subprocess.run(argv, env=env, capture_output=True, text=True, timeout=timeout, **kwargs)


def check_state_files(state_dir):
    """Every state file parses as a JSON object with a numeric version; nothing moved aside.
    Returns a list of problems (empty when all is well)."""
    problems = []
    for name in sorted(os.listdir(state_dir)) if os.path.isdir(state_dir) else []:
        path = os.path.join(state_dir, name)
        if ".corrupt-" in name:
            problems.append(f"{name}: a file was moved aside as unreadable")
        if name in STATE_FILES:
            try:
                with open(path) as f:
                    document = json.load(f)
                if not isinstance(document, dict) or not isinstance(document.get("version"), int):
                    problems.append(f"{name}: no numeric version")
            except (OSError, ValueError) as error:
                problems.append(f"{name}: does not parse ({error})")
    return problems


def leftover_temporaries(state_dir):
    """Temporary files of interrupted atomic writes still beside the state files."""
    return sorted(n for n in os.listdir(state_dir) if ".tmp-" in n) if os.path.isdir(state_dir) else []


def marketplace_orders(state_dir, marketplace_id=None):
    """The orders the embedded marketplace holds (state_dir/marketplace.sqlite, read-only):
    what was charged, as dicts with orderID, idempotencyKey and marketplaceID."""
    path = os.path.join(state_dir, "marketplace.sqlite")
    if not os.path.exists(path):
        return []
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)
    try:
        rows = connection.execute(
            "SELECT order_id, idempotency_key, marketplace_id FROM orders ORDER BY placed_at").fetchall()
    finally:
        connection.close()
    orders = [{"orderID": r[0], "idempotencyKey": r[1], "marketplaceID": r[2]} for r in rows]
    return [o for o in orders if marketplace_id is None or o["marketplaceID"] == marketplace_id]


def load(path, default=None):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return default


def tool(name, package):
    if not shutil.which(name):
        sys.exit(f"{name} is not installed (make deps installs {package})")


class Deadline:
    """The whole run's time cap: checks raise when it has passed."""

    def __init__(self, seconds):
        self.end = time.monotonic() + seconds

    def left(self):
        return self.end - time.monotonic()

    def check(self, what):
        if self.left() <= 0:
            raise TimeoutError(f"time cap reached during {what}")


def result(name, command, measured, bound, ok, details=()):
    """One row of the report table (docs/RELIABILITY.md, "Fault injection and soak")."""
    return {"name": name, "command": command, "measured": measured, "bound": bound, "ok": bool(ok),
            "details": list(details)}


def load_text(text):
    try:
        return json.loads(text)
    except ValueError:
        return None


class Tmux:
    """A program on a real pseudo-terminal in its own tmux server, as a person would run it.

    The shell around the program records its exit status and then the terminal modes
    (`stty -a`), so a caller can tell whether the program restored the terminal.
    """

    def __init__(self, command, width, height, env, work, label):
        self.socket = f"reelshop-faults-{os.getpid()}-{label}"
        self.status_file = os.path.join(work, f"{label}.status")
        self.stty_file = os.path.join(work, f"{label}.stty")
        self.capture_file = os.path.join(work, f"{label}.screen.txt")
        self.env = env
        script = (f"{command}; echo $? > {quote(self.status_file)}; stty -a > {quote(self.stty_file)} 2>&1; "
                  f"exec sleep 3600")
        self.tmux("-f", "/dev/null", "new-session", "-d", "-s", "t", "-x", str(width), "-y", str(height),
                  f"bash --norc --noprofile -c {quote(script)}", ";", "set-option", "-t", "t", "window-size", "manual")

    def tmux(self, *args, check=True):
        done = subprocess.run(["tmux", "-L", self.socket] + list(args), env=self.env, capture_output=True,
                              text=True, timeout=30)
        if check and done.returncode != 0:
            raise RuntimeError(f"tmux {' '.join(args[:3])}: {done.stderr.strip()}")
        return done.stdout

    def send(self, *keys):
        # Escape read together with the next key is Alt and that key, which the storefront
        # ignores: a key follows an Escape no sooner than a person's would (150 ms).
        for key in keys:
            since = time.monotonic() - getattr(self, "_escape_at", 0.0)
            if since < 0.15:
                time.sleep(0.15 - since)
            self.tmux("send-keys", "-t", "t", key, check=False)
            if key == "Escape":
                self._escape_at = time.monotonic()

    def resize(self, width, height):
        self.tmux("resize-window", "-t", "t", "-x", str(width), "-y", str(height), check=False)

    def screen(self):
        text = self.tmux("capture-pane", "-p", "-t", "t", check=False)
        with open(self.capture_file, "a") as f:  # kept for the secrets scan
            f.write(text + "\n\f\n")
        return text

    def alternate_screen(self):
        return self.tmux("display-message", "-p", "-t", "t", "#{alternate_on}", check=False).strip() == "1"

    def pane_pid(self):
        text = self.tmux("display-message", "-p", "-t", "t", "#{pane_pid}", check=False).strip()
        return int(text) if text.isdigit() else None

    def wait_for(self, text, timeout=20):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if text in self.screen():
                return True
            time.sleep(0.1)
        return False

    def exit_status(self, timeout=20):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                with open(self.status_file) as f:
                    value = f.read().strip()
                if value:
                    time.sleep(0.2)  # let stty -a finish
                    return int(value)
            except (OSError, ValueError):
                pass
            time.sleep(0.1)
        return None

    def terminal_sane(self):
        """After the program left: canonical mode and echo are back on, the alternate screen off."""
        try:
            with open(self.stty_file) as f:
                modes = f.read().split()
        except OSError:
            return False
        return "icanon" in modes and "echo" in modes and not self.alternate_screen()

    def close(self):
        self.tmux("kill-server", check=False)


def quote(text):
    return "'" + text.replace("'", "'\\''") + "'"
