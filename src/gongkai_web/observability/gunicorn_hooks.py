"""gunicorn server hooks for the metrics; imports no Django (gunicorn's master loads it).

``gunicorn -c python:gongkai_web.observability.gunicorn_hooks …``, or in a gunicorn.conf.py:
``from gongkai_web.observability.gunicorn_hooks import child_exit``.
"""

from __future__ import annotations

import os
from typing import Any


def child_exit(server: Any, worker: Any) -> None:
    """Forgets a dead worker's live gauge (requests in progress); its counters stay counted."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
