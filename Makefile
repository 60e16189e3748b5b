# The project's verbs. Every target installs first; `make install` is quick when nothing changed.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8000
export DJANGO_SETTINGS_MODULE ?= gongkai_web.settings

.PHONY: install demo test test-core test-web test-dist test-scaleout test-replica dist lint bench bench-scaleout faults faults-quick clean

install: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "gongkai 需要 Python 3.11 或更高版本 (found %s)" % sys.version.split()[0])'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

demo: install
	$(BIN)/gongkai-web migrate --noinput
	$(BIN)/gongkai-web load_demo
	$(BIN)/gongkai-web demo_banner --address http://$(HOST):$(PORT)/
	$(BIN)/gongkai-web run_demo --addrport $(HOST):$(PORT)

test: install test-core test-web

test-core: install
	@echo "== core tests (no Django settings) =="
	env -u DJANGO_SETTINGS_MODULE $(BIN)/python -m pytest -p no:django tests/core
	@echo "== import contract: the core never imports Django =="
	$(BIN)/lint-imports --no-cache

test-web: install
	@echo "== Django tests (database: $${DATABASE_URL:-sqlite}) =="
	$(BIN)/python -m pytest src/gongkai_web tests/web

# The offline installation kit (deploy/, docs/operations.md): dist/gongkai-*.tar.gz.
dist: install
	bash deploy/build.sh $(BIN)/python

# Builds the kit, installs it into a temporary directory with no package index, serves it.
test-dist: install
	$(BIN)/python -m pytest -m dist tests/dist

# Two gunicorn instances behind nginx on one database (a new one on the system PostgreSQL,
# dropped after) and the system Redis (db 11, own key prefix): bench/scaleout/. GONGKAI_NGINX
# may name an nginx binary unpacked with dpkg -x.
test-scaleout: install
	timeout 900 $(BIN)/python -m pytest -m scaleout tests/dist/test_scaleout.py

# The public form and the home page with one and two servers: docs/benchmarks.md.
bench-scaleout: install
	timeout 1200 $(BIN)/python -m bench.scaleout $(SCALEOUT_ARGS)

# A private PostgreSQL primary and streaming replica under /tmp (tests/web/test_read_replica.py).
test-replica: install
	$(BIN)/python -m pytest -m replica -s tests/web/test_read_replica.py

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

bench: install
	$(BIN)/python -m bench

# Fault injection on a stack of its own (PostgreSQL cluster, Redis servers, gunicorn, the task
# worker, all under /tmp on private ports): bench/faults/. FAULTS_ARGS="--submissions 200 web-kill".
faults: install
	timeout 3600 $(BIN)/python -m bench.faults $(FAULTS_ARGS)

faults-quick: install
	timeout 900 $(BIN)/python -m bench.faults --quick $(FAULTS_ARGS)

clean:
	rm -rf $(VENV) var build dist .pytest_cache .mypy_cache .ruff_cache .hypothesis
