#!/usr/bin/env bash
# Throughput and peak memory of `dechrome jsonl` on a ~300 MB JSON-lines stream.
#
#   bash bench/stream.sh          # writes bench/out/stream.md and prints it
#
# Steps: (a) build the stream once (reused while its parameters are unchanged) in a temp
#        file outside the repo: records made from the ScrapingHub pages (as `html`, about one
#        in five as `html_b64`), the seeds in fixtures/seeds (as `text`), plus lines that are
#        not JSON / not UTF-8 / not objects, and records without a body;
#        (b) `dechrome jsonl --threads N` over it for each N, stdout counted and discarded,
#        timed with /usr/bin/time -v (else a Python getrusage wrapper): wall, MB/s, records/s,
#        peak RSS; the output line count must equal the input line count.
#
# Environment knobs:
#   DECHROME_BIN=PATH   binary (default target/release/dechrome; BUILD=1 runs cargo build --release first)
#   STREAM_MB=N         stream size in MB (default 300)
#   STREAM_FILE=PATH    where the stream goes (default ${TMPDIR:-/tmp}/dechrome-stream-<N>MB.jsonl)
#   REBUILD_STREAM=1    rewrite the stream even if it exists
#   THREADS="1 2"       thread counts to run
#   RUNS=N              runs per thread count, fastest kept (default 1)
#   JSONL_ARGS="..."    extra arguments for `dechrome jsonl` (e.g. "--window 64")
#   SCRAPINGHUB=DIR     benchmark dir (default /work/shared/bench/scrapinghub)
#   KEEP_STREAM=0       delete the stream file at the end (default: keep it for the next run)
#   TIMER=python        time with the Python getrusage wrapper even when /usr/bin/time exists
set -euo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH/.." && pwd)"
OUT="$BENCH/out"
SCRAPINGHUB="${SCRAPINGHUB:-/work/shared/bench/scrapinghub}"
DECHROME_BIN="${DECHROME_BIN:-$ROOT/target/release/dechrome}"
STREAM_MB="${STREAM_MB:-300}"
STREAM_FILE="${STREAM_FILE:-${TMPDIR:-/tmp}/dechrome-stream-${STREAM_MB}MB.jsonl}"
THREADS="${THREADS:-1 2}"
RUNS="${RUNS:-1}"
JSONL_ARGS="${JSONL_ARGS:-}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/dechrome-stream-bench.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$OUT"

# ---------------------------------------------------------------- binary
if [[ "${BUILD:-0}" == 1 ]]; then
    (cd "$ROOT" && cargo build --release)
fi
if [[ ! -x "$DECHROME_BIN" ]]; then
    echo "error: no dechrome binary at $DECHROME_BIN (cargo build --release, or BUILD=1, or DECHROME_BIN=...)" >&2
    exit 2
fi

# ---------------------------------------------------------------- (a) stream
# The generator is deterministic; its parameters are stored beside the stream so a stream
# made with other parameters (or cut short) is rebuilt rather than reused.
GEN_VERSION=1
SIG="v$GEN_VERSION mb=$STREAM_MB src=$SCRAPINGHUB seeds=$ROOT/fixtures/seeds"
if [[ "${REBUILD_STREAM:-0}" == 1 || ! -f "$STREAM_FILE" || ! -f "$STREAM_FILE.meta" ]] \
    || [[ "$(head -1 "$STREAM_FILE.meta")" != "$SIG" ]] \
    || [[ "$(sed -n 2p "$STREAM_FILE.meta")" != "$(stat -c %s "$STREAM_FILE")" ]]; then
    echo "building the stream: $STREAM_FILE (~$STREAM_MB MB)" >&2
    rm -f "$STREAM_FILE" "$STREAM_FILE.meta"
    python3 - "$SCRAPINGHUB/html" "$ROOT/fixtures/seeds" "$STREAM_FILE.tmp" "$STREAM_MB" > "$WORK/mix.json" <<'PY'
import base64, gzip, json, random, sys
from pathlib import Path

html_dir, seeds_dir, out_path, mb = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], int(sys.argv[4])
target = mb * 1_000_000
pages = [(p.name[: -len(".html.gz")], gzip.open(p).read()) for p in sorted(html_dir.glob("*.html.gz"))]
seeds = [(p.stem, p.read_text(encoding="utf-8")) for p in sorted(seeds_dir.glob("*.txt"))]
if not pages or not seeds:
    sys.exit(f"no pages in {html_dir} or no seeds in {seeds_dir}")
garbage = [
    b"this line is not JSON at all",
    b'{"id": "truncated", "html": "<p>cut off',
    b"[1, 2, 3]",
    b"42",
    b"",
    b'{"id": "bad-utf8", "text": "\xff\xfe\xc3("}',
    b'{"id": "bad-b64", "html_b64": "@@@ not base64 @@@"}',
]
rng = random.Random(20241123)
counts = {"html": 0, "html_b64": 0, "text": 0, "garbage": 0, "no_body": 0}
n = size = 0
with open(out_path, "wb") as f:
    while size < target:
        r = rng.random()
        rid = f"r{n:07d}"
        if r < 0.02:
            line, kind = garbage[n % len(garbage)], "garbage"
        elif r < 0.03:
            line, kind = json.dumps({"id": rid, "url": "https://example.test/x"}).encode(), "no_body"
        elif r < 0.10:
            name, text = seeds[n % len(seeds)]
            line, kind = json.dumps({"id": rid, "url": f"https://seeds.example/{name}", "text": text},
                                    ensure_ascii=False).encode(), "text"
        else:
            name, raw = pages[rng.randrange(len(pages))]
            rec = {"id": rid, "url": f"https://pages.example/{name}"}
            if r < 0.28:
                rec["html_b64"], kind = base64.b64encode(raw).decode("ascii"), "html_b64"
                rec["content_type"] = "text/html"
            else:
                rec["html"], kind = raw.decode("utf-8", errors="replace"), "html"
            line = json.dumps(rec, ensure_ascii=False).encode()
        f.write(line + b"\n")
        counts[kind] += 1
        n += 1
        size += len(line) + 1
json.dump({"lines": n, "bytes": size, "kinds": counts}, sys.stdout)
PY
    mv "$STREAM_FILE.tmp" "$STREAM_FILE"
    { echo "$SIG"; stat -c %s "$STREAM_FILE"; cat "$WORK/mix.json"; echo; } > "$STREAM_FILE.meta"
else
    echo "reusing the stream: $STREAM_FILE" >&2
fi
MIX="$(sed -n 3p "$STREAM_FILE.meta")"
IN_BYTES=$(stat -c %s "$STREAM_FILE")
IN_LINES=$(wc -l < "$STREAM_FILE")
echo "stream: $IN_LINES lines, $IN_BYTES bytes; mix $MIX" >&2

# ---------------------------------------------------------------- (b) runs
# One timed run: dechrome's stdout goes through a counter (line count and status histogram,
# awk in the C locale) and is discarded. Writes WORK/t<N>_<i>.{time,count}.
have_gnu_time=0
if [[ "${TIMER:-}" != python && -x /usr/bin/time ]] && /usr/bin/time -v true >/dev/null 2>&1; then have_gnu_time=1; fi
count_lines() {
    LC_ALL=C awk '{ n++; if (match($0, /"status":"[a-z_]+"/)) s[substr($0, RSTART + 10, RLENGTH - 11)]++ }
        END { printf "%d", n; for (k in s) printf " %s=%d", k, s[k]; printf "\n" }'
}
run_once() {
    local t=$1 tag=$2
    # shellcheck disable=SC2086
    local cmd=("$DECHROME_BIN" jsonl --threads "$t" $JSONL_ARGS)
    if [[ $have_gnu_time == 1 ]]; then
        /usr/bin/time -v -o "$WORK/$tag.gnutime" "${cmd[@]}" < "$STREAM_FILE" 2> "$WORK/$tag.stderr" | count_lines > "$WORK/$tag.count" || true
        python3 - "$WORK/$tag.gnutime" > "$WORK/$tag.time" <<'PY'
import json, re, sys
t = open(sys.argv[1]).read()
def f(label):
    m = re.search(r"^\s*" + re.escape(label) + r":\s*(.+)$", t, re.M)
    return m.group(1).strip() if m else None
wall = f("Elapsed (wall clock) time (h:mm:ss or m:ss)")
parts = [float(x) for x in wall.split(":")]
wall_s = sum(x * 60 ** i for i, x in enumerate(reversed(parts)))
print(json.dumps({"wall_s": wall_s, "user_s": float(f("User time (seconds)")), "sys_s": float(f("System time (seconds)")),
                  "max_rss_kb": int(f("Maximum resident set size (kbytes)")), "rc": int(f("Exit status") or 0),
                  "tool": "/usr/bin/time -v"}))
PY
    else
        # The wrapper's own stdin is the stream (inherited by dechrome), so its code is a file.
        cat > "$WORK/timer.py" <<'PY'
import json, resource, subprocess, sys, time
out, cmd = sys.argv[1], sys.argv[2:]
t0 = time.perf_counter()
rc = subprocess.call(cmd)
wall = time.perf_counter() - t0
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
json.dump({"wall_s": wall, "user_s": ru.ru_utime, "sys_s": ru.ru_stime, "max_rss_kb": ru.ru_maxrss, "rc": rc,
           "tool": "python getrusage(RUSAGE_CHILDREN)"}, open(out, "w"))
PY
        python3 "$WORK/timer.py" "$WORK/$tag.time" "${cmd[@]}" < "$STREAM_FILE" 2> "$WORK/$tag.stderr" | count_lines > "$WORK/$tag.count" || true
    fi
}

for t in $THREADS; do
    for ((i = 1; i <= RUNS; i++)); do
        echo "dechrome jsonl --threads $t $JSONL_ARGS (run $i/$RUNS) ..." >&2
        run_once "$t" "t${t}_$i"
        echo "  $(cat "$WORK/t${t}_$i.time")" >&2
        echo "  output: $(cat "$WORK/t${t}_$i.count")" >&2
    done
done

# ---------------------------------------------------------------- report
python3 - "$WORK" "$IN_BYTES" "$IN_LINES" "$MIX" "$DECHROME_BIN" "$STREAM_FILE" "$THREADS" "$JSONL_ARGS" "$RUNS" \
    > "$OUT/stream.md.tmp" <<'PY'
import json, os, platform, sys
from pathlib import Path
work, in_bytes, in_lines, mix, binary, stream, threads, extra, runs = sys.argv[1:]
work, in_bytes, in_lines, runs = Path(work), int(in_bytes), int(in_lines), int(runs)
mix = json.loads(mix)
version = os.popen(f"'{binary}' --version 2>/dev/null").read().strip() or binary
L = []
w = L.append
w(f"## `dechrome jsonl` on a {in_bytes / 1e6:.0f} MB stream")
w("")
w(f"{in_lines} lines ({', '.join(f'{k} {v}' for k, v in mix['kinds'].items())}); {version}"
  + (f"; extra arguments `{extra}`" if extra.strip() else "; default `--window`"))
w("")
w("| threads | wall s | MB/s | records/s | peak RSS MiB | CPU s (user+sys) | MB per CPU s | output lines = input lines | statuses |")
w("|---|---|---|---|---|---|---|---|---|")
bad = []
for t in threads.split():
    cand = []
    for i in range(1, runs + 1):
        tp, cp = work / f"t{t}_{i}.time", work / f"t{t}_{i}.count"
        if tp.is_file() and cp.is_file():
            cand.append((json.loads(tp.read_text()), cp.read_text().split()))
    if not cand:
        w(f"| {t} | – | – | – | – | – | – | no run | |")
        continue
    tm, cnt = min(cand, key=lambda c: c[0]["wall_s"])
    out_lines = int(cnt[0]) if cnt else 0
    ok = out_lines == in_lines
    if not ok or tm["rc"] != 0:
        bad.append(f"--threads {t}: exit {tm['rc']}, {out_lines} output lines for {in_lines} input lines")
    wall, cpu = tm["wall_s"], tm["user_s"] + tm["sys_s"]
    w(f"| {t} | {wall:.1f} | {in_bytes / 1e6 / wall:.1f} | {in_lines / wall:.0f} | {tm['max_rss_kb'] / 1024:.0f} | "
      f"{cpu:.1f} | {in_bytes / 1e6 / cpu:.0f} | {'yes' if ok else f'**NO** ({out_lines})'} | {' '.join(cnt[1:])} |")
w("")
w(f"- Input: `{stream}` (temporary, outside the repo), built by `bench/stream.sh` from the ScrapingHub pages "
  "(`html`, ~1 in 5 as `html_b64`), `fixtures/seeds` (`text`), ~2 % garbage lines, ~1 % records without a body. "
  "MB = 10^6 bytes of JSONL input.")
w(f"- Command: `dechrome jsonl --threads N{(' ' + extra) if extra.strip() else ''} < stream | awk (count)`; "
  f"timed with {tm['tool'] if cand else '?'}; peak RSS is dechrome's own maximum resident set size.")
w(f"- Machine: {platform.machine()}, {os.cpu_count()} cores shared with other work: wall-clock figures (wall, MB/s, "
  "records/s) vary with the load; CPU time (MB per CPU s) and peak RSS hardly do. Fastest of "
  f"{runs} run(s) per thread count.")
for b in bad:
    w(f"- **PROBLEM**: {b}")
print("\n".join(L))
PY
mv "$OUT/stream.md.tmp" "$OUT/stream.md"
cat "$OUT/stream.md"
echo "wrote $OUT/stream.md" >&2
if [[ "${KEEP_STREAM:-1}" == 0 ]]; then rm -f "$STREAM_FILE" "$STREAM_FILE.meta"; fi
