"""The demo server: Django's development server with the task-queue worker beside it.

The worker (huey's ``run_huey``) is a child process that ends with the server: on Ctrl+C,
on SIGTERM, and on Linux even when this process is killed outright.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
from argparse import ArgumentParser
from types import FrameType

from django.core.management import call_command
from django.core.management.base import BaseCommand

WORKER_STOP_SECONDS = 10


def _die_with_parent() -> None:
    # PR_SET_PDEATHSIG: the kernel sends SIGTERM to the worker if this process dies.
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)
    except OSError:
        pass


def _exit_on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(0)


class Command(BaseCommand):
    help = "启动演示服务器，并在旁边运行后台任务进程（huey）；服务器停止时任务进程随之停止。"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--addrport", default="127.0.0.1:8000", help="监听地址和端口")
        parser.add_argument("--no-worker", action="store_true", help="不启动后台任务进程")

    def handle(self, *args: object, **options: object) -> None:
        worker = None
        if not options["no_worker"]:
            worker = subprocess.Popen(
                [sys.executable, "-m", "gongkai_web.manage", "run_huey"],
                preexec_fn=_die_with_parent if sys.platform == "linux" else None,
            )
            self.stdout.write(f"后台任务进程已启动（pid {worker.pid}）。")
            threading.Thread(target=self._watch, args=(worker,), daemon=True).start()
        previous_term = signal.signal(signal.SIGTERM, _exit_on_sigterm)
        # Ctrl+C stops the demo even when started from a shell that ignores SIGINT for
        # background jobs (Python would then never raise KeyboardInterrupt).
        previous_int = signal.signal(signal.SIGINT, signal.default_int_handler)
        self._stopping = False
        try:
            call_command("runserver", str(options["addrport"]), use_reloader=False)
        finally:
            self._stopping = True
            signal.signal(signal.SIGTERM, previous_term)
            signal.signal(signal.SIGINT, previous_int)
            if worker is not None:
                self._stop(worker)

    def _watch(self, worker: subprocess.Popen[bytes]) -> None:
        code = worker.wait()
        if not self._stopping:
            self.stderr.write(
                f"后台任务进程意外退出（退出码 {code}）：后台任务不再执行，"
                "请停止后重新运行 make demo。"
            )

    def _stop(self, worker: subprocess.Popen[bytes]) -> None:
        if worker.poll() is None:
            worker.terminate()
            try:
                worker.wait(WORKER_STOP_SECONDS)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()
        self.stdout.write("后台任务进程已停止。")
