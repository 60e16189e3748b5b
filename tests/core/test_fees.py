"""信息处理费 (国办函〔2020〕109号): excess-progressive bands, one method per application."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.fees import (
    Band,
    FeeError,
    FeeMethod,
    FeeSchedule,
    PerApplication,
    PerPage,
    Tail,
    Tiers,
    fee_for,
    per_application,
    per_page,
)


def test_it_charges_35_applications_in_a_month_3000_yuan() -> None:
    fee = per_application(35)
    assert fee.total == 3000
    assert [t.as_dict() for t in fee.tiers] == [
        {"from": 1, "to": 10, "units": 10, "rate": 0, "amount": 0},
        {"from": 11, "to": 30, "units": 20, "rate": 100, "amount": 2000},
        {"from": 31, "to": 35, "units": 5, "rate": 200, "amount": 1000},
    ]


def test_it_charges_250_pages_4700_yuan() -> None:
    fee = per_page(250)
    assert fee.total == 4700
    assert [(t.first, t.last, t.rate, t.amount) for t in fee.tiers] == [
        (1, 30, 0, 0),
        (31, 100, 10, 700),
        (101, 200, 20, 2000),
        (201, 250, 40, 2000),
    ]


@pytest.mark.parametrize(
    ("count", "total"),
    [
        (0, 0),
        (1, 0),
        (10, 0),
        (11, 100),
        (30, 2000),
        (31, 2200),
        (40, 4000),
        (41, 4300),
        (50, 7000),
        (51, 7400),
        (60, 11000),
    ],
)
def test_it_charges_applications_at_the_band_boundaries(count: int, total: int) -> None:
    assert per_application(count).total == total


@pytest.mark.parametrize(
    ("pages", "total"),
    [(0, 0), (30, 0), (31, 10), (100, 700), (101, 720), (200, 2700), (201, 2740)],
)
def test_it_charges_pages_at_the_band_boundaries(pages: int, total: int) -> None:
    assert per_page(pages).total == total


def test_it_charges_one_application_by_its_rank_in_the_month() -> None:
    assert fee_for(PerApplication(10)) == 0
    assert fee_for(PerApplication(11)) == 100
    assert fee_for(PerApplication(31)) == 200
    assert fee_for(PerApplication(41)) == 300
    assert fee_for(PerPage(250)) == 4700
    assert sum(fee_for(PerApplication(n)) for n in range(1, 36)) == 3000


def test_it_labels_the_two_methods_in_chinese() -> None:
    assert FeeMethod.PER_APPLICATION.label == "按件计收"
    assert FeeMethod.PER_PAGE.label == "按量计收"


def test_it_takes_a_local_schedule() -> None:
    local = FeeSchedule(
        per_page=Tiers(bands=(Band(50, 0),), tail=Tail(rate=5)),
        per_application=Tiers(bands=(Band(5, 0),), tail=Tail(rate=50, width=5, step=50)),
    )
    assert per_page(60, local).total == 50
    assert per_application(12, local).total == 5 * 50 + 2 * 100


@pytest.mark.parametrize(
    "build",
    [
        lambda: Tiers(bands=(Band(30, 0), Band(20, 10)), tail=Tail(rate=40)),
        lambda: Tiers(bands=(Band(0, 0),), tail=Tail(rate=40)),
        lambda: Tiers(bands=(Band(30, -1),), tail=Tail(rate=40)),
        lambda: Tiers(bands=(), tail=Tail(rate=40, width=0)),
    ],
)
def test_it_refuses_tiers_that_make_no_sense(build: object) -> None:
    with pytest.raises(FeeError):
        build()  # type: ignore[operator]


def test_it_refuses_negative_and_absurd_quantities_in_chinese() -> None:
    with pytest.raises(FeeError, match="不能为负数"):
        per_page(-1)
    with pytest.raises(FeeError, match="从 1 起计"):
        fee_for(PerApplication(0))
    with pytest.raises(FeeError, match="超出可计算范围"):
        per_application(10_000_000)


@given(st.integers(min_value=0, max_value=2000))
def test_it_never_charges_less_for_more(quantity: int) -> None:
    for compute in (per_application, per_page):
        fee, more = compute(quantity), compute(quantity + 1)
        assert more.total >= fee.total
        assert sum(t.units for t in fee.tiers) == quantity
        assert fee.total == sum(t.amount for t in fee.tiers)


def test_it_lists_each_page_tier_of_a_fee_notice_with_quantity_and_unit() -> None:
    from gongkai.fees import FeeMethod, notice_lines

    assert notice_lines(FeeMethod.PER_PAGE, 120) == [
        "第1—30页，共30页，免费",
        "第31—100页，共70页，每页10元，计700元",
        "第101—120页，共20页，每页20元，计400元",
    ]


def test_it_names_the_band_of_an_application_charged_by_its_rank() -> None:
    from gongkai.fees import FeeMethod, notice_lines

    assert notice_lines(FeeMethod.PER_APPLICATION, 35) == [
        "本申请是您本自然月内向本机关提出的第35件申请，属第31—40件档（每件200元），本件计200元"
    ]
