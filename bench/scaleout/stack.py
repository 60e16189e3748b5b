"""Two application servers (gunicorn, two sync workers each) on one PostgreSQL database and one
Redis database, with nginx spreading requests over both.

The database is a uniquely named one on the system server (127.0.0.1:5432), dropped on stop;
Redis is the system server's database ``SCALEOUT_REDIS_DB`` (default 11), with a cache key
prefix and a HUEY_NAME of the stack's own, whose keys are deleted on stop.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from bench.faults.stack import ROOT, App, StackError, free_port, wait_for_port

PG_HOST = os.environ.get("SCALEOUT_PG", "postgres://postgres@127.0.0.1:5432")
REDIS_HOST = "127.0.0.1:6379"
REDIS_DB = int(os.environ.get("SCALEOUT_REDIS_DB", "11"))


def nginx_binary() -> str | None:
    return (
        os.environ.get("GONGKAI_NGINX")
        or shutil.which("nginx")
        or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    )


def _psql(sql: str) -> None:
    subprocess.run(
        ["psql", f"{PG_HOST}/postgres", "-v", "ON_ERROR_STOP=1", "-qc", sql],
        check=True,
        capture_output=True,
        timeout=120,
    )


@dataclass
class Nginx:
    """The kit's upstream and proxy settings (deploy/nginx/gongkai.conf), over plain HTTP."""

    base: Path
    upstreams: list[int]
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    def start(self, binary: str) -> None:
        folder = self.base / "nginx"
        folder.mkdir()
        temp = "".join(
            f"  {kind}_temp_path {folder}/{kind};\n"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        servers = "".join(f"    server 127.0.0.1:{port} max_fails=0;\n" for port in self.upstreams)
        user = "user root;\n" if os.geteuid() == 0 else ""
        (folder / "nginx.conf").write_text(
            f"{user}pid {folder}/nginx.pid;\nerror_log {folder}/error.log;\n"
            "worker_processes 1;\nevents { worker_connections 512; }\n"
            f"http {{\n  access_log off;\n{temp}"
            f"  upstream gongkai_app {{\n{servers}    keepalive 16;\n  }}\n"
            f"  server {{\n    listen 127.0.0.1:{self.port};\n"
            "    client_max_body_size 60m;\n"
            "    location / {\n      proxy_pass http://gongkai_app;\n"
            "      proxy_http_version 1.1;\n"
            '      proxy_set_header Connection "";\n'
            "      proxy_set_header Host $host;\n"
            "      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n"
            "      proxy_set_header X-Request-ID $request_id;\n"
            "    }\n  }\n}\n"
        )
        self.process = subprocess.Popen(
            [binary, "-p", str(folder), "-c", str(folder / "nginx.conf"), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL,
            stderr=open(folder / "stderr.log", "ab"),  # noqa: SIM115
        )
        wait_for_port(self.port, 20)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)
        self.process = None


@dataclass
class Stack:
    base: Path
    database: str
    prefix: str
    apps: list[App]
    nginx: Nginx | None = None

    @property
    def ports(self) -> list[int]:
        return [app.port for app in self.apps]

    def start_servers(self, count: int) -> None:
        for app in self.apps[:count]:
            app.start_server()

    def stop(self) -> None:
        if self.nginx is not None:
            self.nginx.stop()
        for app in self.apps:
            app.stop()
        try:
            _psql(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
        finally:
            # Only this stack's keys: the Redis database may be shared with other runs.
            # The cache's keys start with the prefix; huey's queue is "huey.redis.<name>",
            # the name without its dash.
            for pattern in (f"{self.prefix}*", f"huey.redis.{self.prefix.replace('-', '')}*"):
                subprocess.run(
                    [
                        "sh",
                        "-c",
                        f"redis-cli -h 127.0.0.1 -n {REDIS_DB} --scan --pattern '{pattern}' "
                        f"| xargs -r redis-cli -h 127.0.0.1 -n {REDIS_DB} del",
                    ],
                    capture_output=True,
                    timeout=60,
                )
            shutil.rmtree(self.base, ignore_errors=True)


def build(*, apply_limit: int, with_nginx: bool = True) -> Stack:
    """Migrate a new database, load the demo organisations; servers are started by the caller."""
    if shutil.which("psql") is None or shutil.which("redis-cli") is None:
        raise StackError("needs psql and redis-cli (apt: postgresql-client, redis-tools)")
    base = Path(tempfile.mkdtemp(prefix="gongkai-scaleout-"))
    os.chmod(base, 0o755)
    token = secrets.token_hex(4)
    database, prefix = f"scaleout_{token}", f"scaleout-{token}"
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
        "DATABASE_URL": f"{PG_HOST}/{database}",
        "CACHE_URL": f"redis://{REDIS_HOST}/{REDIS_DB}",
        "CACHE_KEY_PREFIX": prefix,
        "HUEY_REDIS_URL": f"redis://{REDIS_HOST}/{REDIS_DB}",
        "HUEY_NAME": prefix,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "GONGKAI_FIELD_KEY": "1:" + secrets.token_hex(16),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0",
        # Each test client claims an address of its own, as nginx forwards it.
        "GONGKAI_TRUST_X_FORWARDED_FOR": "1",
        "GONGKAI_APPLY_LIMIT": str(apply_limit),
        "GONGKAI_VAR_DIR": str(var),
        "MEDIA_ROOT": str(var / "media"),
        "STATIC_ROOT": str(var / "static"),
        "LOG_LEVEL": "WARNING",
    }
    apps = [App(env, base / f"app{i}") for i in (1, 2)]
    for app in apps:
        app.base.mkdir()
    stack = Stack(base, database, prefix, apps)
    try:
        _psql(f'CREATE DATABASE "{database}"')
        apps[0].manage("migrate", "--noinput", "-v", "0", timeout=600)
        apps[0].manage("collectstatic", "--noinput", "-v", "0")
        if with_nginx:
            binary = nginx_binary()
            if binary is None:
                raise StackError("nginx is not installed (GONGKAI_NGINX may name its binary)")
            stack.nginx = Nginx(base, stack.ports)
            stack.nginx.start(binary)
    except BaseException:
        stack.stop()
        raise
    return stack


__all__ = ["ROOT", "Stack", "StackError", "build", "nginx_binary"]
