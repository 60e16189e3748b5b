"""The annual report (Art. 49): compiled → reviewed → signed → published.

Compiling, reviewing and signing are done by three different people. No step is taken while a
rule of the report format fails or a warning is not acknowledged in writing. The reviewer, the
leader or a 政务公开办 above may send it back; the compiler may recall it until it is signed.
"""

from __future__ import annotations

from gongkai.workflow.lifecycle import Gate, Labelled, Lifecycle, Move, MoveKind, Party, Role, Slot
from gongkai.workflow.tables._common import entered, unstick


class ReportState(Labelled):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "待审核"
    REVIEWED = "reviewed", "待签发"
    SIGNED = "signed", "已签发待公开"
    PUBLISHED = "published", "已公开"


class ReportAction(Labelled):
    SUBMIT = "submit", "提交审核"
    REVIEW = "review", "审核通过"
    SIGN = "sign", "签发"
    PUBLISH = "publish", "公开"
    SEND_BACK = "send_back", "退回修改"
    RECALL = "recall", "撤回"
    DESIGNATE = "designate", "指定办理人"
    IMPORT = "import", "导入（系统外已公开）"


COMPILED = Slot("compiled", "编制", "编制人")
REVIEWED = Slot("reviewed", "审核", "审核人")
SIGNED = Slot("signed", "签发", "签发人")

_RULES = (Gate.RULES,)

ANNUAL_REPORT = Lifecycle(
    name="annual_report",
    label="年度报告",
    states=ReportState,
    actions=ReportAction,
    initial=ReportState.DRAFT,
    finals=frozenset({ReportState.PUBLISHED}),
    moves=(
        Move(
            ReportAction.SUBMIT, (ReportState.DRAFT,), ReportState.SUBMITTED,
            frozenset({Role.CLERK}), kind=MoveKind.SIGN, signs=COMPILED, gates=_RULES,
            new_round=True,
        ),
        Move(
            ReportAction.REVIEW, (ReportState.SUBMITTED,), ReportState.REVIEWED,
            frozenset({Role.REVIEWER}), kind=MoveKind.SIGN, signs=REVIEWED, after=(COMPILED,),
            apart=frozenset({COMPILED.key}), gates=_RULES,
        ),
        Move(
            ReportAction.SIGN, (ReportState.REVIEWED,), ReportState.SIGNED,
            frozenset({Role.LEADER}), kind=MoveKind.SIGN, signs=SIGNED,
            after=(COMPILED, REVIEWED), apart=frozenset({COMPILED.key, REVIEWED.key}),
            gates=_RULES,
        ),
        Move(
            ReportAction.PUBLISH, (ReportState.SIGNED,), ReportState.PUBLISHED,
            frozenset({Role.CLERK, Role.LEADER}), gates=_RULES,
        ),
        *unstick(
            (ReportState.SUBMITTED, ReportState.REVIEWED, ReportState.SIGNED), ReportState.DRAFT,
            send_back=ReportAction.SEND_BACK, recall=None, designate=ReportAction.DESIGNATE,
            acknowledge=None,
            returners=frozenset({Role.REVIEWER, Role.LEADER, Party.SUPERVISOR_ABOVE}),
        ),
        # The compiler takes it back while a signature is still awaited.
        Move(
            ReportAction.RECALL, (ReportState.SUBMITTED, ReportState.REVIEWED), ReportState.DRAFT,
            frozenset({Party.AUTHOR}), kind=MoveKind.RECALL,
        ),
        # A report published elsewhere (its file), by the agency's clerk or 政务公开办, or by
        # a 政务公开办 above adopting a file of its batch check.
        entered(
            ReportAction.IMPORT, ReportState.DRAFT, ReportState.PUBLISHED,
            frozenset({Role.CLERK, Role.SUPERVISOR, Party.SUPERVISOR_ABOVE}),
        ),
    ),
)  # fmt: skip
