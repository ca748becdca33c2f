#!/usr/bin/env python3
"""Run a command, time it, and write wall/CPU time and peak RSS as JSON.

    python3 bench/timecmd.py OUT.json -- CMD [ARGS...]

Wall clock is time.perf_counter around the child; peak RSS is the child's ru_maxrss
(Linux: KiB). The child's stdout/stderr pass through. Exits with the child's exit code.
"""
import json
import resource
import subprocess
import sys
import time


def main():
    if len(sys.argv) < 4 or sys.argv[2] != "--":
        print(__doc__, file=sys.stderr)
        return 2
    out, cmd = sys.argv[1], sys.argv[3:]
    t0 = time.perf_counter()
    try:
        rc = subprocess.call(cmd)
    except OSError as exc:
        print(f"timecmd: cannot run {cmd[0]}: {exc}", file=sys.stderr)
        rc = 127
    wall = time.perf_counter() - t0
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    info = {"cmd": cmd, "rc": rc, "wall_s": wall, "user_s": ru.ru_utime, "sys_s": ru.ru_stime,
            "max_rss_kb": ru.ru_maxrss}
    with open(out, "w", encoding="utf-8") as f:
        json.dump(info, f, indent=1)
    print(f"timecmd: rc={rc} wall={wall:.3f}s user={ru.ru_utime:.2f}s sys={ru.ru_stime:.2f}s "
          f"maxrss={ru.ru_maxrss / 1024:.1f}MiB", file=sys.stderr)
    return rc


if __name__ == "__main__":
    sys.exit(main())
