"""The LOGGING setting, built without importing Django (settings.py calls it while loading)."""

from __future__ import annotations

from typing import Any

FORMATS = ("json", "plain")
PLAIN_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"


def logging_config(*, fmt: str, level: str) -> dict[str, Any]:
    """The LOGGING setting: ``fmt`` is "json" or "plain"."""
    if fmt not in FORMATS:
        raise ValueError(fmt)
    formatter: dict[str, Any] = (
        {"()": "gongkai_web.observability.logs.JsonFormatter"}
        if fmt == "json"
        else {"format": PLAIN_FORMAT}
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"context": {"()": "gongkai_web.observability.logs.RequestContextFilter"}},
        "formatters": {"main": formatter},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "filters": ["context"],
                "formatter": "main",
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # Django's own handlers would print the same records a second time, unformatted.
            "django": {"handlers": ["console"], "level": level, "propagate": False},
            "django.server": {"handlers": ["console"], "level": level, "propagate": False},
        },
    }
