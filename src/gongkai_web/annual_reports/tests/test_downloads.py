import json
from dataclasses import replace
from urllib.parse import quote

import pytest
from django.urls import reverse

from gongkai.report import canonical
from gongkai_web.annual_reports import documents, services
from gongkai_web.annual_reports.tests.conftest import BUREAU, PUBLISHED_ON

pytestmark = pytest.mark.django_db

# What each format's bytes begin with: a ZIP for the Office formats.
MAGIC = {"docx": b"PK", "xlsx": b"PK", "pdf": b"%PDF", "json": b"{", "html": b"<"}


def download(client, stored, fmt):
    return client.get(reverse("annual_reports:download", args=[stored.pk, fmt]))


def body(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.mark.parametrize("fmt", [f.name for f in documents.FORMATS])
def test_it_serves_each_available_format_with_its_content_type(client, stored_seed, fmt):
    spec = documents.BY_NAME[fmt]
    response = download(client, stored_seed, fmt)

    if fmt not in documents.available():
        assert response.status_code == 404
        return
    assert response.status_code == 200
    assert response["Content-Type"] == spec.content_type
    assert response["Content-Disposition"].startswith("attachment;")
    filename = f"新华区教育局2024年政府信息公开工作年度报告{spec.suffix}"
    assert quote(filename) in response["Content-Disposition"]
    data = body(response)
    assert data.startswith(MAGIC.get(fmt, b"")), data[:20]


def test_it_serves_the_canonical_json_as_published(cast, client, stored_seed, seed_report):
    data = body(download(client, stored_seed, "json"))

    # The seed's figures and text, with what publication adds: its date and the contact.
    published = replace(seed_report, published_on=PUBLISHED_ON,
                        contact=services.contact(cast.agency(BUREAU)))  # fmt: skip
    assert canonical.loads(data) == published
    assert json.loads(data)["table2"]["fees"] == 3.1


def test_it_links_every_available_format_and_explains_the_missing_ones(client, stored_seed):
    page = client.get(reverse("annual_reports:detail", args=[stored_seed.pk])).content.decode()

    ready, missing = documents.offered()
    assert {"json", "txt"} <= {f.name for f in ready}
    for fmt in ready:
        assert reverse("annual_reports:download", args=[stored_seed.pk, fmt.name]) in page
    for fmt in missing:
        assert reverse("annual_reports:download", args=[stored_seed.pk, fmt.name]) not in page
        assert fmt.label in page


def test_it_explains_that_pdf_needs_libreoffice(client, stored_seed, monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")

    page = client.get(reverse("annual_reports:detail", args=[stored_seed.pk])).content.decode()

    assert "pdf" not in documents.available()
    assert "未安装 LibreOffice" in page
    refused = client.get(reverse("annual_reports:download", args=[stored_seed.pk, "pdf"]))
    assert refused.status_code == 503
    assert "LibreOffice" in refused.content.decode()


def test_it_refuses_an_unknown_format(client, stored_seed):
    assert download(client, stored_seed, "exe").status_code == 404


def test_it_says_in_chinese_why_a_document_could_not_be_made(client, stored_seed, monkeypatch):
    from gongkai.report.render import RenderError

    def failing(report):
        raise RenderError("LibreOffice 转换超时（120 秒）。")

    monkeypatch.setattr(documents, "available", lambda: {"pdf": failing})

    response = download(client, stored_seed, "pdf")

    assert response.status_code == 503
    page = response.content.decode()
    assert "LibreOffice 转换超时（120 秒）。" in page
    assert reverse("annual_reports:detail", args=[stored_seed.pk]) in page
