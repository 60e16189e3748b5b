"""No page loads anything from another host: the platform runs on government networks that
are often cut off from the internet, and a third-party script, font or image would both break
there and tell an outside server who reads what. Plain hyperlinks (<a href>) to an outside
site are allowed: following one is the reader's choice."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.staticfiles import finders

from gongkai_web.annual_reports.models import AnnualReport, ReportStatus
from gongkai_web.audit.services import Actor
from gongkai_web.operations.files import store_file
from gongkai_web.organizations.models import Agency
from gongkai_web.publishing.models import Attachment, Entry

pytestmark = pytest.mark.django_db

HOST = "testserver"  # the Django test client's host
URL_IN_CSS = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""", re.IGNORECASE)
# Every attribute that makes the browser fetch something, or send a form, by itself.
FETCHING = {"src", "href", "srcset", "action", "formaction", "poster", "data", "background"}


class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.refs: list[tuple[str, str, str]] = []  # (tag, attribute, URL)
        self.stylesheets: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in FETCHING:
                urls = [part.split()[0] for part in value.split(",")] if name == "srcset" else []
                for url in urls or [value]:
                    self.refs.append((tag, name, url.strip()))
            if name == "style":
                self.refs += [(tag, "style", url) for url in _css_urls(value)]
        links = dict(attrs)
        if tag == "link" and "stylesheet" in (links.get("rel") or "").split():
            self.stylesheets.append(links.get("href") or "")
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.refs += [("style", "url()", url) for url in _css_urls(data)]


def _css_urls(css: str) -> list[str]:
    return [a or b for a, b in URL_IN_CSS.findall(css)]


def is_elsewhere(url: str) -> bool:
    if url.startswith("//"):
        url = "http:" + url
    parts = urlsplit(url)
    if parts.scheme in ("", "data", "mailto", "tel", "javascript") and not parts.netloc:
        return False
    return parts.hostname != HOST


def outside_assets(html: str) -> tuple[list[str], list[str]]:
    """What the page would fetch from another host, and the stylesheets it loads."""
    found = _Refs()
    found.feed(html)
    bad = [
        f"<{tag} {attr}={url}>"
        for tag, attr, url in found.refs
        if is_elsewhere(url) and not (tag == "a" and attr == "href")
    ]
    return bad, found.stylesheets


@pytest.fixture
def demo(db):
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)
    agency = Agency.objects.get(name="新华区教育局")
    clerk = User.objects.get(username="jiaoyu_clerk")
    entry = Entry.objects.filter(agency=agency, status="published").order_by("pk").first()
    assert entry is not None
    # A published entry takes no new attachment through the services (only drafts do), so the
    # page's state is set up directly: a stored file linked to the published entry.
    stored = store_file(
        actor=Actor(user=clerk, agency=agency), name="附件.pdf", data=b"%PDF-1.4", agency=agency
    )
    Attachment.objects.create(entry=entry, file=stored)
    report = AnnualReport.objects.filter(status=ReportStatus.PUBLISHED).first()
    assert report is not None
    return {"agency": agency, "clerk": clerk, "entry": entry, "report": report}


def _public_pages(demo: dict) -> list[str]:
    agency, entry = demo["agency"].pk, demo["entry"].pk
    return [
        "/", "/accounts/login/", "/gk/", f"/gk/agency/{agency}/", f"/gk/agency/{agency}/guide/",
        f"/gk/agency/{agency}/?category={demo['entry'].category_id}", f"/gk/entry/{entry}/",
        "/gk/search/?q=招生", "/gk/search/?q=无此内容", "/gk/reports/",
        f"/reports/{demo['report'].pk}/", "/apply/", "/track/",
    ]  # fmt: skip


def _office_pages(demo: dict) -> list[str]:
    agency, entry = demo["agency"].pk, demo["entry"].pk
    return [
        "/publishing/", "/publishing/new/", f"/publishing/{entry}/",
        f"/publishing/registers/?agency={agency}&year=2024", "/publishing/table2/?year=2024",
        f"/publishing/words/?agency={agency}", f"/publishing/reassess/?agency={agency}",
        f"/publishing/guide/?agency={agency}", f"/publishing/settings/?agency={agency}",
        "/cases/", "/reports/",
    ]  # fmt: skip


def test_it_tells_an_outside_asset_from_a_local_one_and_a_plain_link():
    page = (
        '<link rel="stylesheet" href="/static/ui/gongkai.css">'
        '<script src="https://cdn.example.com/htmx.js"></script>'
        '<img srcset="/a.png 1x, //img.example.com/b.png 2x">'
        "<div style=\"background: url('http://fonts.example.com/bg.png')\"></div>"
        "<style>@import 'https://fonts.example.com/css';</style>"
        '<a href="https://www.gov.cn/">中国政府网</a>'
        f'<a href="http://{HOST}/gk/">本站</a><img src="data:image/png;base64,AA==">'
    )
    bad, sheets = outside_assets(page)
    assert bad == [
        "<script src=https://cdn.example.com/htmx.js>",
        "<img srcset=//img.example.com/b.png>",
        "<div style=http://fonts.example.com/bg.png>",
        "<style url()=https://fonts.example.com/css>",
    ]
    assert sheets == ["/static/ui/gongkai.css"]


def test_it_loads_no_script_stylesheet_font_or_image_from_another_host(client, demo):
    pages = [(path, None) for path in _public_pages(demo)]
    pages += [(path, demo["clerk"]) for path in _office_pages(demo)]
    problems: list[str] = []
    stylesheets: set[str] = set()
    for path, user in pages:
        client.logout()
        if user is not None:
            client.force_login(user)
        response = client.get(path)
        assert response.status_code == 200, path
        bad, sheets = outside_assets(response.content.decode())
        problems += [f"{path}: {item}" for item in bad]
        stylesheets.update(sheets)
    assert problems == []

    # The stylesheets themselves pull in nothing from outside either (fonts, @import).
    assert stylesheets
    for href in sorted(stylesheets):
        assert not is_elsewhere(href), href
        assert href.startswith(settings.STATIC_URL), href
        path = finders.find(href.removeprefix(settings.STATIC_URL))
        assert path is not None, href
        with open(path, encoding="utf-8") as css:
            outside = [url for url in _css_urls(css.read()) if is_elsewhere(url)]
        assert outside == [], f"{href}: {outside}"
