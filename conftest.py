"""Settings shared by every test run, with or without Django."""

from hypothesis import settings

# Property tests check what holds, not how fast: a per-example deadline only fails them on a
# busy machine (CI shares its two cores with PostgreSQL, Chromium and LibreOffice).
settings.register_profile("gongkai", deadline=None)
settings.load_profile("gongkai")
