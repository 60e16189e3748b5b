import datetime as dt

import pytest

from gongkai.media.patrol import AccountActivity, ThresholdError, Thresholds, Verdict, patrol, tally

TODAY = dt.date(2024, 6, 30)


def judged(days: int, thresholds: Thresholds | None = None) -> Verdict:
    (result,) = patrol([AccountActivity(1, TODAY - dt.timedelta(days=days))], TODAY, thresholds)
    assert result.days_since == days
    return result.verdict


@pytest.mark.parametrize(
    ("days", "verdict"),
    [
        (0, Verdict.OK),
        (9, Verdict.OK),
        (10, Verdict.WARN),
        (13, Verdict.WARN),
        (14, Verdict.FAIL),
        (89, Verdict.FAIL),
        (90, Verdict.ZOMBIE),
        (400, Verdict.ZOMBIE),
    ],
)
def test_it_judges_each_edge_of_the_default_thresholds(days, verdict):
    assert judged(days) is verdict


def test_it_takes_configured_thresholds():
    local = Thresholds(warn_days=5, fail_days=7, zombie_days=30)
    assert [judged(d, local) for d in (4, 5, 7, 30)] == [
        Verdict.OK,
        Verdict.WARN,
        Verdict.FAIL,
        Verdict.ZOMBIE,
    ]


def test_it_refuses_thresholds_out_of_order():
    with pytest.raises(ThresholdError, match="预警天数 ≤ 不合格天数"):
        Thresholds(warn_days=15, fail_days=14)
    with pytest.raises(ThresholdError):
        Thresholds(warn_days=0)


def test_it_counts_a_silent_account_from_its_opening_and_fails_one_with_no_dates():
    results = patrol(
        [
            AccountActivity(1, None, opened_on=TODAY - dt.timedelta(days=3)),
            AccountActivity(2, None, opened_on=None),
        ],
        TODAY,
    )
    assert [(r.days_since, r.verdict) for r in results] == [(3, Verdict.OK), (None, Verdict.FAIL)]


def test_it_counts_a_post_after_the_patrol_date_as_zero_days():
    (result,) = patrol([AccountActivity(1, TODAY + dt.timedelta(days=2))], TODAY)
    assert (result.days_since, result.verdict) == (0, Verdict.OK)


def test_it_tallies_verdicts_and_marks_fail_and_zombie_as_failing():
    results = patrol(
        [AccountActivity(i, TODAY - dt.timedelta(days=d)) for i, d in enumerate((1, 10, 14, 90))],
        TODAY,
    )
    assert tally(results) == {Verdict.OK: 1, Verdict.WARN: 1, Verdict.FAIL: 1, Verdict.ZOMBIE: 1}
    assert [v for v in Verdict if v.failing] == [Verdict.FAIL, Verdict.ZOMBIE]
