"""Scans every file the other runs left (state files, logs, screen captures, the bytes each SSH
visitor received) for access tokens. Tokens belong in accounts.json (mode 0600) and nowhere else.

A token is its marketplace's prefix, "_" and 64 hex digits (ShopCore AccessToken.random). The
scan looks for that shape and for the exact value of every token found in an accounts.json, and
first proves on a planted canary that it would notice one.
"""
import os
import re
import tempfile

import common

TOKEN = re.compile(rb"\b[A-Za-z0-9]{2,12}_[0-9a-f]{64}\b")


def tokens_in_accounts(root):
    found, files = set(), []
    for folder, _, names in os.walk(root):
        for name in names:
            if name == "accounts.json":
                path = os.path.join(folder, name)
                files.append(path)
                for account in (common.load(path, {}) or {}).get("accounts", []):
                    if account.get("token"):
                        found.add(account["token"].encode())
    return found, files


def scan(root, known):
    """(files scanned, bytes scanned, [(path, what)] hits outside accounts.json)."""
    hits, count, size = [], 0, 0
    for folder, _, names in os.walk(root):
        for name in names:
            path = os.path.join(folder, name)
            if name == "accounts.json" or not os.path.isfile(path) or os.path.islink(path):
                continue
            try:
                with open(path, "rb") as f:
                    data = f.read()
            except OSError:
                continue
            count += 1
            size += len(data)
            for match in TOKEN.finditer(data):
                hits.append((path, "token-shaped " + match.group(0)[:6].decode() + "…"))
            for token in known:
                if token in data:
                    hits.append((path, "a token from accounts.json"))
    return count, size, hits


def main(work):
    problems = []
    with tempfile.TemporaryDirectory() as canary:
        with open(os.path.join(canary, "screen.txt"), "wb") as f:
            f.write(b"\x1b[1mlinked rst_" + b"ab" * 32 + b"\x1b[0m\n")
        if len(scan(canary, set())[2]) != 1:
            problems.append("the scan missed a planted token: it cannot be trusted")
    known, account_files = tokens_in_accounts(work)
    files, size, hits = scan(work, known)
    problems += [f"{os.path.relpath(p, work)}: {what}" for p, what in hits]
    for path in account_files:
        mode = os.stat(path).st_mode & 0o777
        if mode != 0o600:
            problems.append(f"{os.path.relpath(path, work)} has mode {oct(mode)}, not 0600")
    return common.result(
        "no token outside accounts.json (files, logs, screen captures, SSH output of the runs above)",
        "scripts/faults/run secrets (after the others, on their work directory)",
        f"{files} files, {size / 1e6:.1f} MB scanned, {len(known)} live tokens in {len(account_files)} accounts.json: "
        f"{len(hits)} found elsewhere",
        "0 tokens outside accounts.json; accounts.json 0600; the planted canary found", not problems, problems)
