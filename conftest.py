"""Settings and fixtures shared by every test run, with or without Django."""

import pytest
from hypothesis import settings

# Property tests check what holds, not how fast: a per-example deadline only fails them on a
# busy machine (CI shares its two cores with PostgreSQL, Chromium and LibreOffice).
settings.register_profile("gongkai", deadline=None)
settings.load_profile("gongkai")


@pytest.fixture
def frozen_clock():
    """The web layer's clock frozen at the real moment; ``.set(day or moment)`` and
    ``.advance(days=…)`` move it, for the test and its live server alike (gongkai_web.clock)."""
    from gongkai_web import clock

    with clock.frozen() as handle:
        yield handle
