"""The long fuzz campaign: ``python -m bench.fuzz_parse [N]`` (default 100,000 inputs).

It runs the test suite's fuzz test (tests/core/parse/test_fuzz.py) with N examples: mutated
text, HTML, Word and PDF reports must all come back as results with clean findings.
"""

from __future__ import annotations

import os
import subprocess
import sys


def main(argv: list[str]) -> int:
    examples = argv[0] if argv else "100000"
    env = {**os.environ, "GONGKAI_FUZZ_EXAMPLES": examples}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    test = "tests/core/parse/test_fuzz.py"
    command = [sys.executable, "-m", "pytest", "-p", "no:django", "-q", "-x", test]
    return subprocess.call(command, env=env)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
