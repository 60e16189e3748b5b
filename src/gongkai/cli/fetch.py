"""``gongkai report fetch URL... [--list FILE]``: download published reports and read them.

A report page is downloaded (redirects followed, GBK pages decoded by the reader); when the
page holds no report table and links to an attachment (PDF, DOCX, DOC, WPS), the attachment
is downloaded instead. The bytes are saved with their address and the time of download, then
read as ``report parse`` reads a file. Requests to one host are spaced by ``--delay``
seconds; each has a ``--timeout``; only http and https addresses are fetched.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.client import HTTPException
from pathlib import Path
from typing import Any, Final
from urllib.error import HTTPError, URLError
from urllib.parse import quote, urljoin, urlsplit
from urllib.request import Request, urlopen

from gongkai.cli.parse import EXIT_ERRORS, EXIT_OK, EXIT_UNREADABLE, _describe
from gongkai.parse import findings as F
from gongkai.parse.batch import FindingsCsv, Summary
from gongkai.parse.decode import decode
from gongkai.parse.links import attachment_links
from gongkai.parse.reader import MB, Options, ParseResult, parse_bytes, sniff

USER_AGENT: Final = "gongkai-report-fetch/1 (government information disclosure report check)"
_UNSAFE: Final = re.compile(r"[^\w.\-]+")
_REFRESH: Final = re.compile(
    r"""<meta[^>]+http-equiv\s*=\s*["']?refresh["']?[^>]*content\s*=\s*["'][^"']*?url\s*=\s*([^"'>\s]+)""",
    re.I,
)
_EXTENSIONS: Final = {
    "pdf": ".pdf",
    "docx": ".docx",
    "doc": ".doc",
    "html": ".html",
    "text": ".txt",
}


class FetchError(Exception):
    """A download that failed; the message is for the clerk, in Chinese."""


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str  # the address after redirects
    content_type: str
    data: bytes


@dataclass(slots=True)
class Fetcher:
    timeout: float = 20.0
    delay: float = 1.0  # seconds between two requests to the same host
    max_bytes: int = 50 * MB
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    _last: dict[str, float] = field(default_factory=dict)

    def get(self, url: str) -> Fetched:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise FetchError(f"地址“{url}”不是 http 或 https 网址，请检查是否复制完整。")
        host = parts.netloc.lower()
        if host in self._last:
            wait = self.delay - (self.clock() - self._last[host])
            if wait > 0:
                self.sleep(wait)
        # Lists copied from a browser hold Chinese file names; HTTP wants them %-encoded.
        url = quote(url, safe=":/?#[]@!$&'()*+,;=%~")
        request = Request(url, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
        try:
            with urlopen(request, timeout=self.timeout) as response:
                data = response.read(self.max_bytes + 1)
                final = response.geturl()
                content_type = response.headers.get("Content-Type", "")
        except HTTPError as exc:
            raise FetchError(f"下载“{url}”失败：服务器返回 HTTP {exc.code}。") from None
        except TimeoutError:
            raise FetchError(
                f"下载“{url}”超时（{self.timeout:g} 秒内没有完成），请稍后再试。"
            ) from None
        except URLError as exc:
            if isinstance(exc.reason, TimeoutError):
                raise FetchError(
                    f"下载“{url}”超时（{self.timeout:g} 秒内没有完成），请稍后再试。"
                ) from None
            raise FetchError(f"无法连接“{url}”（{exc.reason}），请检查网址和网络。") from None
        except (OSError, HTTPException) as exc:  # reset, closed early, a broken response
            raise FetchError(f"下载“{url}”中断（{exc.__class__.__name__}），请稍后再试。") from None
        finally:
            self._last[host] = self.clock()
        if len(data) > self.max_bytes:
            raise FetchError(
                f"“{url}”超过 {self.max_bytes / MB:.0f} MB 的上限，未下载；请确认地址是否正确。"
            )
        return Fetched(final, content_type, data)


@dataclass(frozen=True, slots=True)
class Outcome:
    result: ParseResult
    url: str
    file_url: str | None = None
    saved: str | None = None


def fetch_one(url: str, fetcher: Fetcher, out_dir: Path, number: int, options: Options) -> Outcome:
    try:
        page = fetcher.get(url)
        report, page_url = _report_bytes(page, fetcher, options)
    except FetchError as exc:
        finding = F.error(F.FETCH, str(exc))
        return Outcome(ParseResult(url, "unreadable", "", None, (finding,)), url)
    saved = _save(report, url, page_url, out_dir, number)
    result = parse_bytes(report.data, report.url, options)
    return Outcome(result, url, report.url, str(saved))


def _report_bytes(page: Fetched, fetcher: Fetcher, options: Options) -> tuple[Fetched, str]:
    """The bytes holding the report: the page itself, or the attachment it links to."""
    for _ in range(3):  # a page may send the browser on with <meta http-equiv="refresh">
        if sniff(page.data) != "html":
            return page, page.url
        decoded = decode(page.data, html=True)
        text = decoded.text if decoded else ""
        refresh = _REFRESH.search(text[:4096])
        if refresh and not _has_report(page, options):
            page = fetcher.get(urljoin(page.url, refresh.group(1)))
            continue
        break
    if _has_report(page, options):
        return page, page.url
    links = attachment_links(text, page.url)
    errors: list[str] = []
    for link in links[:3]:
        try:
            return fetcher.get(link.url), page.url
        except FetchError as exc:
            errors.append(str(exc))
    if errors:
        raise FetchError("网页没有报告表格，附件也下载失败：" + "；".join(errors))
    return page, page.url


def _has_report(page: Fetched, options: Options) -> bool:
    return parse_bytes(page.data, page.url, options).format not in ("unknown", "unreadable")


def _save(report: Fetched, url: str, page_url: str, out_dir: Path, number: int) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    name = Path(urlsplit(report.url).path).name or "report"
    stem = _UNSAFE.sub("_", Path(name).stem)[:60] or "report"
    path = out_dir / f"{number:04d}-{stem}{_EXTENSIONS.get(sniff(report.data), '.bin')}"
    path.write_bytes(report.data)
    meta = {
        "url": url,
        "page_url": page_url,
        "file_url": report.url,
        "fetched_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "content_type": report.content_type,
        "bytes": len(report.data),
        "sha256": hashlib.sha256(report.data).hexdigest(),
    }
    path.with_name(path.name + ".source.json").write_text(
        json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return path


def register_fetch(commands: Any) -> None:
    cmd = commands.add_parser(
        "fetch",
        help="下载已发布的年度报告网页或附件并读取",
        description=(
            "下载年度报告网页；网页上没有报告表格而有附件（PDF、Word、WPS）时下载附件。"
            "下载的文件连同网址和下载时间保存在 --out 目录中，再像 report parse 一样读取。"
            "退出码：0 全部读取且无错误，1 有错误，2 有地址无法下载或读取。"
        ),
    )
    cmd.add_argument("urls", nargs="*", metavar="URL")
    cmd.add_argument("--list", metavar="FILE", help="网址清单文件，每行一个（# 开头的行忽略）")
    cmd.add_argument("--out", metavar="DIR", default="fetched", help="保存目录（默认 fetched）")
    cmd.add_argument("--json", action="store_true", help="每个网址输出一行 JSON")
    cmd.add_argument("--timeout", type=float, default=20, help="每次请求的超时秒数（默认 20）")
    cmd.add_argument("--delay", type=float, default=1, help="同一网站两次请求的间隔秒数（默认 1）")
    cmd.add_argument(
        "--max-mb", type=float, default=50, metavar="MB", help="单个文件上限（默认 50）"
    )
    cmd.set_defaults(handler=run_fetch)


def _urls(args: argparse.Namespace) -> Iterator[str]:
    yield from args.urls
    if args.list:
        for line in Path(args.list).read_text(encoding="utf-8-sig").splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                yield line


def run_fetch(args: argparse.Namespace, fetcher: Fetcher | None = None) -> int:
    options = Options(max_bytes=int(args.max_mb * MB))
    fetcher = fetcher or Fetcher(args.timeout, args.delay, options.max_bytes)
    out_dir = Path(args.out)
    try:
        urls: Sequence[str] = list(_urls(args))
    except OSError as exc:
        print(f"无法读取网址清单“{args.list}”：{exc.strerror}。", file=sys.stderr)
        return EXIT_UNREADABLE
    if not urls:
        print("没有给出网址：请在命令后写网址，或用 --list 指定网址清单文件。", file=sys.stderr)
        return EXIT_UNREADABLE
    summary = Summary()
    out_dir.mkdir(parents=True, exist_ok=True)
    with (out_dir / "findings.csv").open("w", encoding="utf-8-sig", newline="") as stream:
        writer = FindingsCsv(stream)
        for number, url in enumerate(urls, start=1):
            outcome = fetch_one(url, fetcher, out_dir, number, options)
            summary.add(outcome.result)
            writer.add(outcome.result)
            if args.json:
                line = {"url": url, "file_url": outcome.file_url, "saved": outcome.saved}
                print(json.dumps({**line, **outcome.result.as_dict()}, ensure_ascii=False))
            else:
                print(_describe(outcome.result))
    print(summary.line(), file=sys.stderr)
    if summary.unreadable:
        return EXIT_UNREADABLE
    return EXIT_ERRORS if summary.with_errors else EXIT_OK
