"""Health probes, metrics, structured logs and the pages shown when a dependency is down.

docs/observability.md describes the endpoints, the metrics and the log fields.
"""
