"""The kit's tests build wheels and install them (minutes): they run only when asked for with
``-m dist`` (`make test-dist`), never as part of another selection. The two-server tests
(test_scaleout.py) use the system PostgreSQL, Redis and nginx: they run only with
``-m scaleout`` (`make test-scaleout`)."""

from __future__ import annotations

import pytest


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    chosen = config.getoption("-m") or ""
    for marker, target in (("dist", "make test-dist"), ("scaleout", "make test-scaleout")):
        if marker in chosen:
            continue
        skip = pytest.mark.skip(reason=f"runs with -m {marker} ({target})")
        for item in items:
            if item.get_closest_marker(marker) is not None:
                item.add_marker(skip)
