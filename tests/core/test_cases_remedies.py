"""Remedies under the revised 行政复议法 (in force 2024-01-01): the path per outcome, the 复议机关
from the agency tree, and the table 四 warning for a direct suit that had to go to 复议 first."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.cases.counting import ReviewCase, ReviewKind, ReviewResult
from gongkai.cases.outcomes import Disposition
from gongkai.cases.remedies import (
    AgencyNode,
    Remedy,
    RemedyPath,
    Suit,
    default_path,
    direct_suits_after_review_first,
    path_for,
    reconsideration_body,
)

D = dt.date
CITY = AgencyNode("平顶山市人民政府", True)
DISTRICT = AgencyNode("新华区人民政府", True, CITY)
BUREAU = AgencyNode("新华区教育局", False, DISTRICT)
UNIT = AgencyNode("新华区电化教育馆", False, BUREAU)


@pytest.mark.parametrize(
    "disposition",
    [
        Disposition.STATE_SECRET,
        Disposition.LAW_PROHIBITED,
        Disposition.THREE_SECURITY,
        Disposition.THIRD_PARTY,
        Disposition.INTERNAL_AFFAIRS,
        Disposition.PROCESS_INFO,
        Disposition.ENFORCEMENT_FILE,
        Disposition.PARTIAL,
    ],
)
def test_it_sends_a_non_disclosure_to_reconsideration_first(disposition: Disposition) -> None:
    assert default_path(disposition) is RemedyPath.REVIEW_FIRST


@pytest.mark.parametrize(
    "disposition", [Disposition.GRANTED, Disposition.NOT_EXIST, Disposition.NO_CORRECTION]
)
def test_it_lets_the_applicant_choose_for_other_outcomes(disposition: Disposition) -> None:
    assert default_path(disposition) is RemedyPath.EITHER


def test_it_lets_the_deployment_override_an_outcome() -> None:
    assert path_for(Disposition.PARTIAL, {"partial": "either"}) is RemedyPath.EITHER
    assert path_for(Disposition.GRANTED, {"partial": "either"}) is RemedyPath.EITHER


def test_it_makes_a_department_answer_to_its_own_government() -> None:
    assert reconsideration_body(BUREAU) == "新华区人民政府"
    assert reconsideration_body(UNIT) == "新华区人民政府"


def test_it_makes_a_government_answer_to_the_one_above() -> None:
    assert reconsideration_body(DISTRICT) == "平顶山市人民政府"


def test_it_lets_a_root_government_hear_cases_against_itself() -> None:
    assert reconsideration_body(AgencyNode("某省人民政府", True)) == "某省人民政府"


def test_it_names_no_body_when_the_tree_has_no_government() -> None:
    orphan = AgencyNode("某局", False, AgencyNode("某上级局", False))
    assert reconsideration_body(orphan) == ""


def test_it_takes_the_override_of_a_vertically_managed_body() -> None:
    tax = AgencyNode("新华区税务局", False, DISTRICT, override="国家税务总局平顶山市税务局")
    assert reconsideration_body(tax) == "国家税务总局平顶山市税务局"


def test_it_needs_a_court_only_when_the_applicant_may_sue_directly() -> None:
    assert Remedy(RemedyPath.EITHER, "新华区人民政府", "").missing() == ["管辖法院"]
    assert Remedy(RemedyPath.REVIEW_FIRST, "新华区人民政府", "").missing() == []
    assert Remedy(RemedyPath.REVIEW_FIRST, "", "").missing() == ["行政复议机关"]
    assert Remedy(RemedyPath.NONE, "", "").missing() == []


def test_it_words_both_paths() -> None:
    either = Remedy(RemedyPath.EITHER, "新华区人民政府", "新华区人民法院").clause()
    assert either == (
        "如对本答复不服，可以自收到本答复之日起60日内向新华区人民政府申请行政复议，"
        "或者自收到本答复之日起6个月内向新华区人民法院提起行政诉讼。"
    )
    first = Remedy(RemedyPath.REVIEW_FIRST, "新华区人民政府", "").clause()
    assert "第二十三条" in first and "应当先申请行政复议" in first and "15日内" in first
    assert Remedy(RemedyPath.NONE, "", "").clause() == ""


def suit(kind: ReviewKind, decided: dt.date | None, disposition: Disposition | None) -> Suit:
    case = ReviewCase(kind, D(2024, 6, 1), ReviewResult.PENDING, None)
    return Suit(case, "（2024）豫0402行初1号", disposition, decided)


def test_it_warns_of_a_direct_suit_against_a_non_disclosure_after_2024() -> None:
    found = direct_suits_after_review_first(
        [suit(ReviewKind.DIRECT_SUIT, D(2024, 3, 1), Disposition.THIRD_PARTY)], 2024
    )
    assert [f.rule for f in found] == ["T4-REVIEW-FIRST"]
    assert found[0].where == "table4[9]" and "（2024）豫0402行初1号" in found[0].message
    assert "2024年3月1日" in found[0].message


@pytest.mark.parametrize(
    ("kind", "decided", "disposition"),
    [
        (ReviewKind.DIRECT_SUIT, D(2023, 12, 29), Disposition.THIRD_PARTY),  # old law
        (ReviewKind.DIRECT_SUIT, D(2024, 3, 1), Disposition.GRANTED),  # either path
        (ReviewKind.DIRECT_SUIT, None, None),  # the decision is not on record
        (ReviewKind.SUIT_AFTER_RECONSIDERATION, D(2024, 3, 1), Disposition.THIRD_PARTY),
    ],
)
def test_it_does_not_warn_otherwise(
    kind: ReviewKind, decided: dt.date | None, disposition: Disposition | None
) -> None:
    assert direct_suits_after_review_first([suit(kind, decided, disposition)], 2024) == []


def test_it_does_not_warn_of_a_suit_the_year_does_not_count() -> None:
    late = [suit(ReviewKind.DIRECT_SUIT, D(2024, 3, 1), Disposition.THIRD_PARTY)]
    assert direct_suits_after_review_first(late, 2023) == []
