"""The online application form under load: gunicorn with two workers, submissions per second.

Needs PostgreSQL (DATABASE_URL=postgres://…): the benchmark creates its own database next to
the one named there (suffix ``_bench_apply``), migrates it, starts ``gunicorn -w 2`` on it
with production settings (GONGKAI_ENV=production: DEBUG off, persistent database connections,
its own secret and field keys; Redis for the cache and the task queue when REDIS_URL is set
or Redis answers on 127.0.0.1:6379; plain HTTP, so the HTTPS redirect and secure cookies are
off) and posts GONGKAI_BENCH_SUBMISSIONS complete forms from 8 threads. Worker threads:
GONGKAI_BENCH_THREADS (1 = gunicorn's sync workers, the default; more = gthread).
Each form carries a session whose captcha answer was written beforehand, and an unmasked
CSRF secret in cookie and field (what a browser would have got from the form page), so the
server does all the work of a real submission: captcha, validation, encryption of personal
numbers, the application row, the receipt letter rendered as DOCX and stored with its hash,
and the audit rows. Baseline: the same run's GET of the static home page.
"""

from __future__ import annotations

import http.client
import os
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

N = int(os.environ.get("GONGKAI_BENCH_SUBMISSIONS", 1000))
THREADS = 8
WORKER_THREADS = int(os.environ.get("GONGKAI_BENCH_THREADS", 1))
ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        print("skipped: set DATABASE_URL=postgres://… (the target is gunicorn on PostgreSQL)")
        return
    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/") + "_bench_apply"
    bench_url = urllib.parse.urlunsplit(parts._replace(path="/" + name))
    import psycopg

    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8'")
    var = Path(os.environ.get("TMPDIR", "/tmp")) / f"{name}-var"
    env = {
        **{k: v for k, v in os.environ.items() if k != "DEBUG"},
        "DATABASE_URL": bench_url,
        "DJANGO_SETTINGS_MODULE": "gongkai_web.settings",
        "GONGKAI_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "GONGKAI_FIELD_KEY": "1:" + secrets.token_hex(16),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0",
        "GONGKAI_APPLY_LIMIT": "1000000",
        "GONGKAI_VAR_DIR": str(var),
        "STATIC_ROOT": str(var / "static"),
        "LOG_LEVEL": "WARNING",
    }
    own_redis = "" if os.environ.get("REDIS_URL") else _local_redis()
    if os.environ.get("REDIS_URL") or own_redis:
        env["REDIS_URL"] = os.environ.get("REDIS_URL") or own_redis
    try:
        run(env)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if own_redis:
            import redis

            redis.Redis.from_url(own_redis).flushdb()


PREPARE = """
import django, secrets, sys
django.setup()
from importlib import import_module
from django.conf import settings
SessionStore = import_module(settings.SESSION_ENGINE).SessionStore
from gongkai_web.cases import captcha
from gongkai_web.organizations import demo
from gongkai_web.organizations.models import Agency
demo.load()
print(Agency.objects.get(name="新华区财政局").pk)
for _ in range(int(sys.argv[1])):
    s = SessionStore()
    s[captcha.SESSION_KEY] = "ABCDE"
    s.create()
    print(s.session_key)
"""


def _local_redis() -> str:
    """A Redis database of the benchmark's own on 127.0.0.1, emptied afterwards: only one that
    is empty to begin with, so nothing of anyone else's is flushed."""
    import redis

    url = "redis://127.0.0.1:6379/7"
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=0.5)
        if client.dbsize() == 0:
            return url
        print("Redis database 7 on 127.0.0.1 is in use: set REDIS_URL to an empty one")
    except redis.RedisError:
        pass
    return ""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def run(env: dict[str, str]) -> None:
    python = sys.executable
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
        subprocess.run(
            [python, "-m", "gongkai_web.manage", *command, "-v", "0"],
            env=env,
            check=True,
            cwd=ROOT,
        )
    prepared = subprocess.run(
        [python, "-c", PREPARE, str(N)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    ).stdout.split()
    agency, sessions = prepared[0], prepared[1:]
    port = free_port()
    server = subprocess.Popen(
        [
            str(Path(python).parent / "gunicorn"),
            "gongkai_web.wsgi",
            "-w",
            "2",
            "--threads",
            str(WORKER_THREADS),
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
    )
    # The task worker renders each application's receipt after its commit; it runs beside the
    # web workers, on the same cores, as in a deployment.
    consumer = subprocess.Popen(
        [python, "-m", "gongkai_web.manage", "run_huey", "--workers", "1"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    try:
        _wait(port)
        _load(port, [None] * 20, agency, get=True)  # warm up: imports, templates, connections
        home = _load(port, [None] * 200, agency, get=True)
        posted = _load(port, sessions, agency, get=False)
        stored, receipts, waited = _check(env["DATABASE_URL"])
    finally:
        for process in (server, consumer):
            process.terminate()
            process.wait(timeout=30)
    for label, (seconds, latencies, failures) in (
        ("GET / (baseline)", home),
        ("POST /apply/", posted),
    ):
        ms = sorted(x * 1000 for x in latencies)
        print(
            f"{label:18} {len(latencies) / seconds:7.1f}/s  p50 {statistics.median(ms):6.1f} ms"
            f"  p99 {ms[int(len(ms) * 0.99) - 1]:6.1f} ms  failures {failures}"
        )
    print(
        f"applications stored: {stored} of {N}; receipts rendered by the task worker: "
        f"{receipts} ({waited:.1f} s after the last submission)"
    )
    if stored != N:
        raise SystemExit("some submissions were not stored")
    kind = "sync" if WORKER_THREADS == 1 else f"gthread × {WORKER_THREADS} threads"
    print(
        f"submissions: {N}, client threads: {THREADS}, gunicorn workers: 2 ({kind}), "
        f"cache and queue: {'Redis' if env.get('REDIS_URL') else 'database / SQLite'}, "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )


def _check(url: str) -> tuple[int, int, float]:
    """Applications stored, and receipts rendered once the task worker has caught up."""
    import psycopg

    began = time.perf_counter()
    with psycopg.connect(url, autocommit=True) as conn:
        stored = conn.execute("SELECT count(*) FROM cases_application").fetchone()[0]
        receipts = 0
        while time.perf_counter() - began < 120:
            receipts = conn.execute(
                "SELECT count(*) FROM cases_letter WHERE kind = 'receipt'"
            ).fetchone()[0]
            if receipts >= stored:
                break
            time.sleep(0.5)
    return stored, receipts, time.perf_counter() - began


def _wait(port: int) -> None:
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("gunicorn did not start")


def _body(agency: str, token: str, i: int) -> str:
    return urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": token,
            "agency": agency,
            "applicant_column": "natural_person",
            "name": f"压测{i}",
            "id_type": "resident_id",
            "id_number": "11010519491231002X",
            "phone": "13800138000",
            "description": "2024年区级部门预算公开情况",
            "provision_form": "paper",
            "delivery": "collect",
            "captcha": "ABCDE",
        }
    )


def _load(
    port: int, sessions: list[str | None], agency: str, get: bool
) -> tuple[float, list[float], int]:
    latencies: list[float] = []
    failures = 0
    lock = threading.Lock()
    queue = list(enumerate(sessions))

    def worker() -> None:
        nonlocal failures
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while True:
            with lock:
                if not queue:
                    break
                i, session = queue.pop()
            token = secrets.token_hex(16)  # 32 characters: an unmasked CSRF secret
            start = time.perf_counter()
            if get:
                conn.request("GET", "/")
            else:
                conn.request(
                    "POST",
                    "/apply/",
                    body=_body(agency, token, i),
                    headers={
                        "Content-Type": "application/x-www-form-urlencoded",
                        "Cookie": f"sessionid={session}; csrftoken={token}",
                    },
                )
            response = conn.getresponse()
            response.read()
            elapsed = time.perf_counter() - start
            ok = response.status == (200 if get else 302)
            with lock:
                latencies.append(elapsed)
                failures += 0 if ok else 1
        conn.close()

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - began, latencies, failures
