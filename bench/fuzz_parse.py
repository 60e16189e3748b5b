"""The long fuzz campaign: ``python -m bench.fuzz_parse [N] [SEED]`` (default 100,000 inputs).

The same seeds and the same damage as the test suite's Hypothesis fuzz test
(tests/core/parse/test_fuzz.py, 300 inputs), drawn from a seeded random source so that a long
run prints its progress and can be repeated exactly. Every mutated text, HTML, Word or PDF
report must come back as a result with clean findings; the first that does not stops the run
and is saved for reproduction.
"""

from __future__ import annotations

import random
import sys
import time
from collections import Counter
from pathlib import Path

from tests.core.parse.fuzzing import assert_clean, mutate, seeds

from gongkai.parse import parse_bytes


def main(argv: list[str]) -> int:
    total = int(argv[0]) if argv else 100_000
    rng = random.Random(int(argv[1]) if len(argv) > 1 else 2026)
    sources = seeds()
    formats: Counter[str] = Counter()
    start = time.process_time()
    for n in range(1, total + 1):
        data = mutate(rng, rng.choice(sources))
        try:
            result = parse_bytes(data, f"fuzz-{n}")
            assert_clean(result)
        except BaseException:
            Path("fuzz-failure.bin").write_bytes(data)
            print(f"input {n} failed; saved to fuzz-failure.bin", file=sys.stderr)
            raise
        formats[result.format] += 1
        if n % 5000 == 0 or n == total:
            cpu = time.process_time() - start
            print(f"{n} inputs, {cpu:.0f} s CPU, no failure; formats: {dict(formats)}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
