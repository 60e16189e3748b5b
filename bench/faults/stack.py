"""The processes of one fault run: PostgreSQL, two Redis servers, gunicorn and the task worker."""

from __future__ import annotations

import datetime
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
PG_BIN = Path(os.environ.get("GONGKAI_PG_BIN", "/usr/lib/postgresql/15/bin"))
PYTHON = sys.executable
BIN = Path(PYTHON).parent


class StackError(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for_port(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise StackError(f"nothing answered on port {port} within {seconds:.0f} s")


def _as_postgres(command: list[str]) -> list[str]:
    # initdb and the server refuse to run as root: the system's postgres account runs them.
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@dataclass
class Postgres:
    base: Path
    port: int = field(default_factory=free_port)

    @property
    def data(self) -> Path:
        return self.base / "pg"

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/gongkai"

    def init(self) -> None:
        self.data.mkdir(parents=True)
        if os.geteuid() == 0:
            shutil.chown(self.base, "postgres")
            shutil.chown(self.data, "postgres")
        subprocess.run(
            _as_postgres(
                [
                    str(PG_BIN / "initdb"),
                    "-D",
                    str(self.data),
                    "-U",
                    "postgres",
                    "--auth=trust",
                    "-E",
                    "UTF8",
                    "--locale=C.UTF-8",
                ]
            ),
            check=True,
            capture_output=True,
            timeout=120,
        )
        self.start()
        subprocess.run(
            [
                str(PG_BIN / "createdb"),
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-U",
                "postgres",
                "gongkai",
            ],
            check=True,
            timeout=60,
        )

    def _ctl(self, *args: str) -> None:
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 "
            f"-c unix_socket_directories={self.base} -c max_connections=60"
        )
        subprocess.run(
            _as_postgres(
                [
                    str(PG_BIN / "pg_ctl"),
                    "-D",
                    str(self.data),
                    "-w",
                    "-t",
                    "60",
                    "-o",
                    options,
                    "-l",
                    str(self.base / "pg.log"),
                    *args,
                ]
            ),
            check=True,
            capture_output=True,
            timeout=120,
        )

    def start(self) -> None:
        self._ctl("start")

    def restart(self) -> None:
        self._ctl("-m", "fast", "restart")

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._ctl("-m", "immediate", "stop")


@dataclass
class Redis:
    base: Path
    name: str
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        folder = self.base / f"redis-{self.name}"
        folder.mkdir(exist_ok=True)
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(folder),
            ],
            stdout=subprocess.DEVNULL,
        )
        wait_for_port(self.port, 20)

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=20)
            self.process = None


@dataclass
class App:
    """gunicorn with two sync workers and the task worker, on the stack's database and Redis."""

    env: dict[str, str]
    base: Path
    port: int = field(default_factory=free_port)
    server: subprocess.Popen[bytes] | None = None
    worker: subprocess.Popen[bytes] | None = None

    def manage(self, *args: str, timeout: float = 300) -> str:
        done = subprocess.run(
            [PYTHON, "-m", "gongkai_web.manage", *args],
            env=self.env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if done.returncode != 0:
            raise StackError(f"manage.py {' '.join(args)}: {done.stderr[-2000:]}")
        return done.stdout

    def python(self, code: str, *args: str, timeout: float = 300) -> str:
        done = subprocess.run(
            [PYTHON, "-c", code, *args],
            env=self.env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if done.returncode != 0:
            raise StackError(done.stderr[-2000:])
        return done.stdout

    def start_server(self) -> None:
        self.server = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "gongkai_web.wsgi",
                "-w",
                "2",
                "-b",
                f"127.0.0.1:{self.port}",
                "--log-level",
                "warning",
                "--timeout",
                "60",
            ],
            env=self.env,
            cwd=ROOT,
            stderr=open(self.base / "gunicorn.log", "ab"),  # noqa: SIM115
        )
        wait_for_port(self.port)

    def web_workers(self) -> list[int]:
        assert self.server is not None
        pid = self.server.pid
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        return [int(child) for child in children]

    def start_worker(self) -> None:
        self.worker = subprocess.Popen(
            [PYTHON, "-m", "gongkai_web.manage", "run_huey", "--workers", "2"],
            env=self.env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=open(self.base / "huey.log", "ab"),  # noqa: SIM115
        )

    def kill_worker(self) -> None:
        assert self.worker is not None
        self.worker.send_signal(signal.SIGKILL)
        self.worker.wait(timeout=20)
        self.worker = None

    def stop(self) -> None:
        for process in (self.server, self.worker):
            if process is not None and process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(timeout=10)
        self.server = self.worker = None


@dataclass
class Stack:
    base: Path
    postgres: Postgres
    queue: Redis
    cache: Redis
    app: App

    @property
    def media(self) -> Path:
        return Path(self.app.env["MEDIA_ROOT"])

    def stop(self) -> None:
        self.app.stop()
        for redis in (self.queue, self.cache):
            redis.stop()
        self.postgres.stop()
        shutil.rmtree(self.base, ignore_errors=True)


def build(sweep_after: int) -> Stack:
    if not (PG_BIN / "initdb").exists() or shutil.which("redis-server") is None:
        raise StackError(f"needs {PG_BIN}/initdb and redis-server (apt: postgresql, redis)")
    base = Path(tempfile.mkdtemp(prefix="gongkai-faults-"))
    os.chmod(base, 0o755)
    postgres = Postgres(base)
    queue, cache = Redis(base, "queue"), Redis(base, "cache")
    var = base / "var"
    inherited = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("REDIS", "CACHE", "HUEY", "GONGKAI", "DATABASE", "DEBUG"))
    }
    env = {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "gongkai_web.settings",
        "GONGKAI_ENV": "production",
        "DATABASE_URL": postgres.url,
        "CACHE_URL": cache.url,
        "HUEY_REDIS_URL": queue.url,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "GONGKAI_FIELD_KEY": "1:" + secrets.token_hex(16),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0",
        "GONGKAI_APPLY_LIMIT": "1000000",
        "GONGKAI_RECEIPT_SWEEP_AFTER": str(sweep_after),
        "GONGKAI_VAR_DIR": str(var),
        "MEDIA_ROOT": str(var / "media"),
        "STATIC_ROOT": str(var / "static"),
        "LOG_LEVEL": "WARNING",
    }
    stack = Stack(base, postgres, queue, cache, App(env, base))
    try:
        postgres.init()
        queue.start()
        cache.start()
        stack.app.manage("migrate", "--noinput", "-v", "0")
        stack.app.manage("collectstatic", "--noinput", "-v", "0")
        # Applications received from December on are due in the next year, and a receipt names
        # its due date: the stack enters a next year with New Year's Day only, so that receipts
        # can be rendered before the State Council has published that year's schedule.
        year = datetime.date.today().year + 1
        placeholder = base / f"{year}.json"
        placeholder.write_text(
            json.dumps(
                {
                    "year": year,
                    "source": "故障注入测试用的占位安排（非国务院办公厅公布的安排）",
                    "holidays": [{"date": f"{year}-01-01", "name": "元旦"}],
                    "makeup_workdays": [],
                },
                ensure_ascii=False,
            ),
            encoding="utf-8",
        )
        stack.app.manage("enter_calendar_year", "--data", str(placeholder))
    except BaseException:
        stack.stop()
        raise
    return stack
