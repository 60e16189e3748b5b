#!/usr/bin/env bash
# The CI steps, run by .ci/run from the repository root:
#   1. system packages the tests need (only as root with apt, only what is missing);
#   2. make test: the core's tests, the import contract, the Django tests on SQLite; make lint;
#   3. the Django tests again on PostgreSQL (127.0.0.1:5432, user postgres, trust auth);
#   4. the task queue on Redis when REDIS_URL is set (or Redis answers on 127.0.0.1:6379).
set -euo pipefail

# Each heading says how long CI has run, so a slow step shows in the log.
say() { printf '\n== %s (at %ds) ==\n' "$*" "$SECONDS"; }

# --- 1. system packages ---------------------------------------------------------------
# chromium: browser tests; libreoffice-writer-nogui + fonts-noto-cjk: PDF output;
# poppler-utils: turning PDF pages into images in the render tests;
# libreoffice-calc-nogui + fonts-crosextra-carlito: printing every XLSX export in the ledger
# tests (Carlito has Calibri's metrics, so Calc measures column widths as Excel does).
# fonts-arphic-ukai: the 楷体 of the PDF (docs/rendering.md, "Fonts").
packages=(chromium libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils fonts-noto-cjk
    fonts-crosextra-carlito fonts-arphic-ukai)
missing=()
for pkg in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
    if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
        say "installing ${missing[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq --no-install-recommends "${missing[@]}"
    else
        say "WARNING: missing system packages (not root or no apt): ${missing[*]}"
    fi
fi
if [[ -x /usr/bin/chromium ]]; then
    # Chromium is there: a browser test that cannot start is a failure, not a skip.
    export GONGKAI_REQUIRE_BROWSER=1
fi

# --- 2. everything on SQLite ------------------------------------------------------------
say "make test (SQLite)"
env -u DATABASE_URL make test
say "make lint (ruff, ruff format, mypy strict on the core, import contract)"
make lint

# --- 3. the Django tests on PostgreSQL --------------------------------------------------
PG_URL=${CI_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/gongkai_ci}
if ! pg_isready -q -h 127.0.0.1 -p 5432; then
    if command -v pg_ctlcluster >/dev/null; then
        say "starting PostgreSQL"
        pg_ctlcluster 15 main start
        for _ in $(seq 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
    fi
fi
pg_isready -h 127.0.0.1 -p 5432 || { echo "PostgreSQL is not answering on 127.0.0.1:5432" >&2; exit 1; }
# pytest-django creates and drops test_gongkai_ci; the database itself is created once so
# that Django can connect before it makes the test database.
psql "${PG_URL%/*}/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname = '${PG_URL##*/}'" | grep -q 1 ||
    psql "${PG_URL%/*}/postgres" -qc "CREATE DATABASE \"${PG_URL##*/}\" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
say "Django tests on PostgreSQL ($PG_URL)"
DATABASE_URL=$PG_URL make test-web

# --- 4. the task queue and the shared cache on Redis ----------------------------------------
if [[ -z ${REDIS_URL:-} ]] && command -v redis-cli >/dev/null &&
    redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG; then
    REDIS_URL=redis://127.0.0.1:6379/0
fi
if [[ -n ${REDIS_URL:-} ]]; then
    say "task queue and cache on Redis ($REDIS_URL)"
    # The tests skip themselves without REDIS_URL; here they must have run.
    out=$(REDIS_URL=$REDIS_URL .venv/bin/python -m pytest -k redis tests/web/test_task_queue.py \
        src/gongkai_web/operations/tests/test_cache.py)
    echo "$out"
    grep -q "4 passed" <<<"$out" || { echo "the Redis queue and cache tests did not all run" >&2; exit 1; }
else
    say "WARNING: no Redis (set REDIS_URL): the Redis task-queue test did not run"
fi

say "CI passed"
