"""The offline kit installs with no package index reachable and serves the portal.

`make test-dist`: builds the kit (deploy/build.sh, as `make dist`) unless GONGKAI_KIT names an
archive, runs its install.sh into a temporary directory with every package index pointed at a
closed port, starts gunicorn with the command line of the kit's gongkai-web.service, and asks
for the portal's pages as nginx would forward them. When nginx is installed (or GONGKAI_NGINX
names its binary) the kit's nginx site is served too, over TLS with a certificate made here.
On PostgreSQL (DATABASE_URL set to one) it installs into a uniquely named database it drops.
"""

from __future__ import annotations

import contextlib
import os
import re
import shlex
import shutil
import socket
import ssl
import subprocess
import sys
import tarfile
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

pytestmark = pytest.mark.dist

REPO = Path(__file__).resolve().parents[2]
BUILD_SECONDS = 600
TEMP_PATHS = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def kit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The kit, unpacked."""
    given = os.environ.get("GONGKAI_KIT")
    if given:
        archive = Path(given)
    else:
        built = subprocess.run(
            ["bash", "deploy/build.sh", sys.executable],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=BUILD_SECONDS,
        )
        assert built.returncode == 0, built.stdout + built.stderr
        archive = REPO / built.stdout.strip().splitlines()[-1]
    target = tmp_path_factory.mktemp("kit")
    with tarfile.open(archive) as tar:
        tar.extractall(target, filter="tar")
    (unpacked,) = target.iterdir()
    return unpacked


@pytest.fixture(scope="module")
def closed_port() -> Iterator[int]:
    """A port held by this process and never listened on: a connection to it is refused."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        yield int(s.getsockname()[1])


@pytest.fixture(scope="module")
def database_url() -> Iterator[str]:
    """'' for SQLite; a new PostgreSQL database when DATABASE_URL names a server."""
    server = os.environ.get("DATABASE_URL", "")
    if not server.startswith("postgres"):
        yield ""
        return
    name = f"dist_kit_{uuid.uuid4().hex[:10]}"
    admin = server.rsplit("/", 1)[0] + "/postgres"
    subprocess.run(["psql", admin, "-qc", f'CREATE DATABASE "{name}"'], check=True)
    try:
        yield server.rsplit("/", 1)[0] + "/" + name
    finally:
        subprocess.run(["psql", admin, "-qc", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'])


@dataclass(frozen=True)
class Installed:
    root: Path
    env_file: Path
    env: dict[str, str]
    install_log: str


def offline_environment(closed_port: int) -> dict[str, str]:
    """This process's environment without any pip setting, every index at a closed port."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "DJANGO_"))}
    env.pop("DATABASE_URL", None)
    env.pop("VIRTUAL_ENV", None)
    dead = f"http://127.0.0.1:{closed_port}/simple"
    env.update(PIP_INDEX_URL=dead, PIP_EXTRA_INDEX_URL=dead, PIP_FIND_LINKS="")
    env.update(http_proxy=dead, https_proxy=dead, HTTP_PROXY=dead, HTTPS_PROXY=dead)
    return env


def read_env_file(path: Path) -> dict[str, str]:
    # As the units get it: the file sourced by a shell with nothing else in the environment.
    out = subprocess.run(
        ["env", "-i", "bash", "-c", 'set -a && . "$0" && env -0', str(path)],
        capture_output=True,
        check=True,
    ).stdout.decode()
    return dict(item.split("=", 1) for item in out.split("\0") if "=" in item)


def self_signed_certificate(directory: Path) -> tuple[Path, Path]:
    cert, key = directory / "gongkai.pem", directory / "gongkai.key"
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2"),
            *("-subj", "/CN=127.0.0.1", "-keyout", str(key), "-out", str(cert)),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


@pytest.fixture(scope="module")
def installed(
    kit: Path, closed_port: int, database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Installed:
    root = tmp_path_factory.mktemp("root")
    work = tmp_path_factory.mktemp("work")
    cert, key = self_signed_certificate(work)
    var = root / "var/lib/gongkai"
    lines = {
        "GONGKAI_ENV": "production",
        "SECRET_KEY": uuid.uuid4().hex + uuid.uuid4().hex,
        "GONGKAI_FIELD_KEY": "1:" + os.urandom(16).hex(),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "CSRF_TRUSTED_ORIGINS": "https://127.0.0.1",
        "SECURE_PROXY_SSL_HEADER": "true",
        "GONGKAI_TRUST_X_FORWARDED_FOR": "true",
        "GONGKAI_VAR_DIR": str(var),
        "STATIC_ROOT": str(var / "static"),
        "MEDIA_ROOT": str(var / "media"),
        "GONGKAI_BACKUP_DIR": str(var / "backups"),
        "GONGKAI_AUDIT_SINK": str(var / "audit-sink"),
        "GONGKAI_MAX_REQUEST_BYTES": str(2 << 20),
        "GUNICORN_BIND": f"127.0.0.1:{free_port()}",
        "GUNICORN_WORKERS": "2",
        "GUNICORN_TIMEOUT": "60",
        "HUEY_WORKERS": "1",
        "NGINX_SERVER_NAME": "127.0.0.1",
        "NGINX_TLS_CERTIFICATE": str(cert),
        "NGINX_TLS_CERTIFICATE_KEY": str(key),
        "NGINX_HTTPS_PORT": str(free_port()),
        "NGINX_HTTP_PORT": str(free_port()),
        "NGINX_LOG_DIR": str(work),
    }
    if database_url:
        lines["DATABASE_URL"] = database_url
    env_file = work / "gongkai.env"
    env_file.write_text("".join(f"{k}='{v}'\n" for k, v in lines.items()), encoding="utf-8")
    python = getattr(sys, "_base_executable", sys.executable)
    done = subprocess.run(
        [
            *("bash", str(kit / "install.sh"), "--prefix", str(root)),
            *("--env", str(env_file), "--python", python),
        ],
        env=offline_environment(closed_port),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    installed_env = root / "etc/gongkai/gongkai.env"
    return Installed(root, installed_env, read_env_file(installed_env), done.stdout + done.stderr)


def unit_command(installed: Installed, unit: str) -> list[str]:
    """A unit's ExecStart, with ${NAME} replaced from the environment file as systemd does."""
    text = (installed.root / "etc/systemd/system" / unit).read_text()
    (line,) = re.findall(r"^ExecStart=(.*)$", text, re.M)
    expanded = re.sub(r"\$\{(\w+)\}", lambda m: installed.env[m.group(1)], line)
    return shlex.split(expanded)


def service_environment(installed: Installed) -> dict[str, str]:
    return {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", **installed.env}


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None  # the redirect itself is the answer under test


def get(url: str, **headers: str) -> tuple[int, dict[str, str], str]:
    """Status, headers and text of a GET, redirects not followed, the test certificate accepted."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    opener = urllib.request.build_opener(NoRedirects, urllib.request.HTTPSHandler(context=context))
    request = urllib.request.Request(url, headers=headers)
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def wait_for(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, log.read_text()
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise AssertionError(f"nothing answered on port {port}:\n{log.read_text()}")


@pytest.fixture(scope="module")
def gunicorn(installed: Installed, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    log = tmp_path_factory.mktemp("gunicorn") / "gunicorn.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            unit_command(installed, "gongkai-web.service"),
            cwd=installed.env["GONGKAI_VAR_DIR"],
            env=service_environment(installed),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        address = installed.env["GUNICORN_BIND"]
        wait_for(int(address.rsplit(":", 1)[1]), process, log)
        yield f"http://{address}"
    finally:
        process.terminate()
        process.wait(timeout=60)


def normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


def test_it_installs_from_the_kits_wheels_alone(installed: Installed, kit: Path) -> None:
    venv = installed.root / "opt/gongkai/venv"
    shown = subprocess.run(
        [str(venv / "bin/python"), "-m", "pip", "list", "--format=freeze", "--no-index"],
        capture_output=True,
        text=True,
        check=True,
        env={"PIP_CONFIG_FILE": "/dev/null", "PATH": "/usr/bin:/bin", "PIP_NO_INDEX": "1"},
    ).stdout
    version = (kit / "VERSION").read_text().strip()
    assert f"gongkai=={version}" in shown
    kit_wheels = {normalized(p.name.split("-")[0]) for p in (kit / "wheels").glob("*.whl")}
    for line in shown.splitlines():
        name = normalized(line.split("==")[0])
        assert name in kit_wheels | {"pip", "setuptools"}, f"{line} did not come from the kit"


def test_it_renders_the_units_and_the_site_from_the_environment_file(
    installed: Installed,
) -> None:
    units = installed.root / "etc/systemd/system"
    for path in units.iterdir():
        assert "@" not in path.read_text().replace("user@", ""), path.name
    worker = unit_command(installed, "gongkai-worker.service")
    assert worker[1:4] == ["run_huey", "--no-periodic", "--workers"]
    site = (installed.root / "etc/nginx/sites-available/gongkai.conf").read_text()
    assert re.search(r"@[A-Z_]+@", site) is None
    assert f"client_max_body_size {2 << 20};" in site
    assert f"alias {installed.env['STATIC_ROOT']}/;" in site
    assert f"server {installed.env['GUNICORN_BIND']} " in site
    assert (installed.root / "etc/nginx/sites-enabled/gongkai.conf").resolve().is_file()


def test_every_periodic_job_has_a_timer(installed: Installed) -> None:
    listed = subprocess.run(
        [str(installed.root / "opt/gongkai/venv/bin/gongkai-web"), "run_job"],
        env=service_environment(installed),
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    units = installed.root / "etc/systemd/system"
    timed = {
        unit_command(installed, timer.with_suffix(".service").name)[-1]
        for timer in units.glob("*.timer")
    }
    assert set(listed) <= timed
    assert "verify_audit_chain" in timed


def test_it_serves_the_portal_and_the_login_page_in_chinese(gunicorn: str) -> None:
    # As nginx forwards a request that came in over TLS.
    headers = {"Host": "127.0.0.1", "X-Forwarded-Proto": "https"}
    status, _, home = get(gunicorn + "/", **headers)
    assert status == 200
    assert "政府信息公开" in home
    status, _, login = get(gunicorn + "/accounts/login/", **headers)
    assert status == 200
    assert "登录" in login
    # Plain HTTP is sent to HTTPS (SECURE_SSL_REDIRECT is on in production).
    status, response_headers, _ = get(gunicorn + "/accounts/login/", Host="127.0.0.1")
    assert status == 301
    assert response_headers["Location"] == "https://127.0.0.1/accounts/login/"


def test_the_backup_timer_writes_an_archive(installed: Installed) -> None:
    done = subprocess.run(
        unit_command(installed, "gongkai-backup.service"),
        env=service_environment(installed),
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert list(Path(installed.env["GONGKAI_BACKUP_DIR"]).glob("gongkai-backup-*.tar.gz"))
    verified = subprocess.run(
        unit_command(installed, "gongkai-audit-verify.service"),
        env=service_environment(installed),
        capture_output=True,
        text=True,
    )
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "审计链完好" in verified.stdout


def nginx_binary() -> str | None:
    return (
        os.environ.get("GONGKAI_NGINX")
        or shutil.which("nginx")
        or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    )


@contextlib.contextmanager
def running_nginx(site: Path, https_port: int, directory: Path) -> Iterator[str]:
    """nginx serving `site` as the only site of a configuration made for this test."""
    binary = nginx_binary()
    if binary is None:
        pytest.skip("nginx is not installed (GONGKAI_NGINX may name its binary)")
    mime = Path(binary).resolve().parents[2] / "etc/nginx/mime.types"
    if not mime.exists():
        mime = Path("/etc/nginx/mime.types")
    temp = "".join(f"  {kind}_temp_path {directory}/{kind};\n" for kind in TEMP_PATHS)
    conf = directory / "nginx.conf"
    # As root, nginx's workers would switch to "nobody", who cannot enter pytest's directories.
    user = "user root;\n" if os.geteuid() == 0 else ""
    conf.write_text(
        f"{user}pid {directory}/nginx.pid;\nerror_log {directory}/error.log;\n"
        "events { worker_connections 64; }\n"
        f"http {{\n  include {mime};\n  access_log off;\n{temp}  include {site};\n}}\n"
    )
    log = directory / "stderr.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [binary, "-p", str(directory), "-c", str(conf), "-g", "daemon off;"],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_for(https_port, process, log)
        yield f"https://127.0.0.1:{https_port}"
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture(scope="module")
def nginx(
    installed: Installed, gunicorn: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    with running_nginx(
        installed.root / "etc/nginx/sites-enabled/gongkai.conf",
        int(installed.env["NGINX_HTTPS_PORT"]),
        tmp_path_factory.mktemp("nginx"),
    ) as address:
        yield address


def test_the_nginx_site_serves_the_portal_over_tls_and_static_files_itself(
    nginx: str, installed: Installed
) -> None:
    status, headers, home = get(nginx + "/")
    assert status == 200
    assert "政府信息公开" in home
    assert re.fullmatch(r"[0-9a-f]{32}", headers["X-Request-ID"])
    stylesheet = re.search(r'href="(/static/[^"]+\.css)"', home)
    assert stylesheet is not None
    status, headers, _ = get(nginx + stylesheet.group(1))
    assert status == 200
    assert headers["Cache-Control"] == "public, max-age=2592000, immutable"
    assert "Server" in headers and headers["Server"] == "nginx"
    plain = f"http://127.0.0.1:{installed.env['NGINX_HTTP_PORT']}/gk/"
    status, headers, _ = get(plain)
    assert status == 301
    assert headers["Location"].startswith("https://127.0.0.1")


def test_the_nginx_site_refuses_a_body_above_the_upload_limit(nginx: str) -> None:
    context = ssl._create_unverified_context()
    request = urllib.request.Request(nginx + "/apply/", data=b"x" * ((2 << 20) + 1), method="POST")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30, context=context)
    assert refused.value.code == 413


def test_the_nginx_site_answers_in_chinese_when_no_application_server_does(
    installed: Installed, closed_port: int, tmp_path: Path
) -> None:
    site = (installed.root / "etc/nginx/sites-available/gongkai.conf").read_text()
    https, http = free_port(), free_port()
    site = site.replace(installed.env["GUNICORN_BIND"], f"127.0.0.1:{closed_port}")
    site = site.replace(f"listen {installed.env['NGINX_HTTPS_PORT']} ", f"listen {https} ")
    site = site.replace(f":{installed.env['NGINX_HTTPS_PORT']} ", f":{https} ")
    site = site.replace(f"listen {installed.env['NGINX_HTTP_PORT']};", f"listen {http};")
    site = site.replace(f":{installed.env['NGINX_HTTP_PORT']};", f":{http};")
    (tmp_path / "down.conf").write_text(site)
    with running_nginx(tmp_path / "down.conf", https, tmp_path) as address:
        status, headers, page = get(address + "/gk/")
    assert status == 502
    assert "服务暂时不可用" in page
    assert headers["Retry-After"] == "30"


def test_running_the_installer_again_upgrades_in_place_after_a_backup(
    installed: Installed, kit: Path, closed_port: int
) -> None:
    backups = Path(installed.env["GONGKAI_BACKUP_DIR"])
    before = set(backups.glob("gongkai-backup-*.tar.gz"))
    python = getattr(sys, "_base_executable", sys.executable)
    done = subprocess.run(
        ["bash", str(kit / "install.sh"), "--prefix", str(installed.root), "--python", python],
        env=offline_environment(closed_port),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "4. 升级前备份（由已安装的版本执行）" in done.stdout
    assert len(set(backups.glob("gongkai-backup-*.tar.gz")) - before) == 1
    assert "No migrations to apply." in done.stdout


def test_a_dry_run_prints_the_steps_and_changes_nothing(
    kit: Path, installed: Installed, tmp_path: Path
) -> None:
    root = tmp_path / "root"
    done = subprocess.run(
        [
            *("bash", str(kit / "install.sh"), "--dry-run"),
            *("--prefix", str(root), "--env", str(installed.env_file)),
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "pip install --quiet --no-index --find-links" in done.stdout
    assert "gongkai-web migrate --noinput" in done.stdout
    assert "（--dry-run：未做任何改动）" in done.stdout
    assert not root.exists()


def test_the_first_run_writes_the_environment_file_with_new_keys_and_stops(
    kit: Path, tmp_path: Path
) -> None:
    root = tmp_path / "root"
    first = subprocess.run(
        ["bash", str(kit / "install.sh"), "--prefix", str(root)], capture_output=True, text=True
    )
    assert first.returncode == 0, first.stdout + first.stderr
    assert "请按本单位情况修改其中的 ALLOWED_HOSTS" in first.stdout
    written = read_env_file(root / "etc/gongkai/gongkai.env")
    assert re.fullmatch(r"[A-Za-z0-9]{64}", written["SECRET_KEY"])
    assert re.fullmatch(r"1:[0-9a-f]{32}", written["GONGKAI_FIELD_KEY"])
    assert written["GONGKAI_VAR_DIR"] == str(root / "var/lib/gongkai")
    assert not (root / "opt/gongkai/venv").exists()
    again = subprocess.run(
        ["bash", str(kit / "install.sh"), "--prefix", str(root)], capture_output=True, text=True
    )
    assert again.returncode == 2
    assert "仍有示例值（example.gov.cn 或 CHANGE-ME）" in again.stderr


def test_systemd_accepts_every_installed_unit(installed: Installed) -> None:
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed")
    units = sorted(str(p) for p in (installed.root / "etc/systemd/system").glob("gongkai-*"))
    checked = subprocess.run(
        [analyze, "verify", "--man=no", *units], capture_output=True, text=True, timeout=120
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stderr == ""
