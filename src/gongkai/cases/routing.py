"""Intake routing: an application that is really a 信访, 投诉, 举报 or 12345 matter is handed to
its channel (Art. 39 ¶1), and the 12345 hotline's disclosure requests come the other way.

A hand-off ends the application with the 不予处理 outcome 信访举报投诉类申请 (table 三 row
``noprocess_1``), whatever the channel it goes to: the row is the outcome's, so the case is
counted once, in that row, on the day its 告知书 is signed.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Final

from gongkai.cases.outcomes import Disposition

HANDOFF_DISPOSITION: Final = Disposition.PETITION


class Route(enum.Enum):
    PETITION = "petition"
    HOTLINE = "hotline"
    COMPLAINT = "complaint"
    REPORT = "report"

    @property
    def label(self) -> str:
        return _ROUTES[self][0]

    @property
    def channel(self) -> str:
        """How the letter names the channel the matter goes to."""
        return _ROUTES[self][1]


_ROUTES: Final = {
    Route.PETITION: ("转信访", "信访渠道"),
    Route.HOTLINE: ("转12345", "12345政务服务便民热线"),
    Route.COMPLAINT: ("转投诉处理", "投诉处理渠道"),
    Route.REPORT: ("转举报处理", "举报受理渠道"),
}


class RoutingError(ValueError):
    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class Handoff:
    route: Route
    receiver: str  # the body that takes the matter, e.g. 新华区信访局
    reference: str = ""  # its 转办单号 or the 12345 工单号

    def __post_init__(self) -> None:
        if not self.receiver.strip():
            raise RoutingError(
                f"请填写“接收单位”：{self.route.label}的事项交由哪个单位办理（如“新华区信访局”）"
            )

    def sentence(self) -> str:
        """The letter's sentence saying where the matter went (Art. 39 ¶1: 可以告知通过相应
        渠道提出)."""
        number = f"（编号：{self.reference.strip()}）" if self.reference.strip() else ""
        return (
            f"您反映的事项已通过{self.route.channel}转交{self.receiver.strip()}办理{number}，"
            "请通过该渠道了解办理情况。"
        )
