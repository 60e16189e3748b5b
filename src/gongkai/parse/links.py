"""The report attachment a government page links to (PDF, Word, WPS), found in its HTML.

Many agencies publish the annual report as a page that only says "附件：…年度报告.pdf". The
links are ranked: a file link whose text or address names the report (年度报告, 年报) first,
then any other file link, in the order of the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final
from urllib.parse import unquote, urljoin, urlsplit

from lxml import etree

_FILE: Final = re.compile(r"\.(pdf|docx|doc|wps)$", re.I)
_REPORT_WORDS: Final = ("年度报告", "年报", "工作报告", "annual")


@dataclass(frozen=True, slots=True)
class Link:
    url: str
    text: str
    kind: str  # "pdf", "docx", "doc" or "wps"


def attachment_links(page: str, base_url: str) -> list[Link]:
    """The file links of the page, the likeliest report first."""
    try:
        root = etree.fromstring(page, etree.HTMLParser(remove_comments=True))
    except (etree.ParserError, ValueError):
        return []
    if root is None:
        return []
    base = base_url
    for element in root.iter("base"):
        href = element.get("href")
        if href:
            base = urljoin(base_url, href.strip())
            break
    found: list[tuple[int, int, Link]] = []
    seen: set[str] = set()
    for order, element in enumerate(root.iter("a")):
        href = (element.get("href") or "").strip()
        if not href or href.startswith(("javascript:", "mailto:", "#")):
            continue
        url = urljoin(base, href)
        kind = _kind(url)
        if kind is None or url in seen:
            continue
        seen.add(url)
        text = "".join(element.itertext()).strip()
        named = any(w in text or w in unquote(url) for w in _REPORT_WORDS)
        found.append((0 if named else 1, order, Link(url, text, kind)))
    return [link for _, _, link in sorted(found, key=lambda t: (t[0], t[1]))]


def _kind(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return None
    m = _FILE.search(unquote(parts.path))
    return m.group(1).lower() if m else None
