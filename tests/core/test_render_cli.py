"""``gongkai report render FILE.json --to FORMAT -o OUT`` for every format."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from gongkai.cli import main
from gongkai.report.render import renderers
from tests.core.report_samples import SEED_JSON


def test_it_offers_every_format() -> None:
    assert set(renderers()) == {"txt", "json", "html", "docx", "xlsx", "pdf"}


@pytest.mark.parametrize(
    ("fmt", "starts"),
    [
        ("html", b"<!DOCTYPE html>"),
        ("docx", b"PK"),
        ("xlsx", b"PK"),
        ("txt", "\n新华区教育局".encode()),
        ("json", b"{"),
    ],
)
def test_it_writes_the_chosen_format(tmp_path: Path, fmt: str, starts: bytes) -> None:
    out = tmp_path / f"report.{fmt}"
    assert main(["report", "render", str(SEED_JSON), "--to", fmt, "-o", str(out)]) == 0
    data = out.read_bytes()
    assert data.startswith(starts)
    if starts == b"PK":
        assert zipfile.ZipFile(io.BytesIO(data)).testzip() is None


def test_it_exits_2_with_the_reason_when_libreoffice_is_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    out = tmp_path / "report.pdf"
    assert main(["report", "render", str(SEED_JSON), "--to", "pdf", "-o", str(out)]) == 2
    assert "未安装 LibreOffice，无法生成 PDF" in capsys.readouterr().err
    assert not out.exists()
