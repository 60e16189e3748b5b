"""Mutated inputs raise nothing: every one gives a result with clean findings.

The normal run tries 300 inputs; ``GONGKAI_FUZZ_EXAMPLES=100000`` (or ``python -m
bench.fuzz_parse``) runs the long campaign.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings

from gongkai.parse import parse_bytes

from .fuzzing import assert_clean, mutated

EXAMPLES = int(os.environ.get("GONGKAI_FUZZ_EXAMPLES", "300"))


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(mutated())
def test_it_turns_any_mutated_input_into_clean_findings(data: bytes) -> None:
    assert_clean(parse_bytes(data, "fuzz"))
