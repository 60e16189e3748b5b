"""gunicorn server hooks for the metrics; imports no Django app (gunicorn's master loads it).

``gunicorn -c python:gongkai_web.observability.gunicorn_hooks …``, or in a gunicorn.conf.py:
``from gongkai_web.observability.gunicorn_hooks import child_exit``.
"""

from __future__ import annotations

from typing import Any

# gunicorn takes every module-level name as a setting: no name here may be one of its own
# (``config`` is), hence the underscore.
from gongkai_web.config import read as _read_env  # imports no model: safe in the master


def child_exit(server: Any, worker: Any) -> None:
    """Forgets a dead worker's live gauge (requests in progress); its counters stay counted."""
    if _read_env("PROMETHEUS_MULTIPROC_DIR", None) is not None:
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
