"""``python -m bench.faults [--quick] [--submissions N] [SCENARIO ...]``: build the stack, run
the scenarios, print their figures; exit 1 if anything that must hold did not."""

from __future__ import annotations

import argparse
import dataclasses
import os
import platform
import sys
import time
from datetime import UTC, datetime

from bench.faults import scenarios
from bench.faults.stack import build


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.faults")
    parser.add_argument("--quick", action="store_true", help="small numbers (~2 minutes)")
    parser.add_argument("--submissions", type=int, help="posts during the web-worker kills")
    parser.add_argument("names", nargs="*", choices=[[], *scenarios.SCENARIOS], default=[])
    args = parser.parse_args(argv)
    size = scenarios.QUICK if args.quick else scenarios.FULL
    if args.submissions:
        size = dataclasses.replace(size, submissions=args.submissions)
    names = args.names or list(scenarios.SCENARIOS)
    print(
        f"# gongkai fault run  {datetime.now(UTC):%Y-%m-%d %H:%M} UTC  "
        f"Python {platform.python_version()}  {platform.machine()}  "
        f"cores={len(os.sched_getaffinity(0))}  load average {os.getloadavg()[0]:.1f}  "
        f"{'quick' if args.quick else 'full'}: {size}"
    )
    stack = build(sweep_after=5)
    failed = False
    try:
        for name in names:
            began = time.monotonic()
            print(f"\n## {name}", flush=True)
            report = scenarios.SCENARIOS[name](stack, size)
            print(f"applications in the database (this run so far): {report.applications}")
            for label, value in report.figures.items():
                print(f"{label}: {value}")
            for problem in report.problems:
                print(f"FAILED: {problem}")
            failed |= bool(report.problems)
            print(
                f"{'FAILED' if report.problems else 'held'} in {time.monotonic() - began:.0f} s"
                f" (load average {os.getloadavg()[0]:.1f})",
                flush=True,
            )
    finally:
        stack.stop()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
