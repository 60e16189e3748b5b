from __future__ import annotations

from functools import lru_cache

from django.conf import settings

from gongkai.crypto import Keyring, parse_keyring


@lru_cache(maxsize=4)
def _parsed(text: str) -> Keyring:
    return parse_keyring(text)


def keyring() -> Keyring:
    # Read on each call (cheaply, through the cache) so that override_settings works in tests.
    return _parsed(settings.GONGKAI_FIELD_KEY)
