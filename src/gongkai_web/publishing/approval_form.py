"""The 信息发布审核表 (regulation.md §7) of one entry as DOCX, from its event rows.

The same builder (gongkai.workflow.sheet) prints the new-media 审核表."""

from __future__ import annotations

from gongkai.workflow.sheet import Sheet, cn_date, sheet_docx
from gongkai_web.publishing.models import Entry
from gongkai_web.publishing.workflow import ENTRY
from gongkai_web.workflow.selectors import sheet_steps

TITLE = "信息发布审核表"


def sheet(entry: Entry) -> Sheet:
    hits = len(ENTRY.flagged(entry))
    personal = len(ENTRY.personal(entry))
    steps, acknowledged = sheet_steps(ENTRY, entry)
    return Sheet(
        title=TITLE,
        agency=entry.agency.name,
        fields=(
            ("信息名称", entry.title),
            ("索引号", entry.index_number or "（终审通过后生成）"),
            ("目录分类", entry.category.name),
            ("发布机构", entry.publisher),
            ("文号", entry.doc_number or "无"),
            ("成文日期", cn_date(entry.written_on) if entry.written_on else ""),
            ("公开方式", entry.get_disclosure_display()),
            ("拟稿人", entry.created_by.get_full_name() or entry.created_by.get_username()),
            ("错敏词检查", f"发现 {hits} 处，处理情况见下" if hits else "未发现错敏词"),
            ("个人信息检查", f"发现 {personal} 处，处理情况见下" if personal else "未发现个人信息"),
        ),
        steps=steps,
        acknowledged=acknowledged,
        footer=(
            ("发布日期", cn_date(entry.published_on) if entry.published_on else "（尚未发布）"),
        ),
        made_on=entry.published_on or entry.created_at.date(),
    )


def build(entry: Entry) -> bytes:
    return sheet_docx(sheet(entry))
