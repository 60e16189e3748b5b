"""The kit's tests build wheels and install them (minutes): they run only when asked for with
``-m dist`` (`make test-dist`), never as part of another selection."""

from __future__ import annotations

import pytest


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if "dist" in (config.getoption("-m") or ""):
        return
    skip = pytest.mark.skip(reason="the offline kit's tests run with -m dist (make test-dist)")
    for item in items:
        if "dist" in item.keywords:
            item.add_marker(skip)
