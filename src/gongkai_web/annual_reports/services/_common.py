"""Shared by the annual-report services: the refusal and the permission and lock helpers."""

from __future__ import annotations

from gongkai_web.annual_reports.models import (
    AnnualReport,
    ReportStatus,
)
from gongkai_web.audit import services as audit
from gongkai_web.organizations.models import Agency, Role
from gongkai_web.organizations.permissions import grants


class ReportRefused(ValueError):
    """A change the workflow or the checks do not allow; the message says why, in Chinese."""


StatusChangeRefused = ReportRefused


# --- permissions -------------------------------------------------------------------------------


def _require(actor: audit.Actor, agency: Agency | None, *roles: str, what: str) -> None:
    if agency is None or not any(
        g.role in roles and g.agency_id == agency.pk for g in grants(actor.user)
    ):
        names = "、".join(Role(r).label for r in roles)
        raise ReportRefused(f"只有本机关的{names}可以{what}。")


def _supervises(actor: audit.Actor, agency: Agency | None) -> bool:
    return agency is not None and any(
        g.role == Role.SUPERVISOR
        and agency.path.startswith(g.agency.path)
        and g.agency_id != agency.pk
        for g in grants(actor.user)
    )


def _locked(stored: AnnualReport) -> AnnualReport:
    # of=("self",): the agency join is an outer one, which PostgreSQL refuses to lock.
    reports = AnnualReport.objects.select_for_update(of=("self",))
    return reports.select_related("agency").get(pk=stored.pk)


def _editable(stored: AnnualReport) -> None:
    if stored.status != ReportStatus.DRAFT:
        raise ReportRefused(
            f"报告当前为“{ReportStatus(stored.status).label}”，只有草稿可以修改；"
            "如需修改，请编制人在签发前撤回，或由审核人、分管领导退回。"
        )
