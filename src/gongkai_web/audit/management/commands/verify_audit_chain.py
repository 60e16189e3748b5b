from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai_web.audit import sink
from gongkai_web.audit.selectors import sink_anchor_count, verify_chain
from gongkai_web.audit.sink import SinkConflict


def parse_anchor(text: str) -> tuple[int, str]:
    seq, sep, digest = text.partition(":")
    if not sep or not seq.isdigit() or len(digest) != 64:
        raise CommandError(f"锚点“{text}”格式应为 序号:64 位十六进制哈希")
    return int(seq), digest.lower()


class Command(BaseCommand):
    help = (
        "逐条核验审计日志的 SM3 哈希链：完好时退出码 0，"
        "否则指出第一条被改动、插入或缺失的记录并以 1 退出。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--anchor",
            action="append",
            default=[],
            metavar="SEQ:HASH",
            help="库外留存的某条记录的哈希（可多次给出），用于发现整体改写",
        )
        parser.add_argument(
            "--backup",
            action="append",
            default=[],
            metavar="ARCHIVE",
            help="以备份清单中记录的链头作为锚点（可多次给出）",
        )
        parser.add_argument(
            "--sink",
            action="append",
            default=[],
            metavar="PATH",
            help="另一台机器上的审计锚点留存文件或目录（可多次给出）；"
            "本机配置的 GONGKAI_AUDIT_SINK 总会读取",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        anchors = dict(parse_anchor(text) for text in options["anchor"])
        for archive in options["backup"]:
            anchors.update([self._head_of(Path(archive))])
        sinks = [Path(path) for path in options["sink"]]
        for path in sinks:
            if not path.exists():
                raise CommandError(f"锚点留存文件 {path} 不存在")
        try:
            report = verify_chain(anchors=anchors, sinks=sinks)
            kept = sink_anchor_count(sinks)
        except SinkConflict as exc:
            raise CommandError(str(exc)) from None
        if report.first_break is not None:
            found = report.first_break
            raise CommandError(
                f"审计链已被破坏：{found.message}（类型 {found.kind.value}，"
                f"此前 {report.checked} 条完好）"
            )
        checked = f"，并与 {len(anchors)} 个库外锚点一致" if anchors else ""
        if kept:
            checked += f"，与留存文件中的 {kept} 个锚点一致"
        elif sink.directory() is None and not sinks:
            checked += "（未配置库外留存 GONGKAI_AUDIT_SINK，无法发现被截断的链尾）"
        self.stdout.write(
            f"审计链完好：共 {report.checked} 条记录{checked}，"
            f"链头 #{report.head_seq} {report.head_hash}"
        )

    @staticmethod
    def _head_of(archive: Path) -> tuple[int, str]:
        from gongkai_web.operations.backup import BackupDamaged, read_archive

        try:
            manifest, _ = read_archive(archive)
        except BackupDamaged as exc:
            raise CommandError(str(exc)) from None
        return int(manifest.meta["audit_head_seq"]), manifest.meta["audit_head_hash"]
