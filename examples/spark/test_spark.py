"""Check that the Spark example gives exactly what `dechrome jsonl` gives.

Builds a JSON lines input from the repo's fixtures (fixtures/seeds/*.txt as `text` records),
a few HTML pages made here (as `html` and as windows-1256 `html_b64`), up to 10 pages of
../shared/bench/scrapinghub/html/*.html.gz when that directory exists, one garbage line and
one record without a body. Runs `dechrome jsonl` directly and the Spark job with spark-submit:

  1. local mode (local[2], 3 partitions), the binary by path (`--binary`);
  2. local-cluster mode (2 executor JVMs, each in its own working directory, 2 partitions),
     the binary shipped with `--files` and found with `--shipped`, as on a cluster, with
     `-- --explain` passed through to dechrome (compared with `dechrome jsonl --explain`);

and for each run compares:

  * line counts: input = CLI output = Spark output;
  * every output line is JSON; ids are unique; each id's record is equal (parsed JSON);
  * the id-less records (the garbage line) are equal as a multiset;
  * the part files read in partition order are the CLI output in the same order
    (textFile + pipe never shuffles), and at least 2 partitions held records;
  * statuses make sense: text/HTML fixtures `ok`, garbage and body-less records `error`.

Usage: python examples/spark/test_spark.py [--binary target/release/dechrome] [--no-cluster]
[--keep] (pyspark installed in this Python; Java 17 on PATH). Exits 1 on any difference.
"""

import argparse
import base64
import glob
import gzip
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
SHARED_HTML = os.path.join(REPO, "..", "shared", "bench", "scrapinghub", "html")
# Executors of local-cluster mode are started from SPARK_HOME (the pyspark package itself when
# pip-installed) and work in SPARK_HOME/work/<app>/<executor>.
PYSPARK = importlib.util.find_spec("pyspark")
if PYSPARK is None:
    sys.exit(f"FAIL: pyspark is not installed for {sys.executable}")
SPARK_HOME = os.environ.get("SPARK_HOME") or os.path.dirname(PYSPARK.origin)

PAGE = """<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="{charset}"><title>{title} | Example News</title></head>
<body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article><h1>{title}</h1>
{paragraphs}
</article>
<aside class="related"><h3>Read also</h3><ul><li><a href="/x">Another story</a></li></ul></aside>
<footer>Copyright Example News. All rights reserved.</footer>
</body></html>
"""

EN = ("The city council approved the new budget on Tuesday after a long debate about "
      "public transport, schools and the repair of the old harbour bridge.")
AR = ("وافق مجلس المدينة يوم الثلاثاء على الميزانية الجديدة بعد نقاش طويل حول النقل العام "
      "والمدارس وإصلاح جسر الميناء القديم.")


def page(title, sentence, lang, charset="utf-8", n=4):
    paras = "\n".join(f"<p>{sentence} ({i + 1})</p>" for i in range(n))
    return PAGE.format(lang=lang, charset=charset, title=title, paragraphs=paras)


def build_input(path):
    """Writes the test input; returns {id: expected kind} for the status checks."""
    records, kinds = [], {}

    def add(rec, kind):
        records.append(json.dumps(rec, ensure_ascii=False))
        kinds[rec["id"]] = kind

    for f in sorted(glob.glob(os.path.join(REPO, "fixtures", "seeds", "*.txt"))):
        with open(f, encoding="utf-8") as fh:
            add({"id": "seed/" + os.path.basename(f), "text": fh.read()}, "ok")
    for i in range(6):
        add({"id": f"gen/en-{i}", "url": f"https://news.example.com/world/{i}",
             "html": page(f"Council approves budget {i}", EN, "en")}, "ok")
    ar = page("المجلس يقر الميزانية", AR, "ar", charset="windows-1256")
    add({"id": "gen/ar-1256", "url": "https://news.example.com/ar/1",
         "html_b64": base64.b64encode(ar.encode("cp1256")).decode(), "charset": "windows-1256"},
        "ok")
    add({"id": "gen/ar-b64-nohint", "url": "https://news.example.com/ar/2",
         "html_b64": base64.b64encode(ar.encode("cp1256")).decode()}, "any")
    shared = sorted(glob.glob(os.path.join(SHARED_HTML, "*.html.gz")))[:10]
    for f in shared:
        with gzip.open(f, "rb") as fh:
            raw = fh.read()
        add({"id": "bench/" + os.path.basename(f)[:16],
             "html_b64": base64.b64encode(raw).decode()}, "any")
    add({"id": "bad/no-body", "url": "https://news.example.com/empty"}, "error")
    records.insert(len(records) // 2, '{"id": "garbage", this is not JSON')  # id: null out
    add({"id": "gen/empty-text", "text": ""}, "any")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("\n".join(records) + "\n")
    return kinds, len(records), len(shared)


def read_json_lines(lines, where, errors):
    out = []
    for n, line in enumerate(lines, 1):
        try:
            out.append(json.loads(line))
        except ValueError as e:
            errors.append(f"{where} line {n} is not JSON ({e}): {line[:120]!r}")
    return out


def by_id(records, where, errors):
    """{id: record} for records with an id, plus the id-less ones as sorted JSON strings."""
    keyed, anon = {}, []
    for r in records:
        if r.get("id") is None:
            anon.append(json.dumps(r, sort_keys=True))
        elif r["id"] in keyed:
            errors.append(f"{where}: id {r['id']!r} appears twice")
        else:
            keyed[r["id"]] = r
    return keyed, sorted(anon)


def run_cli(binary, src, flags):
    """`dechrome jsonl` on the whole input: the reference output lines."""
    with open(src, "rb") as fh:
        r = subprocess.run([binary, "jsonl", "--threads", "2", *flags], stdin=fh,
                           capture_output=True)
    if r.returncode != 0:
        sys.exit(f"FAIL: `dechrome jsonl` exited {r.returncode}: {r.stderr.decode()[-2000:]}")
    return r.stdout.decode("utf-8").splitlines()


def run_spark(label, submit_args, job_args, out_dir):
    """spark-submit the example as a user would; returns the part files' lines, in order."""
    spark_submit = os.path.join(os.path.dirname(sys.executable), "spark-submit")
    if not os.path.exists(spark_submit):
        spark_submit = "spark-submit"
    # The same Python for the driver and the workers; everything on loopback.
    env = dict(os.environ, PYSPARK_PYTHON=sys.executable, PYSPARK_DRIVER_PYTHON=sys.executable,
               SPARK_HOME=SPARK_HOME, SPARK_LOCAL_IP="127.0.0.1")
    t0 = time.time()
    r = subprocess.run([spark_submit, *submit_args, "--conf", "spark.ui.enabled=false",
                        os.path.join(HERE, "clean_jsonl.py"), *job_args],
                       env=env, capture_output=True, text=True)
    secs = time.time() - t0
    if r.returncode != 0:
        print("\n".join(r.stderr.splitlines()[-40:]), file=sys.stderr)
        sys.exit(f"FAIL: {label}: the Spark job exited {r.returncode}")
    parts = []
    for p in sorted(glob.glob(os.path.join(out_dir, "part-*"))):
        with open(p, encoding="utf-8") as fh:
            parts.append(fh.read().splitlines())
    print(f"{label}: {secs:.1f} s, {len(parts)} part files with {[len(p) for p in parts]} lines")
    return parts, secs


def compare(label, cli_lines, parts, n_in, errors):
    """Strict: same count, every line JSON, ids unique, each id's record equal, the id-less
    records equal as a multiset, and (textFile + pipe never shuffles) the same order."""
    spark_lines = [line for lines in parts for line in lines]
    err = lambda msg: errors.append(f"{label}: {msg}")
    if not len(cli_lines) == len(spark_lines) == n_in:
        err(f"line counts differ: input {n_in}, CLI {len(cli_lines)}, Spark {len(spark_lines)}")
    if sum(1 for p in parts if p) < 2:
        err("fewer than 2 non-empty partitions: the multi-partition path was not run")
    before = len(errors)
    cli_recs = read_json_lines(cli_lines, f"{label}: CLI", errors)
    spark_recs = read_json_lines(spark_lines, f"{label}: Spark", errors)
    cli_keyed, cli_anon = by_id(cli_recs, f"{label}: CLI", errors)
    spark_keyed, spark_anon = by_id(spark_recs, f"{label}: Spark", errors)
    for i in sorted(set(cli_keyed) | set(spark_keyed)):
        if i not in spark_keyed:
            err(f"id {i!r}: missing from the Spark output")
        elif i not in cli_keyed:
            err(f"id {i!r}: missing from the CLI output")
        elif cli_keyed[i] != spark_keyed[i]:
            diff = sorted(k for k in set(cli_keyed[i]) | set(spark_keyed[i])
                          if cli_keyed[i].get(k) != spark_keyed[i].get(k))
            err(f"id {i!r}: records differ in fields {diff}")
    if cli_anon != spark_anon:
        err(f"id-less records differ: CLI {cli_anon} vs Spark {spark_anon}")
    if len(errors) == before and cli_recs != spark_recs:
        err("same records but not in the same order (textFile + pipe never shuffles)")
    return cli_recs


def check_statuses(cli_recs, kinds, errors):
    """The reference itself is sane: fixtures clean `ok`, bad records give `error` lines."""
    keyed, anon = by_id(cli_recs, "CLI", errors)
    if set(keyed) != set(kinds):
        errors.append(f"CLI ids differ from the input ids: missing "
                      f"{sorted(set(kinds) - set(keyed))}, extra {sorted(set(keyed) - set(kinds))}")
    for i, kind in kinds.items():
        status = keyed.get(i, {}).get("status")
        if kind in ("ok", "error") and status != kind:
            errors.append(f"id {i!r}: status {status!r}, expected {kind}")
    if [json.loads(a)["status"] for a in anon] != ["error"]:
        errors.append(f"expected one id-less error line for the garbage line, got {anon}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--binary", default=os.path.join(REPO, "target", "release", "dechrome"))
    ap.add_argument("--no-cluster", action="store_true",
                    help="skip the local-cluster run (real executor JVMs, binary via --files)")
    ap.add_argument("--keep", action="store_true", help="keep the work directory")
    args = ap.parse_args()
    binary = os.path.abspath(args.binary)
    if not os.access(binary, os.X_OK):
        sys.exit(f"FAIL: no dechrome binary at {binary} (cargo build --release)")

    work = tempfile.mkdtemp(prefix="dechrome-spark-")
    src = os.path.join(work, "input.jsonl")
    kinds, n_in, n_shared = build_input(src)
    print(f"input: {n_in} lines ({n_shared} pages from ../shared), work dir {work}")
    errors = []

    # 1. local[2], the binary by path, 3 partitions.
    cli_lines = run_cli(binary, src, [])
    out = os.path.join(work, "out-local")
    parts, secs = run_spark("local[2]", ["--master", "local[2]"],
                            ["--binary", binary, "--partitions", "3", src, out], out)
    cli_recs = compare("local[2]", cli_lines, parts, n_in, errors)
    check_statuses(cli_recs, kinds, errors)
    total = secs

    # 2. As on a cluster: executors in their own JVMs and working directories, the binary
    #    shipped with --files and found with --shipped, a dechrome flag passed through.
    if not args.no_cluster:
        cli_lines = run_cli(binary, src, ["--explain"])
        out = os.path.join(work, "out-cluster")
        apps = os.path.join(SPARK_HOME, "work")
        before = set(os.listdir(apps)) if os.path.isdir(apps) else set()
        parts, secs = run_spark(
            "local-cluster", ["--master", "local-cluster[2,1,1024]", "--files", binary],
            ["--shipped", "--partitions", "2", src, out, "--", "--explain"], out)
        compare("local-cluster", cli_lines, parts, n_in, errors)
        total += secs
        # The executors' working directories got the shipped binary (`./dechrome` ran there).
        new = sorted(set(os.listdir(apps)) - before) if os.path.isdir(apps) else []
        shipped = [p for a in new for p in glob.glob(os.path.join(apps, a, "*", "dechrome"))]
        if len(shipped) < 2:
            errors.append(f"local-cluster: expected the binary in 2 executor directories, "
                          f"found {shipped}")
        for a in new:
            shutil.rmtree(os.path.join(apps, a), ignore_errors=True)

    if not args.keep and not errors:
        shutil.rmtree(work, ignore_errors=True)
    if errors:
        print("FAIL: the Spark output differs from `dechrome jsonl`:", file=sys.stderr)
        for e in errors:
            print("  " + e, file=sys.stderr)
        print(f"(inputs and outputs kept in {work})", file=sys.stderr)
        sys.exit(1)
    statuses = {}
    for rec in cli_recs:
        statuses[rec["status"]] = statuses.get(rec["status"], 0) + 1
    runs = 1 if args.no_cluster else 2
    print(f"OK: {n_in} records identical in the CLI and Spark outputs in {runs} Spark runs "
          f"(statuses {statuses}); Spark jobs {total:.1f} s")
    print(f"spark: {runs} passed, 0 failed")


if __name__ == "__main__":
    main()
