#!/usr/bin/env python3
"""Fit the page-type model's weights (data/page_types.toml) on the WCXB development split.

    python3 bench/fit_page_type.py JSON_DIR [--articles SH_JSON_DIR] [--write] [--l2 0.01]

JSON_DIR holds `dechrome clean --explain --format json` outputs named ID.json (or ID.html.json)
for the pages of ../shared/bench/wcxb-dev; each carries `page_type_why.features`. The script
fits a multinomial logistic regression (numpy, L2-regularised, full-batch gradient descent),
prints the training agreement and a host-grouped 5-fold cross-validated agreement (pages of
one host never sit on both sides), and with --write replaces the [weights.*] tables of
data/page_types.toml. With --articles, the `--explain` outputs of the ScrapingHub pages (every
one a news or blog article; ../shared/bench/scrapinghub) join the training set as articles: the
WCXB split has few plain news pages, and those are the pages most crawls hold. Needs numpy.
"""
import json
import re
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "bench" / "wcxb-dev"
MODEL = ROOT / "data" / "page_types.toml"
TYPES = ["article", "forum", "product", "collection", "listing", "documentation", "service"]


def host_of(url):
    """The host of a URL without `www.`: pages of one host stay in one cross-validation fold."""
    return re.sub(r"^www\.", "", url.split("://")[-1].split("/")[0].lower())


def load(json_dir):
    xs, ys, hosts, names = [], [], [], None
    for f in sorted(Path(json_dir).glob("*.json")):
        pid = f.name.split(".")[0]
        gt = DATA / "ground-truth" / f"{pid}.json"
        if not gt.exists():
            continue
        d = json.loads(f.read_text(encoding="utf-8"))
        why = d.get("page_type_why")
        if not why:
            continue
        feats = why["features"]
        if names is None:
            names = sorted(feats)
        g = json.loads(gt.read_text(encoding="utf-8"))
        pt = (g.get("_internal") or {}).get("page_type") or {}
        pt = pt.get("primary", "article") if isinstance(pt, dict) else (pt or "article")
        pt = "collection" if pt == "category" else pt
        url = g.get("url") or ""
        host = host_of(url)
        xs.append([feats[n] for n in names])
        ys.append(TYPES.index(pt))
        hosts.append(host or pid)
    return np.array(xs, dtype=np.float64), np.array(ys), hosts, names


def load_articles(json_dir, names):
    """ScrapingHub pages as articles: features, labels, hosts (from the benchmark's URLs)."""
    gt = json.loads((DATA.parent / "scrapinghub" / "ground-truth.json").read_text(encoding="utf-8"))
    xs, hosts = [], []
    for f in sorted(Path(json_dir).glob("*.json")):
        pid = f.name.split(".")[0]
        why = json.loads(f.read_text(encoding="utf-8")).get("page_type_why")
        if pid not in gt or not why:
            continue
        url = gt[pid].get("url") or ""
        xs.append([why["features"][n] for n in names])
        hosts.append(host_of(url) or pid)
    return np.array(xs, dtype=np.float64), np.zeros(len(xs), dtype=int), hosts


def fit(x, y, l2, steps=2000, lr=1.0):
    """Weights for the raw features, fitted on standardised ones (the bias column is column 0's
    constant 1)."""
    bias = np.all(x == 1.0, axis=0)
    mu = np.where(bias, 0.0, x.mean(axis=0))
    sd = np.where(bias | (x.std(axis=0) < 1e-9), 1.0, x.std(axis=0))
    ws = fit_std((x - mu) / sd, y, l2, steps, lr)
    w = ws / sd
    b = int(np.argmax(bias)) if bias.any() else None
    if b is not None:
        w[:, b] = ws[:, b] - (ws * (mu / sd)).sum(axis=1) + ws[:, b] * (mu[b] / sd[b])
    return w


def fit_std(x, y, l2, steps, lr):
    n, k = x.shape[0], len(TYPES)
    w = np.zeros((k, x.shape[1]))
    onehot = np.eye(k)[y]
    sample_w = np.ones(n)
    for _ in range(steps):
        z = x @ w.T
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        grad = ((p - onehot) * sample_w[:, None]).T @ x / n + l2 * w
        w -= lr * grad
    return w


def agreement(w, x, y):
    return float(((x @ w.T).argmax(axis=1) == y).mean())


def main(argv):
    args = [a for a in argv if not a.startswith("--")]
    l2 = 0.003
    if "--l2" in argv:
        l2 = float(argv[argv.index("--l2") + 1])
        args = [a for a in args if a != str(argv[argv.index("--l2") + 1])]
    if not args:
        print(__doc__)
        return 2
    x, y, hosts, names = load(args[0])
    n_wcxb = len(y)
    if "--articles" in argv:
        sh_dir = argv[argv.index("--articles") + 1]
        args = [a for a in args if a != sh_dir]
        xa, ya, ha = load_articles(sh_dir, names)
        x, y, hosts = np.vstack([x, xa]), np.concatenate([y, ya]), hosts + ha
        print(f"+ {len(ya)} ScrapingHub articles")
    print(f"{len(y)} pages, {len(names)} features")
    w = fit(x, y, l2)
    print(f"training agreement {agreement(w, x, y):.3f} (WCXB pages: {agreement(w, x[:n_wcxb], y[:n_wcxb]):.3f})")
    uniq = sorted(set(hosts))
    rng = np.random.default_rng(7)
    fold_of_host = {h: i % 5 for i, h in enumerate(rng.permutation(uniq))}
    folds = np.array([fold_of_host[h] for h in hosts])
    right = right_wcxb = 0
    for k in range(5):
        tr, te = folds != k, folds == k
        wk = fit(x[tr], y[tr], l2)
        ok = (x @ wk.T).argmax(axis=1) == y
        right += int(ok[te].sum())
        right_wcxb += int(ok[:n_wcxb][te[:n_wcxb]].sum())
    print(f"host-grouped 5-fold CV agreement {right / len(y):.3f} (WCXB pages: {right_wcxb / n_wcxb:.3f})")
    pred = (x @ w.T).argmax(axis=1)
    for i, t in enumerate(TYPES):
        m = y == i
        print(f"  {t:14s} n={int(m.sum()):4d} recall {float((pred[m] == i).mean()):.3f}")
    if "--write" in argv:
        text = MODEL.read_text(encoding="utf-8")
        text = text[: text.index("\n[weights.")].rstrip() + "\n"
        for i, t in enumerate(TYPES):
            text += f"\n[weights.{t}]\n"
            for j, n in enumerate(names):
                if abs(w[i, j]) >= 0.005:
                    text += f"{n} = {w[i, j]:.3f}\n"
        MODEL.write_text(text, encoding="utf-8")
        print(f"wrote {MODEL}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
