#!/usr/bin/env python3
"""Writes a large catalog for start-up measurements: N products and N posts built from the bundled ones.

Product i copies bundled product (i mod 36) with a unique id ("<id>-<i>"), a title numbered so
every entry differs, and the same variants, prices and stock; post i copies bundled post
(i mod 42) and points at product i. Marketplaces and creators are the bundled ones, and media/
is copied, so every media path resolves and `reelshop catalog check OUT` passes. Deterministic:
the same N always gives the same file.

usage: make-catalog.py OUT [--products 10000]
"""
import argparse
import json
import os
import shutil

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out")
    parser.add_argument("--products", type=int, default=10000)
    a = parser.parse_args()
    bundled = json.load(open(os.path.join(ROOT, "Assets", "catalog.json")))
    products, posts = [], []
    for i in range(a.products):
        product = json.loads(json.dumps(bundled["products"][i % len(bundled["products"])]))
        product["id"] = f"{product['id']}-{i:05d}"
        product["title"] = f"{product['title']} #{i}"
        products.append(product)
        post = json.loads(json.dumps(bundled["posts"][i % len(bundled["posts"])]))
        post["id"] = f"post-{i:05d}"
        post["product"] = product["id"]
        posts.append(post)
    catalog = {"version": 1, "marketplaces": bundled["marketplaces"], "creators": bundled["creators"],
               "products": products, "posts": posts}
    os.makedirs(a.out, exist_ok=True)
    media = os.path.join(a.out, "media")
    if not os.path.isdir(media):
        shutil.copytree(os.path.join(ROOT, "Assets", "media"), media)
    with open(os.path.join(a.out, "catalog.json"), "w") as f:
        json.dump(catalog, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print(f"{a.out}: {len(products)} products, {len(posts)} posts, "
          f"{os.path.getsize(os.path.join(a.out, 'catalog.json')) // 1024} KiB catalog.json")


if __name__ == "__main__":
    main()
