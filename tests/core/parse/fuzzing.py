"""Mutated documents for the fuzz run: real reports in every format, damaged at random."""

from __future__ import annotations

import json
import random
from functools import cache
from pathlib import Path

from hypothesis import strategies as st

from gongkai.parse import ParseResult
from gongkai.report import load
from gongkai.report.canonical import to_dict
from gongkai.report.rules import Finding, Severity

ROOT = Path(__file__).resolve().parents[3]


@cache
def seeds() -> tuple[bytes, ...]:
    from .documents import to_docx, to_html

    report = load(ROOT / "src/gongkai/report/examples/xinhua-education-2024.json")
    texts = [p.read_bytes() for p in sorted((ROOT / "tests/fixtures/corpus").glob("*.txt"))]
    texts.append((ROOT / "tests/fixtures/seed/xinhua-education-2024.txt").read_bytes())
    page = to_html(report)
    return (
        *texts,
        texts[-1].decode().encode("gb18030"),
        texts[-1].decode().encode("utf-16"),
        page.encode(),
        page.replace("utf-8", "gbk").encode("gbk"),
        to_docx(report),
        (ROOT / "tests/fixtures/parse/password-protected.pdf").read_bytes(),
    )


_PIECES = [
    b"|",
    b" | ||",
    b"\t",
    b"\n",
    b"\n\n",
    b"0000000",
    b"12000012",
    b"/",
    "——".encode(),
    b"-1",
    b"3.5",
    b"99999999999999999999",
    "第二十条第（一）项".encode(),
    "本年制发件数".encode(),
    "（七）总计".encode(),
    "三、本年度办理结果".encode(),
    "复议后起诉".encode(),
    "規章".encode(),
    b"<table><tr><td rowspan=99999 colspan=-3>",
    b"</td></tr></table>",
    b"<td colspan='9999999999'>",
    b"\xff\xfe",
    b"\x00",
    b"\xef\xbb\xbf",
    b"PK\x03\x04",
    b"%PDF-1.4",
]


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(seeds())))
    for _ in range(draw(st.integers(1, 8))):
        op = draw(st.sampled_from(["flip", "delete", "insert", "duplicate", "truncate", "piece"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if op == "flip" and data:
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif op == "delete":
            del data[at : at + draw(st.integers(1, 200))]
        elif op == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=40))
        elif op == "duplicate":
            data[at:at] = data[at : at + draw(st.integers(1, 500))]
        elif op == "truncate":
            del data[at:]
        else:
            data[at:at] = draw(st.sampled_from(_PIECES))
    return bytes(data)


def mutate(rng: random.Random, data: bytes) -> bytes:
    """The same damage as ``mutated``, drawn from a plain random source (for long campaigns)."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        op = rng.choice(["flip", "delete", "insert", "duplicate", "truncate", "piece"])
        at = rng.randint(0, max(len(out) - 1, 0))
        if op == "flip" and out:
            out[at] ^= 1 << rng.randint(0, 7)
        elif op == "delete":
            del out[at : at + rng.randint(1, 200)]
        elif op == "insert":
            out[at:at] = rng.randbytes(rng.randint(1, 40))
        elif op == "duplicate":
            out[at:at] = out[at : at + rng.randint(1, 500)]
        elif op == "truncate":
            del out[at:]
        else:
            out[at:at] = rng.choice(_PIECES)
    return bytes(out)


def assert_clean(result: ParseResult) -> None:
    """A result is clean when every finding is well formed and the output serialises."""
    for finding in result.findings:
        assert isinstance(finding, Finding)
        assert finding.rule and finding.message and finding.where
        assert isinstance(finding.severity, Severity)
    json.dumps(result.as_dict(), ensure_ascii=False)
    if result.report is not None:
        assert result.format == "2021"
        to_dict(result.report)
