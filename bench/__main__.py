"""Run every ``bench/bench_*.py`` module's ``main()`` in turn, or only those named on the line."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    names = sorted(p.stem for p in Path(__file__).parent.glob("bench_*.py"))
    wanted = [n for n in names if not argv or any(arg in n for arg in argv)]
    for name in wanted:
        print(f"== {name} ==")
        importlib.import_module(f"bench.{name}").main()
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
