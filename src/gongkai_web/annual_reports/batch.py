"""The supervisor's batch check of published reports (issue 4's platform part).

An upload (one report file or a zip of them) is kept as a StoredFile and read by a huey task,
file by file, through the core parser; every finding can then be confirmed or dismissed with
a note, and a report whose findings are all decided can be taken as an agency's report for
its year (the previous-year report the rules compare against).

The batch's status follows the table gongkai.workflow.tables.batch_check: the task starts and
finishes it as the system, and any error while checking ends it as 检查失败 with the reason,
shown to the uploader, who may run it again (the RETRY move queues the task anew).
"""

from __future__ import annotations

import json
import logging
import zipfile

from django.db import transaction
from huey.contrib.djhuey import db_task

from gongkai.archives import BATCH as BATCH_ZIP
from gongkai.archives import ArchiveRefused, open_zip, refusal
from gongkai.parse.batch import Item, parse_item
from gongkai.parse.reader import Options, ParseResult, too_large
from gongkai.report import canonical
from gongkai.workflow.lifecycle import Refused
from gongkai.workflow.tables.batch_check import BatchAction, BatchState
from gongkai_web import clock
from gongkai_web.annual_reports import services
from gongkai_web.annual_reports.models import (
    AnnualReport,
    BatchCheck,
    CheckedFile,
    FindingReview,
    Verdict,
)
from gongkai_web.annual_reports.workflow import BATCH
from gongkai_web.audit import services as audit
from gongkai_web.operations.files import read_file, store_file
from gongkai_web.organizations.models import Agency
from gongkai_web.workflow import services as workflow
from gongkai_web.workflow.kinds import Inputs

log = logging.getLogger(__name__)


def items(name: str, data: bytes, options: Options) -> list[Item]:
    if name.lower().endswith(".zip"):
        try:
            archive = open_zip(data, BATCH_ZIP, name)
        except ArchiveRefused as exc:
            raise services.ReportRefused(exc.message) from None
        except zipfile.BadZipFile:
            raise services.ReportRefused(f"“{name}”不是有效的 zip 压缩包。") from None
        if "word/document.xml" not in archive.namelist():
            found = []
            for info in archive.infolist():
                if info.is_dir() or info.filename.rsplit("/", 1)[-1].startswith("."):
                    continue
                if info.file_size > options.max_bytes:
                    refusal = too_large(info.file_size, options.max_bytes)
                    found.append(
                        Item(
                            info.filename,
                            None,
                            ParseResult(info.filename, "unreadable", "", None, (refusal,)),
                        )
                    )
                    continue
                found.append(Item(info.filename, archive.read(info)))
            return found
    return [Item(name, data)]


def start(*, actor: audit.Actor, agency: Agency, name: str, data: bytes) -> BatchCheck:
    if not data:
        raise services.ReportRefused("上传的文件是空的。")
    if name.lower().endswith(".zip"):
        # A zip bomb is refused at upload, from the directory alone, not in the background
        # job; a damaged zip fails there, where the uploader sees why and may retry.
        refused = refusal(data, BATCH_ZIP, name)
        if refused:
            raise services.ReportRefused(refused)
    with transaction.atomic():
        upload = store_file(actor=actor, name=name, data=data, agency=agency)
        batch = BatchCheck.objects.create(
            agency=agency,
            created_by=actor.person(),
            created_at=clock.now(),
            status=BatchState.QUEUED.value,
            upload=upload,
            upload_name=name,
        )
        audit.record(
            actor=actor,
            action="annual_report.batch_upload",
            obj=batch,
            agency=agency,
            changes={"file": name, "size": len(data)},
        )
    transaction.on_commit(lambda: check_batch(batch.pk))
    return batch


@db_task(retries=1, retry_delay=30)
def check_batch(batch_id: int) -> int:
    """Check the upload's files; whatever goes wrong ends the batch as 检查失败 with why."""
    batch = BatchCheck.objects.select_related("upload").get(pk=batch_id)
    try:
        workflow.apply(BATCH, batch, BatchAction.START, actor=audit.SYSTEM)
    except Refused:
        return 0  # finished, failed or queued again meanwhile: not this attempt's work
    try:
        with transaction.atomic():
            count = _check_files(batch)
            workflow.apply(BATCH, batch, BatchAction.FINISH, actor=audit.SYSTEM,
                           inputs=Inputs(data={"files": count}))  # fmt: skip
    except Exception as exc:  # any failure is the uploader's to see
        log.exception("batch check %s failed", batch_id)
        workflow.apply(BATCH, batch, BatchAction.FAIL, actor=audit.SYSTEM,
                       inputs=Inputs(note=failure_reason(exc)))  # fmt: skip
        return 0
    return count


def _check_files(batch: BatchCheck) -> int:
    # A retried attempt starts from a clean slate: what an earlier one wrote goes first.
    CheckedFile.objects.filter(batch=batch).delete()
    options = Options()
    count = 0
    for item in items(batch.upload_name, read_file(batch.upload), options):
        result = parse_item(item, options)
        report = result.report
        CheckedFile.objects.create(
            batch=batch,
            name=item.name[:255],
            format=result.format,
            agency_name=(report.agency if report else "")[:200],
            year=report.year if report else None,
            report=json.loads(canonical.dumps(report)) if report else None,
            findings=[f.as_dict() for f in result.findings],
        )
        count += 1
    return count


def failure_reason(exc: Exception) -> str:
    """Why the check failed, in words the uploader can act on."""
    if isinstance(exc, services.ReportRefused):
        return str(exc)
    return f"读取上传的文件时出错（{type(exc).__name__}），检查未能完成。"


@transaction.atomic
def review(
    *, actor: audit.Actor, checked: CheckedFile, index: int, verdict: str, note: str
) -> FindingReview:
    if not 0 <= index < len(checked.findings):
        raise services.ReportRefused("没有这条问题。")
    if verdict not in Verdict.values:
        raise services.ReportRefused("请选择“确认”或“排除”。")
    if verdict == Verdict.DISMISSED and len(note.strip()) < 2:
        raise services.ReportRefused("排除一条问题时请写明理由。")
    made, _ = FindingReview.objects.update_or_create(
        checked=checked,
        index=index,
        defaults={"verdict": verdict, "note": note.strip(), "by": actor.user, "at": clock.now()},
    )
    audit.record(
        actor=actor,
        action="annual_report.batch_finding",
        obj=checked,
        agency=checked.batch.agency,
        changes={
            "finding": checked.findings[index].get("rule"),
            "verdict": verdict,
            "note": note.strip(),
        },
    )
    return made


def adopt(*, actor: audit.Actor, checked: CheckedFile, agency: Agency) -> AnnualReport:
    """Take the file's figures as ``agency``'s report for the file's year."""
    if checked.report is None or checked.year is None:
        raise services.ReportRefused("这个文件未能读出年度报告，不能采用。")
    decided = set(checked.reviews.values_list("index", flat=True))
    if len(decided) < len(checked.findings):
        raise services.ReportRefused("请先对每条问题作出“确认”或“排除”的结论，再采用其数字。")
    if not agency.path.startswith(checked.batch.agency.path):
        raise services.ReportRefused("只能把报告采用为本级或下级机关的报告。")
    # Through JSON text: the core reads 3.1 万元 exactly from text, not from a float.
    report = canonical.loads(json.dumps(checked.report))
    with transaction.atomic():
        return services.store_imported(
            actor=actor, agency=agency, year=checked.year, report=report, name=checked.name
        )
