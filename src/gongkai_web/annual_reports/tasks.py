"""Background jobs of the annual reports, found by huey's autodiscovery of ``tasks`` modules."""

from gongkai_web.annual_reports.batch import check_batch

__all__ = ["check_batch"]
