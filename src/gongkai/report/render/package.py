"""Same report, same bytes: the DOCX and XLSX packages without the clock's traces.

python-docx and openpyxl stamp every zip entry with the time of saving, and openpyxl writes
the saving time into docProps/core.xml as well. A renderer is a pure function of the report
(no clock reads in the core), so the package is rewritten with fixed entry times and with the
report's publication date, when it has one, as the document's date.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date

from lxml import etree

_ENTRY_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest a zip entry can carry
_CORE = "docProps/core.xml"
_DCTERMS = "{http://purl.org/dc/terms/}"


def stable_package(data: bytes, published_on: date | None) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == _CORE:
                content = _dated(content, published_on)
            entry = zipfile.ZipInfo(info.filename, date_time=_ENTRY_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, content)
    return out.getvalue()


def _dated(core: bytes, published_on: date | None) -> bytes:
    """created and modified become the publication date, or go (both are optional)."""
    root = etree.fromstring(core)
    for name in ("created", "modified"):
        for element in root.findall(f"{_DCTERMS}{name}"):
            if published_on is None:
                root.remove(element)
            else:
                element.text = f"{published_on.isoformat()}T00:00:00Z"
    text: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return text
