"""One archive holding the database, every stored file and a manifest of their hashes.

Layout of ``gongkai-backup-YYYYmmdd-HHMMSS.tar.gz``::

    manifest.json          sizes and SHA-256 of every other member (gongkai.backup_manifest)
    db/data.xml            dumpdata with natural foreign keys (content types, permissions)
    files/<storage name>   each StoredFile's bytes

Encrypted fields stay encrypted in db/data.xml (EncryptedTextField serialises its
ciphertext), so a restore needs the same GONGKAI_FIELD_KEY. Restore reads and hashes the
whole archive before it touches the database, and loads into an empty database only.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection, transaction

import gongkai
from gongkai import backup_manifest as bm
from gongkai_web.audit.models import AuditEntry, ChainHead
from gongkai_web.operations.files import StoredFileCorrupted, read_file
from gongkai_web.operations.models import StoredFile
from gongkai_web.organizations.models import Agency

# XML rather than JSON: Django's JSON encoder cuts datetimes to milliseconds, which would
# change every timestamp (and break the audit chain's hashes) on the way back.
DB_MEMBER = "db/data.xml"
FILES_PREFIX = "files/"
ARCHIVE_GLOB = "gongkai-backup-*.tar.gz"
# Rows that migrate creates itself or that mean nothing in another installation.
EXCLUDED_MODELS = ("contenttypes", "auth.permission", "sessions", "accounts.loginfailure")
MISSING_META = "missing_files"
log = logging.getLogger(__name__)


class BackupDamaged(Exception):
    def __init__(self, archive: Path, problems: list[str]) -> None:
        self.problems = problems
        listed = "；".join(problems[:10]) + ("……" if len(problems) > 10 else "")
        super().__init__(f"备份 {archive.name} 已损坏，未做任何恢复：{listed}")


class TargetNotEmpty(Exception):
    pass


class FilesMissing(Exception):
    def __init__(self, archive: Path, missing: list[str]) -> None:
        self.missing = missing
        super().__init__(
            f"备份 {archive.name} 已写入，但有 {len(missing)} 个存储文件缺失或已损坏、未能备份："
            + "、".join(missing[:10])
        )


@dataclass(frozen=True)
class RestoreResult:
    objects: int
    files: int
    manifest: bm.Manifest


def write_backup(*, target_dir: Path, now: dt.datetime) -> Path:
    return write_backup_report(target_dir=target_dir, now=now)[0]


def write_backup_report(*, target_dir: Path, now: dt.datetime) -> tuple[Path, list[str]]:
    """The archive, and the stored files that could not be copied into it (missing or
    damaged on disk): one lost file must not stop every backup of everything else. They are
    named in the manifest (``missing_files``) so a restore knows they were already lost."""
    target_dir.mkdir(parents=True, exist_ok=True)
    archive = target_dir / f"gongkai-backup-{now:%Y%m%d-%H%M%S}.tar.gz"
    with tempfile.TemporaryDirectory() as scratch:
        dump = Path(scratch) / "data.xml"
        # One transaction, so the dump is a consistent snapshot while writers keep working.
        outermost = not connection.in_atomic_block
        with transaction.atomic():
            if outermost and connection.vendor == "postgresql":
                # READ COMMITTED would give each table its own moment; this gives one.
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            call_command(
                "dumpdata",
                natural_foreign=True,
                format="xml",
                exclude=list(EXCLUDED_MODELS),
                output=str(dump),
                verbosity=0,
            )
            head = ChainHead.objects.get(pk=1)
            names = list(StoredFile.objects.values_list("storage_name", flat=True))
        members: list[bm.Member] = []
        missing: list[str] = []
        sources: list[tuple[str, Path | str]] = [(DB_MEMBER, dump)]
        sources += [(FILES_PREFIX + name, name) for name in names]
        partial = archive.with_suffix(".partial")
        with tarfile.open(partial, "w:gz") as tar:
            for member_name, source in sources:
                if isinstance(source, Path):
                    data = source.read_bytes()
                else:
                    try:
                        data = _stored_bytes(source)
                    except StoredFileCorrupted as exc:
                        log.error("backup: %s", exc.message)
                        missing.append(source)
                        continue
                size, sha = bm.digest([data])
                members.append(bm.Member(path=member_name, size=size, sha256=sha))
                _add(tar, member_name, data, now)
            manifest = bm.build_manifest(
                members,
                created_at=now.isoformat(),
                meta={
                    "gongkai_version": gongkai.__version__,
                    # The audit chain's head, kept outside the database: verify_audit_chain
                    # can be given it as an anchor against a wholly rewritten log.
                    "audit_head_seq": str(head.seq),
                    "audit_head_hash": head.hash,
                    MISSING_META: json.dumps(missing),
                },
            )
            _add(tar, bm.MANIFEST_NAME, bm.dumps(manifest), now)
        partial.rename(archive)
    return archive, missing


def _stored_bytes(storage_name: str) -> bytes:
    stored = StoredFile.objects.get(storage_name=storage_name)
    return read_file(stored)  # a damaged file is left out and named, never copied as is


def _add(tar: tarfile.TarFile, name: str, data: bytes, now: dt.datetime) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(now.timestamp())
    info.mode = 0o600
    tar.addfile(info, io.BytesIO(data))


def read_archive(archive: Path) -> tuple[bm.Manifest, dict[str, bytes]]:
    """Every member, hashed and checked against the manifest; BackupDamaged on any problem."""
    members: dict[str, bytes] = {}
    manifest_raw: bytes | None = None
    try:
        with tarfile.open(archive, "r:gz") as tar:
            for info in tar:
                if not info.isfile():
                    raise BackupDamaged(archive, [f"备份中含有非普通文件 {info.name}"])
                handle = tar.extractfile(info)
                assert handle is not None
                data = handle.read()
                if info.name == bm.MANIFEST_NAME:
                    manifest_raw = data
                    continue
                try:
                    bm.check_member_path(info.name)
                except bm.ManifestError as exc:
                    raise BackupDamaged(archive, [str(exc)]) from None
                members[info.name] = data
    except (tarfile.TarError, EOFError, OSError, UnicodeDecodeError) as exc:
        raise BackupDamaged(archive, [f"无法读取压缩包：{exc}"]) from None
    if manifest_raw is None:
        raise BackupDamaged(archive, [f"缺少清单 {bm.MANIFEST_NAME}"])
    try:
        manifest = bm.loads(manifest_raw)
    except bm.ManifestError as exc:
        raise BackupDamaged(archive, [str(exc)]) from None
    found = {name: bm.digest([data]) for name, data in members.items()}
    problems = bm.problems(manifest, found)
    if DB_MEMBER not in members:
        problems.append(f"备份中缺少数据库内容 {DB_MEMBER}")
    if problems:
        raise BackupDamaged(archive, problems)
    return manifest, members


def database_is_empty() -> bool:
    return not (User.objects.exists() or Agency.objects.exists() or AuditEntry.objects.exists())


def restore_backup(archive: Path) -> RestoreResult:
    manifest, members = read_archive(archive)
    if not database_is_empty():
        raise TargetNotEmpty(
            "目标数据库已有数据（账号、机关或审计记录），恢复只能在新建的空数据库上进行："
            "请先建立新数据库并执行 migrate，再运行 restore"
        )
    with tempfile.TemporaryDirectory() as scratch:
        dump = Path(scratch) / "data.xml"
        dump.write_bytes(members[DB_MEMBER])
        written: list[str] = []
        try:
            with transaction.atomic():
                call_command("loaddata", str(dump), verbosity=0)
                for name, data in members.items():
                    if not name.startswith(FILES_PREFIX):
                        continue
                    storage_name = name[len(FILES_PREFIX) :]
                    if default_storage.exists(storage_name):
                        default_storage.delete(storage_name)
                    saved = default_storage.save(storage_name, ContentFile(data))
                    written.append(saved)
                    if saved != storage_name:
                        raise BackupDamaged(archive, [f"无法写回文件 {storage_name}"])
                lost = set(json.loads(manifest.meta.get(MISSING_META, "[]")))
                for stored in StoredFile.objects.exclude(storage_name__in=lost):
                    read_file(stored)
        except BaseException:
            for name in written:
                default_storage.delete(name)
            raise
    objects = members[DB_MEMBER].count(b"<object ")
    return RestoreResult(objects=objects, files=len(written), manifest=manifest)


def prune(*, target_dir: Path, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` archives; the names sort by time."""
    archives = sorted(target_dir.glob(ARCHIVE_GLOB))
    doomed = archives[:-keep] if keep > 0 else []
    for path in doomed:
        path.unlink()
    return doomed
