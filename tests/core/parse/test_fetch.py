"""``gongkai report fetch``: pages shaped like government sites, served on this machine only
(a local http.server; the tests never reach outside)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from gongkai.cli import main
from gongkai.cli.fetch import Fetcher, FetchError
from gongkai.parse.links import attachment_links
from gongkai.report.canonical import load

from .documents import to_html

ROOT = Path(__file__).resolve().parents[3]
PDF = (ROOT / "tests/fixtures/corpus/reference/hongze-2024.pdf").read_bytes()
SEED = load(ROOT / "src/gongkai/report/examples/xinhua-education-2024.json")

NOTICE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>年报</title></head><body>
<div class="nav"><a href="/">首页</a> <a href="/files/申请表.docx">申请表下载</a></div>
<h1>淮安市洪泽区人民政府2024年政府信息公开工作年度报告</h1>
<p>附件：<a href="files/%E6%B4%AA%E6%B3%BD2024%E5%B9%B4%E5%BA%A6%E6%8A%A5%E5%91%8A.pdf">洪泽区2024年度报告</a></p>
</body></html>"""
REFRESH = '<html><head><meta http-equiv="refresh" content="0; url=/gbk/report.html"></head></html>'


def _routes() -> dict[str, tuple[int, str, bytes]]:
    return {
        "/gbk/report.html": (200, "text/html", to_html(SEED, "gbk").encode("gbk")),
        "/nb/notice.html": (200, "text/html; charset=utf-8", NOTICE.encode()),
        "/nb/files/洪泽2024年度报告.pdf": (200, "application/pdf", PDF),
        "/files/申请表.docx": (200, "application/octet-stream", b"PK\x03\x04 not a report"),
        "/refresh.html": (200, "text/html", REFRESH.encode()),
    }


class _Handler(BaseHTTPRequestHandler):
    routes = _routes()

    def do_GET(self) -> None:
        from urllib.parse import unquote

        path = unquote(self.path)
        if path == "/old":
            self.send_response(301)
            self.send_header("Location", "/nb/notice.html")
            self.end_headers()
            return
        if path == "/slow":
            time.sleep(1.5)
        status, kind, body = self.routes.get(path, (404, "text/plain", b"not found"))
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def site(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def _lines(out: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in out.splitlines() if line.startswith("{")]


def test_it_follows_a_redirect_and_the_pages_report_attachment_and_keeps_its_address(
    site: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        ["report", "fetch", f"{site}/old", "--out", str(tmp_path), "--json", "--delay", "0"]
    )
    [line] = _lines(capsys.readouterr().out)
    assert line["format"] == "2021"
    assert line["report"]["agency"] == "淮安市洪泽区人民政府"  # type: ignore[index]
    assert str(line["file_url"]).endswith(".pdf")  # the report link, not the form
    saved = Path(str(line["saved"]))
    assert saved.read_bytes() == PDF and saved.suffix == ".pdf"
    source = json.loads(saved.with_name(saved.name + ".source.json").read_text("utf-8"))
    assert source["url"] == f"{site}/old"
    assert source["page_url"] == f"{site}/nb/notice.html"
    assert source["fetched_at"][:2] == "20" and len(source["sha256"]) == 64
    assert code in (0, 1)


def test_it_reads_a_gbk_page_holding_the_report_itself(
    site: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["report", "fetch", f"{site}/refresh.html", "--out", str(tmp_path), "--json"])
    [line] = _lines(capsys.readouterr().out)
    report = line["report"]
    assert isinstance(report, dict)
    assert report["agency"] == SEED.agency
    assert report["table3"]["new"] == list(SEED.table3["new"])
    assert str(line["saved"]).endswith(".html")


def test_it_reports_missing_pages_and_timeouts_from_a_list_and_goes_on(
    site: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    listing = tmp_path / "urls.txt"
    listing.write_text(
        f"# 待核查\n{site}/missing\n{site}/slow\nftp://example.org/a.pdf\n{site}/gbk/report.html\n",
        encoding="utf-8",
    )
    args = ["report", "fetch", "--list", str(listing), "--out", str(tmp_path / "o"), "--json"]
    code = main([*args, "--timeout", "0.5", "--delay", "0"])
    lines = _lines(capsys.readouterr().out)
    assert code == 2
    messages = [str(line["findings"][0]["message"]) for line in lines[:3]]  # type: ignore[index]
    assert "HTTP 404" in messages[0]
    assert "超时" in messages[1]
    assert "不是 http 或 https" in messages[2]
    assert lines[3]["format"] == "2021"
    assert (tmp_path / "o" / "findings.csv").exists()


def test_it_waits_between_two_requests_to_the_same_site(site: str) -> None:
    waits: list[float] = []
    fetcher = Fetcher(timeout=5, delay=2.0, sleep=waits.append, clock=lambda: 100.0)
    fetcher.get(f"{site}/gbk/report.html")
    fetcher.get(f"{site}/nb/notice.html")
    assert waits == [2.0]


def test_it_refuses_what_is_over_the_size_limit(site: str) -> None:
    with pytest.raises(FetchError, match="上限"):
        Fetcher(timeout=5, delay=0, max_bytes=1000).get(f"{site}/nb/files/洪泽2024年度报告.pdf")


def test_it_ranks_the_link_that_names_the_report_first() -> None:
    links = attachment_links(NOTICE, "http://gov.example/nb/notice.html")
    assert [link.kind for link in links] == ["pdf", "docx"]
    assert links[0].url.startswith("http://gov.example/nb/files/")
