"""Clean scraped pages at scale: pipe JSON lines through `dechrome jsonl` with Spark.

Input: JSON lines (a path, a directory or a glob, plain or .gz), one record a line, as
`dechrome jsonl` reads them: `id`, `url`, one of `html` / `text` / `html_b64`, optional
`charset` / `content_type`. Output: a directory of part files (saveAsTextFile), one cleaned
record per input record with the Article fields plus `id` and `status` (`ok`, `empty`,
`error`, `too_large`, `timeout`). A bad record gives a `status: error` line, never a
failed task.

How it works: `sc.textFile` splits the input into partitions and `RDD.pipe` starts one
`dechrome jsonl --threads N` process per partition (per task), writes the partition's lines to
its stdin and reads exactly one line back per line written, in the same order. Unless
`--partitions` asks for more partitions than the input splits into (a .gz file is one split),
no shuffle happens, so the part files read in order (part-00000, part-00001, ...) are the
input records in input order. Memory per task: about `--window` (records in flight, default
256) times the largest record, plus ~20 MiB, outside the JVM heap.

Locally (the binary at a path the tasks can see)::

    cargo build --release
    spark-submit --master 'local[4]' examples/spark/clean_jsonl.py \\
        --binary target/release/dechrome --partitions 8 'crawl/*.jsonl.gz' cleaned/

On a cluster, ship the binary with the job; `--shipped` runs it from the task's SparkFiles
directory (what `SparkFiles.get("dechrome")` returns inside a task: the executor's working
directory, where `--files` puts it). The binary must be built for the executors' platform
(e.g. a static `x86_64-unknown-linux-musl` build)::

    spark-submit --master yarn --deploy-mode cluster \\
        --files target/release/dechrome \\
        examples/spark/clean_jsonl.py --shipped --threads 1 \\
        hdfs:///crawl/2024-*/part-*.jsonl.gz hdfs:///cleaned/2024 -- --no-site-rules

Extra dechrome flags (`--no-site-rules`, `--lang ar`, `--timeout-ms 2000`, `--explain`, ...)
go after `--`; unknown options before `--` that take no value are passed on as well.

Caveats: Hadoop splits lines on `\\n`, `\\r` and `\\r\\n` and decodes them as UTF-8 with
replacement, while `dechrome jsonl` reads only `\\n` and reports a non-UTF-8 line as an error:
a valid JSON record contains neither a raw CR nor invalid UTF-8, so only garbage lines can
count differently.
"""

import argparse
import os
import shlex
import shutil
import subprocess
import sys

from pyspark import SparkContext, SparkFiles


def parse_args(argv):
    """Own options before `--`; everything after `--` (and unknown flags) goes to dechrome."""
    extra = []
    if "--" in argv:
        cut = argv.index("--")
        argv, extra = argv[:cut], argv[cut + 1 :]
    p = argparse.ArgumentParser(
        description="Pipe JSON lines through `dechrome jsonl` with Spark.",
        epilog="Extra dechrome flags go after `--`, e.g. `-- --no-site-rules --lang ar`.",
    )
    p.add_argument("input", help="JSON lines: a path, directory or glob (plain or .gz)")
    p.add_argument("output", help="output directory (must not exist)")
    p.add_argument("--binary", default="dechrome",
                   help="the dechrome binary (default: `dechrome` on PATH)")
    p.add_argument("--shipped", action="store_true",
                   help="the binary was shipped with `spark-submit --files`: run it from the "
                        "tasks' SparkFiles directory")
    p.add_argument("--threads", type=int, default=1,
                   help="dechrome threads per task (default 1: one task per core)")
    p.add_argument("--partitions", type=int, default=0,
                   help="at least this many partitions (default: one per input split)")
    p.add_argument("--gzip", action="store_true", help="write gzip-compressed part files")
    args, unknown = p.parse_known_args(argv)
    stray = [a for a in unknown if not a.startswith("-")]
    if stray:
        p.error(f"unexpected arguments {stray}: dechrome flags with values go after `--`")
    args.extra = unknown + extra
    return args


def binary_on_path(binary):
    """An absolute path: RDD.pipe starts the command with an empty environment (no PATH)."""
    found = shutil.which(binary)
    if found is None:
        sys.exit(f"error: dechrome binary not found: {binary} (use --binary PATH)")
    return os.path.abspath(found)


def in_driver(sc):
    """Local mode (`local`, `local[N]`): tasks run inside the driver. (`local-cluster[...]`
    starts real executors.)"""
    return sc.master == "local" or sc.master.startswith("local[")


def shipped_binary(sc, binary):
    """Where the tasks find a binary shipped with `spark-submit --files`: in their SparkFiles
    directory, which is what `SparkFiles.get(name)` returns inside a task."""
    name = os.path.basename(binary)
    if in_driver(sc):
        # Local mode: tasks run in the driver's process tree; its SparkFiles directory
        # is a temporary directory, the same for the driver and the tasks.
        return SparkFiles.get(name)
    # On executors the SparkFiles directory is the task's working directory.
    return "./" + name


def check_binary(binary, command):
    """Fail fast on the driver (bad path, bad flag) instead of in every task."""
    try:
        r = subprocess.run([binary, *command], input=b"", capture_output=True, timeout=60)
    except OSError as e:
        sys.exit(f"error: cannot run {binary}: {e}")
    if r.returncode != 0:
        sys.exit(f"error: `{shlex.join([binary, *command])}` exited {r.returncode}: "
                 f"{r.stderr.decode(errors='replace').strip()}")


def main(argv):
    args = parse_args(argv)
    command = ["jsonl", "--threads", str(args.threads), *args.extra]
    if not args.shipped:
        binary = binary_on_path(args.binary)
        check_binary(binary, command)
    # Master, app name and the rest come from spark-submit (a SparkConf set here would
    # override them, even with setIfMissing).
    sc = SparkContext.getOrCreate()
    sc.setLogLevel("WARN")
    try:
        if args.shipped:
            binary = shipped_binary(sc, args.binary)
            if in_driver(sc):
                check_binary(binary, command)

        lines = sc.textFile(args.input, minPartitions=args.partitions or None)
        if args.partitions and lines.getNumPartitions() < args.partitions:
            # Unsplittable inputs (.gz) give one partition per file: spread them out.
            # This shuffles, so the output is no longer in input order (ids still match).
            lines = lines.repartition(args.partitions)

        # One dechrome process per partition; checkCode fails the task if it exits non-zero.
        cleaned = lines.pipe(shlex.join([binary, *command]), checkCode=True)
        codec = "org.apache.hadoop.io.compress.GzipCodec" if args.gzip else None
        cleaned.saveAsTextFile(args.output, compressionCodecClass=codec)
        print(f"dechrome: wrote {args.output} ({cleaned.getNumPartitions()} partitions)",
              file=sys.stderr)
    finally:
        sc.stop()


if __name__ == "__main__":
    main(sys.argv[1:])
