"""Benchmarks: ``make bench`` runs every ``bench_*.py`` module's ``main()``.

Each prints its figures and a ratio against a baseline measured in the same process, so the
numbers mean something on any machine.
"""
