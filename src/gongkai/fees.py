"""信息处理费 under 国办函〔2020〕109号 (regulation.md §4): excess-progressive, whole yuan.

Two methods, chosen per application and never combined (Art. 3):

* 按件计收 (Art. 4): by the applicant's number of applications in one natural month. 1–10 free,
  11–30 at 100 yuan each, then bands of 10 applications, each band 100 yuan dearer than the last
  (31–40 at 200, 41–50 at 300 …: the [DERIVED] reading in the spec).
* 按量计收 (Art. 5): by pages of one application. ≤30 free, 31–100 at 10, 101–200 at 20,
  201 and above at 40 yuan per page.

"Excess-progressive" means each unit pays the rate of the band it falls in, as income tax does:
35 applications cost 10×0 + 20×100 + 5×200 = 3,000 yuan. The bands are data (`Tiers`), so a
local schedule or a future revision is a configuration change.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from dataclasses import dataclass


class FeeError(ValueError):
    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class Band:
    up_to: int  # the last unit in the band, inclusive
    rate: int  # yuan per unit


@dataclass(frozen=True)
class Tail:
    """What lies beyond the last explicit band: bands of ``width`` units (None: one open band),
    the first at ``rate`` yuan per unit, each further one ``step`` yuan dearer."""

    rate: int
    width: int | None = None
    step: int = 0


@dataclass(frozen=True)
class Tiers:
    bands: tuple[Band, ...]
    tail: Tail

    def __post_init__(self) -> None:
        edges = [band.up_to for band in self.bands]
        if edges != sorted(set(edges)) or (edges and edges[0] < 1):
            raise FeeError("收费档次的上限必须从 1 起严格递增")
        if any(band.rate < 0 for band in self.bands) or self.tail.rate < 0 or self.tail.step < 0:
            raise FeeError("收费标准不能为负数")
        if self.tail.width is not None and self.tail.width < 1:
            raise FeeError("累进档次的宽度至少为 1")


PER_APPLICATION = Tiers(bands=(Band(10, 0), Band(30, 100)), tail=Tail(rate=200, width=10, step=100))
PER_PAGE = Tiers(bands=(Band(30, 0), Band(100, 10), Band(200, 20)), tail=Tail(rate=40))


@dataclass(frozen=True)
class FeeSchedule:
    per_application: Tiers = PER_APPLICATION
    per_page: Tiers = PER_PAGE


class FeeMethod(enum.Enum):
    PER_APPLICATION = "per_application"
    PER_PAGE = "per_page"

    @property
    def label(self) -> str:
        return "按件计收" if self is FeeMethod.PER_APPLICATION else "按量计收"

    @property
    def unit(self) -> str:
        return "件" if self is FeeMethod.PER_APPLICATION else "页"


@dataclass(frozen=True)
class TierCharge:
    first: int  # first unit of the band
    last: int  # last unit charged in the band (the band may go further)
    rate: int

    @property
    def units(self) -> int:
        return self.last - self.first + 1

    @property
    def amount(self) -> int:
        return self.units * self.rate

    def as_dict(self) -> dict[str, int]:
        return {
            "from": self.first,
            "to": self.last,
            "units": self.units,
            "rate": self.rate,
            "amount": self.amount,
        }


@dataclass(frozen=True)
class Fee:
    method: FeeMethod
    quantity: int
    tiers: tuple[TierCharge, ...]

    @property
    def total(self) -> int:
        return sum(t.amount for t in self.tiers)

    def as_dict(self) -> dict[str, object]:
        return {
            "method": self.method.value,
            "quantity": self.quantity,
            "fee": self.total,
            "tiers": [t.as_dict() for t in self.tiers],
        }


# Far beyond any real month or request, and small enough that the band list stays printable.
MAX_QUANTITY = 1_000_000


def charge(tiers: Tiers, method: FeeMethod, quantity: int) -> Fee:
    """What units 1..quantity cost in total, band by band."""
    if quantity < 0:
        raise FeeError(f"{method.label}的数量不能为负数（收到 {quantity}），请输入 0 或正整数")
    if quantity > MAX_QUANTITY:
        raise FeeError(
            f"{method.label}的数量 {quantity} 超出可计算范围（最多 {MAX_QUANTITY:,}），请核对"
        )
    charges: list[TierCharge] = []
    first = 1
    for band in _bands(tiers):
        if first > quantity:
            break
        if band.up_to >= first:
            charges.append(TierCharge(first, min(band.up_to, quantity), band.rate))
            first = band.up_to + 1
    return Fee(method, quantity, tuple(charges))


def _bands(tiers: Tiers) -> Iterator[Band]:
    yield from tiers.bands
    tail = tiers.tail
    up_to = tiers.bands[-1].up_to if tiers.bands else 0
    if tail.width is None:
        yield Band(2**62, tail.rate)  # one band with no end; quantities are far smaller
        return
    rate = tail.rate
    while True:
        up_to += tail.width
        yield Band(up_to, rate)
        rate += tail.step


def per_application(count: int, schedule: FeeSchedule = FeeSchedule()) -> Fee:
    """Total owed for ``count`` applications by one applicant in one natural month."""
    return charge(schedule.per_application, FeeMethod.PER_APPLICATION, count)


def per_page(pages: int, schedule: FeeSchedule = FeeSchedule()) -> Fee:
    """Total owed for one application of ``pages`` pages."""
    return charge(schedule.per_page, FeeMethod.PER_PAGE, pages)


@dataclass(frozen=True)
class PerApplication:
    """Charge this application by its rank among the applicant's applications that month."""

    rank_in_month: int


@dataclass(frozen=True)
class PerPage:
    pages: int


FeeBasis = PerApplication | PerPage  # one or the other: Art. 3 forbids charging both


def fee_for(basis: FeeBasis, schedule: FeeSchedule = FeeSchedule()) -> int:
    """The fee for one application, in yuan, on the basis the agency chose for it."""
    if isinstance(basis, PerPage):
        return per_page(basis.pages, schedule).total
    if basis.rank_in_month < 1:
        raise FeeError(f"本月第几件申请应从 1 起计（收到 {basis.rank_in_month}）")
    before = per_application(basis.rank_in_month - 1, schedule).total
    return per_application(basis.rank_in_month, schedule).total - before


def notice_lines(
    method: FeeMethod, quantity: int, schedule: FeeSchedule = FeeSchedule()
) -> list[str]:
    """The tiers of a 收费通知 in Chinese: each band charged, with its quantity and unit.

    按量计收 charges this application's pages band by band; 按件计收 charges this application at
    the rate of the band its rank in the month falls in (the earlier ones were charged, or not,
    on their own notices)."""
    unit = method.unit
    if method is FeeMethod.PER_PAGE:
        return [
            f"第{t.first}—{t.last}{unit}，共{t.units}{unit}，"
            + ("免费" if t.rate == 0 else f"每{unit}{t.rate}元，计{t.amount}元")
            for t in per_page(quantity, schedule).tiers
        ]
    if quantity < 1:
        raise FeeError(f"本月第几件申请应从 1 起计（收到 {quantity}）")
    first = 1
    for band in _bands(schedule.per_application):
        if quantity <= band.up_to:
            rate = "免费" if band.rate == 0 else f"每{unit}{band.rate}元"
            return [
                f"本申请是您本自然月内向本机关提出的第{quantity}{unit}申请，"
                f"属第{first}—{band.up_to}{unit}档（{rate}），本{unit}计{band.rate}元"
            ]
        first = band.up_to + 1
    raise AssertionError("the bands never end")  # _bands is endless
