"""Benchmarks run by ``make bench`` (``python -m bench``); each ``bench_*.py`` has ``main()``."""
