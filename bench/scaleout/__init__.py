"""Two gunicorn instances behind nginx, sharing the system PostgreSQL and Redis: the stack of
tests/dist/test_scaleout.py (`make test-scaleout`) and of its measurement (`python -m
bench.scaleout`)."""
