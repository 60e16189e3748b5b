"""The online application form under load: gunicorn with two workers, submissions per second.

Needs PostgreSQL (DATABASE_URL=postgres://…): the benchmark creates its own database next to
the one named there (suffix ``_bench_apply``), migrates it, starts
``gunicorn -w 2`` on it and posts GONGKAI_BENCH_SUBMISSIONS complete forms from 8 threads.
Each form carries a session whose captcha answer was written beforehand, and an unmasked
CSRF secret in cookie and field (what a browser would have got from the form page), so the
server does all the work of a real submission: captcha, validation, encryption of personal
numbers, the application row, the audit rows, and queueing the receipt letter. Baseline: the
same run's GET of the home page.

The server runs as in production: GONGKAI_ENV=production (DEBUG off, collected static files),
persistent database connections (DATABASE_CONN_MAX_AGE=60), and, when Redis answers on
REDIS_URL (default redis://127.0.0.1:6379), the task queue and the cache on Redis.

Besides wall-clock rates, the run reads the CPU time the gunicorn workers and the PostgreSQL
backends spent (/proc): CPU milliseconds per submission, and the rate two dedicated cores
would sustain at that cost. On a machine shared with other work, that figure is the
dependable one.
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
        **os.environ,
        "DATABASE_URL": bench_url,
        "DJANGO_SETTINGS_MODULE": "gongkai_web.settings",
        "GONGKAI_APPLY_LIMIT": "1000000",
        "GONGKAI_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "GONGKAI_FIELD_KEY": "1:" + secrets.token_hex(16),
        "ALLOWED_HOSTS": "127.0.0.1",
        # Plain HTTP on loopback: the HTTPS switches stay off for the run.
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0",
        "DATABASE_CONN_MAX_AGE": "60",
        "GONGKAI_VAR_DIR": str(var),
        "STATIC_ROOT": str(var / "static"),
        "LOG_LEVEL": "WARNING",
    }
    for key in ("REDIS_URL", "CACHE_URL", "HUEY_REDIS_URL"):
        env.pop(key, None)
    redis_url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379")
    if _redis_answers(redis_url):
        env["REDIS_URL"] = redis_url.rstrip("/").rsplit("/", 1)[0] + "/14"
        env["CACHE_URL"] = redis_url.rstrip("/").rsplit("/", 1)[0] + "/15"
        env["HUEY_NAME"] = f"bench-{secrets.token_hex(4)}"
    try:
        run(env)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


PREPARE = """
import django, secrets, sys
django.setup()
from django.contrib.sessions.backends.db import SessionStore
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


def _redis_answers(url: str) -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(url, socket_timeout=1).ping())
    except Exception:
        return False


def _cpu_ticks(pids: list[int]) -> int:
    """User + system clock ticks of these processes (fields 14 and 15 of /proc/PID/stat)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


def _backends(url: str) -> list[int]:
    import psycopg

    name = urllib.parse.urlsplit(url).path.lstrip("/")
    with psycopg.connect(url, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            [name],
        ).fetchall()
    return [row[0] for row in rows]


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
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
    )
    cpu: dict[str, float] = {}
    try:
        _wait(port)
        _load(port, [None] * 20, agency, get=True)  # every worker connected and warm
        workers = _children(server.pid)
        ticks = os.sysconf("SC_CLK_TCK")

        def measured(sessions_or_gets: list[str | None], get: bool, label: str) -> Result:
            pids = workers + _backends(env["DATABASE_URL"])
            before = _cpu_ticks(pids)
            result = _load(port, sessions_or_gets, agency, get=get)
            pids = workers + _backends(env["DATABASE_URL"])
            cpu[label] = (_cpu_ticks(pids) - before) / ticks
            return result

        home = measured([None] * 500, True, "GET / (baseline)")
        posted = measured(list(sessions), False, "POST /apply/")
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    for label, (seconds, latencies, failures) in (
        ("GET / (baseline)", home),
        ("POST /apply/", posted),
    ):
        ms = sorted(x * 1000 for x in latencies)
        per = cpu[label] / len(latencies) * 1000
        print(
            f"{label:18} {len(latencies) / seconds:7.1f}/s  p50 {statistics.median(ms):6.1f} ms"
            f"  p99 {ms[int(len(ms) * 0.99) - 1]:6.1f} ms  failures {failures}"
            f"  server CPU {per:5.1f} ms/request → {2000 / per:6.1f}/s on 2 dedicated cores"
        )
    queue = "Redis" if "REDIS_URL" in env else "SQLite"
    print(
        f"submissions: {N}, client threads: {THREADS}, gunicorn: 2 sync workers, "
        f"task queue and cache: {queue}, production settings"
    )


Result = tuple[float, list[float], int]


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
