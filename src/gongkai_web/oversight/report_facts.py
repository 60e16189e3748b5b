"""Section 一（五）监督保障 of the annual report: the year's facts, each with its records.

``oversight_facts`` is the selector the report reads. Where the annual report's provider
registry is installed (``annual_reports.providers``, branch ``reports``), ``register`` adds
these facts to it, so the narrative editor offers them as tokens ``{{oversight.…}}``.
"""

from __future__ import annotations

import datetime as dt
import importlib
import re
from dataclasses import dataclass

from django.urls import reverse

from gongkai_web.organizations.models import Agency
from gongkai_web.oversight import selectors
from gongkai_web.oversight.models import Attendance, GroupRole, ScoreRun


@dataclass(frozen=True, slots=True)
class Ref:
    model: str
    pk: int
    label: str
    url: str


@dataclass(frozen=True, slots=True)
class OversightFact:
    key: str  # the narrative token, e.g. oversight.training_sessions
    label: str
    unit: str
    value: int
    refs: tuple[Ref, ...]
    source_url: str


def _q(url: str, agency: Agency, year: int) -> str:
    return f"{url}?agency={agency.pk}&year={year}"


def oversight_facts(
    agency: Agency, year: int, as_of: dt.datetime | None = None
) -> list[OversightFact]:
    """The facts of 一（五）; with ``as_of``, nothing dated after that day counts."""
    last = dt.date(year, 12, 31)
    # Commendations for a year are announced early in the next; the snapshot's moment decides.
    cutoff = as_of.date() if as_of is not None else dt.date(year + 1, 12, 31)
    if as_of is not None:
        last = min(last, as_of.date())
    group_url = _q(reverse("oversight:group"), agency, year)
    seats = list(selectors.group_on(agency, last))
    changes = [
        s
        for s in selectors.group_changes(agency, year)
        if s.effective_from <= last or (s.effective_to is not None and s.effective_to <= last)
    ]
    rules = list(selectors.rules_in_force(agency, last))
    sessions = [s for s in selectors.sessions(agency, year) if s.held_on <= last]
    external = [s for s in sessions if s.organiser_kind != "internal"]
    attendance = Attendance.objects.filter(session__in=sessions).select_related("session", "user")
    runs = ScoreRun.objects.filter(agency=agency, year=year).order_by("period", "-ran_at", "-pk")
    if as_of is not None:
        runs = runs.filter(ran_at__lte=as_of)
    latest: dict[str, ScoreRun] = {}
    for run in runs:
        latest.setdefault(run.period, run)
    commendations = [c for c in selectors.commendations(agency, year) if c.announced_on <= cutoff]

    def seat_ref(seat: object) -> Ref:
        return Ref(
            "oversight.groupseat",
            seat.pk,  # type: ignore[attr-defined]
            f"{seat.get_role_display()}：{seat.name}（{seat.position}）",  # type: ignore[attr-defined]
            group_url,
        )

    def session_ref(s: object) -> Ref:
        return Ref(
            "oversight.trainingsession",
            s.pk,  # type: ignore[attr-defined]
            f"{s.held_on:%Y-%m-%d} {s.topic}（{s.organiser}）",  # type: ignore[attr-defined]
            reverse("oversight:session", args=[s.pk]),  # type: ignore[attr-defined]
        )

    facts = [
        OversightFact(
            "oversight.group_members",
            "政务公开工作领导小组成员（12月31日）",
            "人",
            len(seats),
            tuple(seat_ref(s) for s in seats),
            group_url,
        ),
        OversightFact(
            "oversight.group_changes",
            "本年领导小组人员调整",
            "人次",
            len(changes),
            tuple(seat_ref(s) for s in changes),
            group_url,
        ),
        OversightFact(
            "oversight.rules",
            "现行政务公开工作制度",
            "项",
            len(rules),
            tuple(
                Ref(
                    "oversight.rule",
                    r.pk,
                    f"《{r.title}》第{r.version}版",
                    reverse("oversight:rule", args=[r.pk]),
                )
                for r in rules
            ),
            _q(reverse("oversight:rules"), agency, year),
        ),
        OversightFact(
            "oversight.training_sessions",
            "本年组织和参加政务公开培训",
            "次",
            len(sessions),
            tuple(session_ref(s) for s in sessions),
            _q(reverse("oversight:training"), agency, year),
        ),
        OversightFact(
            "oversight.training_external",
            "其中参加市、区举办的培训和交流",
            "次",
            len(external),
            tuple(session_ref(s) for s in external),
            _q(reverse("oversight:training"), agency, year),
        ),
        OversightFact(
            "oversight.training_attendances",
            "参训人次",
            "人次",
            len(attendance),
            tuple(
                Ref(
                    "oversight.attendance",
                    a.pk,
                    f"{a.user.get_full_name() or a.user.get_username()}：{a.session.topic}",
                    reverse("oversight:person", args=[a.user_id]) + f"?year={year}",
                )
                for a in attendance
            ),
            _q(reverse("oversight:training"), agency, year),
        ),
        OversightFact(
            "oversight.scoring_runs",
            "开展量化考核（年中、年终）",
            "次",
            len(latest),
            tuple(
                Ref(
                    "oversight.scorerun",
                    r.pk,
                    f"{r.year}年{r.get_period_display()}（{r.line_count}条记分）",
                    reverse("oversight:run", args=[r.pk]),
                )
                for r in latest.values()
            ),
            _q(reverse("oversight:scores"), agency, year),
        ),
        OversightFact(
            "oversight.commendations",
            "通报表彰的个人和集体",
            "个",
            len(commendations),
            tuple(
                Ref(
                    "oversight.commendation",
                    c.pk,
                    f"{c.title}：{c.person_name or c.unit.name}",
                    _q(reverse("oversight:commendations"), agency, year),
                )
                for c in commendations
            ),
            _q(reverse("oversight:commendations"), agency, year),
        ),
    ]
    return facts


def leader_name(agency: Agency, year: int) -> str:
    seat = selectors.group_on(agency, dt.date(year, 12, 31)).filter(role=GroupRole.LEADER).first()
    return seat.name if seat else ""


def draft(agency: Agency, year: int) -> str:
    """A first wording of 一（五） with the facts as tokens, for the narrative editor."""
    parts = [
        "一是强化领导机制。政务公开工作领导小组现有成员{{oversight.group_members}}人，"
        "本年调整{{oversight.group_changes}}人次，各股室按责任分工落实到人。",
        "二是深化培训体系。本年组织和参加政务公开培训{{oversight.training_sessions}}次，"
        "其中参加市、区举办的培训和交流{{oversight.training_external}}次，"
        "参训{{oversight.training_attendances}}人次。",
        "三是细化考核制度。现行政务公开工作制度{{oversight.rules}}项，"
        "开展量化考核{{oversight.scoring_runs}}次，"
        "对表现突出的{{oversight.commendations}}个个人和集体予以通报表彰。",
    ]
    return "".join(parts)


TOKEN = re.compile(r"\{\{\s*([a-z0-9_.]+)\s*\}\}")


def expand(text: str, facts: list[OversightFact]) -> str:
    values = {f.key: str(f.value) for f in facts}
    return TOKEN.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def register() -> None:
    """Join the annual report's fact providers when that registry is installed."""
    try:
        registry = importlib.import_module("gongkai_web.annual_reports.providers.registry")
    except ImportError:
        return  # the report's providers are not on this branch: oversight_facts stands alone

    def provide(agency: Agency, year: int, as_of: dt.datetime) -> list[object]:
        return [
            registry.Fact(
                fact.key,
                fact.label,
                fact.unit,
                registry.Figure(
                    fact.value,
                    tuple(registry.Ref(r.model, r.pk, r.label, r.url) for r in fact.refs),
                ),
                fact.source_url,
            )
            for fact in oversight_facts(agency, year, as_of)
        ]

    registry.register_fact_provider("oversight")(provide)
