#!/usr/bin/env python3
"""The marketplace's figures on loopback (docs/PERFORMANCE.md, "Marketplace"): a real
`reelshop market serve` with a throwaway database (SQLite, WAL) and the bundled catalog.

  approve   page approval -> the token endpoint answers the token, polled as the storefront does
            (every `interval` seconds): the delay a person sees after pressing Approve
  order     one quote + one order with a fresh Idempotency-Key, sequential: p50 / p99
  rps       quote + order pairs per second with CONCURRENCY clients for SECONDS (2 cores)

Prints JSON; nothing here fails on a missed target. usage: market-load.py [--binary PATH]
[--orders N] [--seconds S] [--concurrency C] [--skip-approve]
"""
import argparse
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def call(method, url, form=None, body=None, headers=None):
    data, hdrs = None, dict(headers or {})
    if form is not None:
        data = urllib.parse.urlencode(form).encode()
        hdrs["Content-Type"] = "application/x-www-form-urlencoded"
    if body is not None:
        data = json.dumps(body).encode()
        hdrs["Content-Type"] = "application/json"
    request = urllib.request.Request(url, data=data, headers=hdrs, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def grant(base):
    status, body = call("POST", f"{base}/riverstone/oauth/device_authorization", form={"client_id": "reelshop"})
    assert status == 200, body
    return json.loads(body)


def approve(grant_):
    _, page = call("GET", grant_["verification_uri_complete"])
    token = re.search(r'name="form_token"\s+value="([^"]+)"', page) or re.search(r'value="([^"]+)"\s+name="form_token"', page)
    status, _ = call("POST", grant_["verification_uri"], form={"user_code": grant_["user_code"], "decision": "approve",
                                                               "form_token": token.group(1)})
    assert status == 200


def poll(base, grant_):
    return call("POST", f"{base}/riverstone/oauth/token", form={
        "grant_type": "urn:ietf:params:oauth:grant-type:device_code", "device_code": grant_["device_code"], "client_id": "reelshop"})


def token(base):
    g = grant(base)
    approve(g)
    status, body = poll(base, g)
    assert status == 200, body
    return json.loads(body)["access_token"]


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build/release/reelshop"))
    parser.add_argument("--orders", type=int, default=300)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--skip-approve", action="store_true")
    args = parser.parse_args()
    scratch = tempfile.mkdtemp(prefix="reelshop-market-load-")
    catalog_dir = os.path.join(scratch, "catalog")
    # The bundled catalog with deep stock, so the order rows measure orders, not "sold out".
    shutil.copytree(os.path.join(ROOT, "Assets"), catalog_dir)
    catalog = json.load(open(os.path.join(catalog_dir, "catalog.json")))
    for product in catalog["products"]:
        for variant in product.get("variants", []):
            variant["stock"] = 1_000_000
    json.dump(catalog, open(os.path.join(catalog_dir, "catalog.json"), "w"))
    log = open(os.path.join(scratch, "server.log"), "w")
    server = subprocess.Popen([args.binary, "market", "serve", "--listen", "127.0.0.1:0", "--data", os.path.join(scratch, "m.sqlite"),
                               "--catalog", catalog_dir], stdout=log, stderr=subprocess.STDOUT,
                              env=dict(os.environ, REELSHOP_STATE_DIR=os.path.join(scratch, "state")))
    try:
        base = None
        for _ in range(600):
            found = re.search(r"http://127\.0\.0\.1:[0-9]+", open(log.name).read())
            if found:
                base = found.group(0)
                break
            time.sleep(0.1)
        assert base, open(log.name).read()
        result = {"binary": args.binary, "load_at_start": open("/proc/loadavg").read().split()[0]}

        if not args.skip_approve:
            # As the storefront polls: every interval; the approval lands at a random moment of it.
            delays = []
            for _ in range(3):
                g = grant(base)
                interval = g.get("interval", 5)
                time.sleep(interval)
                poll(base, g)  # pending, starting the interval clock
                approved_at = time.monotonic() + interval * 0.5
                threading.Timer(interval * 0.5, approve, [g]).start()
                while True:
                    time.sleep(interval)
                    status, _ = poll(base, g)
                    if status == 200:
                        delays.append(time.monotonic() - approved_at)
                        break
            result["approve_to_token_s"] = {"samples": [round(d, 2) for d in delays], "median": round(statistics.median(delays), 2)}

        bearer = {"Authorization": f"Bearer {token(base)}"}
        _, me = call("GET", f"{base}/riverstone/api/v1/me", headers=bearer)
        ship_to = json.loads(me)["shippingAddress"]
        product = next(p for p in catalog["products"] if p["marketplace"] == "riverstone")
        variant = product["variants"][0]
        _, stock = call("GET", f"{base}/riverstone/api/v1/products/{product['id']}")
        price = json.loads(stock)["variants"][0]["price"]
        label = json.loads(stock)["variants"][0]["label"]
        line = {"productID": product["id"], "variantID": variant["id"], "title": product["title"], "variantLabel": label,
                "quantity": 1, "unitPrice": price}

        def one():
            started = time.perf_counter()
            status, body = call("POST", f"{base}/riverstone/api/v1/quotes", body={"lines": [line], "shipTo": ship_to}, headers=bearer)
            if status != 200:
                return None, status
            quote = json.loads(body)
            status, _ = call("POST", f"{base}/riverstone/api/v1/orders", headers=dict(bearer, **{"Idempotency-Key": str(uuid.uuid4())}),
                             body={"lines": [line], "shipTo": ship_to, "expectedTotal": quote["total"], "quoteID": quote.get("quoteID")})
            return (time.perf_counter() - started) * 1000, status

        times = []
        for _ in range(args.orders):
            elapsed, status = one()
            if status in (200, 201) and elapsed is not None:
                times.append(elapsed)
        result["quote_plus_order_ms"] = {"n": len(times), "p50": round(percentile(times, 50), 2), "p99": round(percentile(times, 99), 2)}

        done, failed, lock = [0], [0], threading.Lock()
        stop_at = time.monotonic() + args.seconds

        def worker():
            while time.monotonic() < stop_at:
                elapsed, status = one()
                with lock:
                    if status in (200, 201):
                        done[0] += 1
                    else:
                        failed[0] += 1

        threads = [threading.Thread(target=worker) for _ in range(args.concurrency)]
        started = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        seconds = time.monotonic() - started
        result["quote_plus_order_per_s"] = {"concurrency": args.concurrency, "pairs": done[0], "failed": failed[0],
                                            "per_second": round(done[0] / seconds, 1)}
        print(json.dumps(result, indent=2))
        return 0
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
