"""Submissions/s of the public form and requests/s of the portal's home page with one and with
two application servers on one database and Redis, and where the CPU time went.

    python -m bench.scaleout [--seconds 20] [--forms 300] [--threads 8]

The load comes from threads of this process, spread over the servers' ports in turn (and once
through nginx for two servers); on a small machine they share its cores with the servers, so
the figures are ratios between runs on the same machine, not capacities.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import os
import subprocess
import threading
import time
from collections import Counter
from pathlib import Path

from bench.faults.client import Form, draw_forms, post_once
from bench.scaleout.stack import REDIS_DB, Stack, build

TICK = os.sysconf("SC_CLK_TCK")


def _cpu(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICK


def _children(pid: int) -> list[int]:
    return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def _postgres_pids(stack: Stack) -> list[int]:
    out = subprocess.run(
        [
            "psql",
            "postgres://postgres@127.0.0.1:5432/postgres",
            "-Atc",
            f"select pid from pg_stat_activity where datname = '{stack.database}'",
        ],
        capture_output=True,
        text=True,
        timeout=30,
    ).stdout
    return [int(line) for line in out.split()]


def _redis_cpu() -> float:
    out = subprocess.run(
        ["redis-cli", "-h", "127.0.0.1", "-n", str(REDIS_DB), "info", "cpu"],
        capture_output=True,
        text=True,
        timeout=30,
    ).stdout
    values = dict(line.split(":", 1) for line in out.split() if ":" in line)
    return float(values["used_cpu_user"]) + float(values["used_cpu_sys"])


class Sampler:
    """CPU seconds of the gunicorn workers, the database's backends, Redis and this process."""

    def __init__(self, stack: Stack, servers: int) -> None:
        self.workers = [w for app in stack.apps[:servers] for w in _children(app.server.pid)]  # type: ignore[union-attr]
        self.stack = stack

    def start(self) -> None:
        self.began = time.monotonic()
        self.w0 = sum(map(_cpu, self.workers))
        self.r0 = _redis_cpu()
        self.c0 = time.process_time()
        self.p0 = {pid: _cpu(pid) for pid in _postgres_pids(self.stack)}

    def stop(self) -> dict[str, float]:
        wall = time.monotonic() - self.began
        pg_now = {pid: _cpu(pid) for pid in _postgres_pids(self.stack)}
        postgres = sum(v - self.p0.get(pid, 0.0) for pid, v in pg_now.items())
        return {
            "wall": wall,
            "workers": (sum(map(_cpu, self.workers)) - self.w0) / wall,
            "postgres": postgres / wall,
            "redis": (_redis_cpu() - self.r0) / wall,
            "client": (time.process_time() - self.c0) / wall,
        }


def _home(ports: list[int], seconds: float, threads: int) -> tuple[int, Counter[int]]:
    deadline = time.monotonic() + seconds
    statuses: Counter[int] = Counter()
    lock = threading.Lock()
    turn = itertools.count()

    def work() -> None:
        while time.monotonic() < deadline:
            port = ports[next(turn) % len(ports)]
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            try:
                conn.request("GET", "/")
                response = conn.getresponse()
                response.read()
                status = response.status
            except OSError:
                status = 0
            finally:
                conn.close()
            with lock:
                statuses[status] += 1

    pool = [threading.Thread(target=work) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return statuses[200], statuses


def _forms(ports: list[int], agency: str, forms: list[Form], threads: int) -> Counter[int]:
    queue = list(forms)
    statuses: Counter[int] = Counter()
    lock = threading.Lock()
    turn = itertools.count()

    def work() -> None:
        while True:
            with lock:
                if not queue:
                    return
                form = queue.pop()
            status = post_once(ports[next(turn) % len(ports)], agency, form)[0]
            with lock:
                statuses[status] += 1

    pool = [threading.Thread(target=work) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return statuses


def _line(name: str, rate: float, statuses: Counter[int], cpu: dict[str, float]) -> str:
    return (
        f"{name:<34} {rate:7.1f}/s  statuses {dict(statuses)}  CPU cores busy: "
        f"workers {cpu['workers']:.2f}, postgres {cpu['postgres']:.2f}, "
        f"redis {cpu['redis']:.2f}, load generator {cpu['client']:.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--forms", type=int, default=300)
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()
    stack = build(apply_limit=1_000_000)
    try:
        agency, forms = draw_forms(stack.apps[0], args.forms * 3)
        batches = iter([forms[i::3] for i in range(3)])
        print(f"load average before: {os.getloadavg()}")
        for servers in (1, 2):
            if servers == 1:
                stack.start_servers(1)
            else:
                stack.apps[1].start_server()
            ports = stack.ports[:servers]
            targets = [(f"{servers} server(s), direct", ports)]
            if servers == 2 and stack.nginx is not None:
                targets.append(("2 servers, through nginx", [stack.nginx.port]))
            _home(ports, 2, args.threads)  # warm the workers' caches and connections
            for name, target in targets:
                sampler = Sampler(stack, servers)
                sampler.start()
                ok, statuses = _home(target, args.seconds, args.threads)
                cpu = sampler.stop()
                print(_line(f"home page, {name}", ok / cpu["wall"], statuses, cpu), flush=True)
            for name, target in targets:
                batch = next(batches)
                sampler = Sampler(stack, servers)
                sampler.start()
                statuses = _forms(target, agency, batch, args.threads)
                cpu = sampler.stop()
                rate = statuses[302] / cpu["wall"]
                print(_line(f"public form, {name}", rate, statuses, cpu), flush=True)
        print(f"load average after: {os.getloadavg()}")
    finally:
        stack.stop()


if __name__ == "__main__":
    main()
