"""Run one of the periodic jobs now, in this process, as the task worker's scheduler would.

The offline kit's systemd timers call this (deploy/systemd/), so that the worker can run with
``--no-periodic`` on every application server and each job still runs once a day: the timers
are installed on one server. A job that fails is recorded on the 后台任务 page like a failed
task, and the command exits 1 (the timer's unit shows as failed).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.module_loading import autodiscover_modules
from huey import signals
from huey.api import Task
from huey.contrib.djhuey import HUEY

from gongkai_web.operations.tasks import remember_failure


def periodic_jobs() -> dict[str, Task]:
    # Each app's tasks module, imported as run_huey imports them (a module nothing else imports
    # would be missing otherwise); huey has no public accessor for its registry.
    autodiscover_modules("tasks")
    return {task.name: task for task in HUEY._registry.periodic_tasks}


class Command(BaseCommand):
    help = "立即执行一项定时任务（备份、巡查、提醒等），与后台任务进程的定时调度相同。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("job", nargs="?", help="任务名；省略时列出全部定时任务")

    def handle(self, *args: Any, **options: Any) -> None:
        jobs = periodic_jobs()
        name = options["job"]
        if not name:
            for known in sorted(jobs):
                self.stdout.write(known)
            return
        task = jobs.get(name)
        if task is None:
            raise CommandError(f"没有名为“{name}”的定时任务；可执行的有：{'、'.join(sorted(jobs))}")
        try:
            result = task.execute()
        except Exception as exc:
            task.retries = 0  # the timer runs it again tomorrow; nothing retries it sooner
            remember_failure(signals.SIGNAL_ERROR, task, exc)
            raise CommandError(f"定时任务 {name} 失败：{type(exc).__name__}: {exc}") from exc
        self.stdout.write(f"定时任务 {name} 已完成：{result}")
