"""The parser's own findings: what could not be read, and how. Codes are listed in
docs/parser.md; every message says what is wrong and what the clerk can do."""

from __future__ import annotations

from typing import Final

from gongkai.report.rules import Finding, Severity

EMPTY: Final = "PARSE-EMPTY"
BINARY: Final = "PARSE-BINARY"
TOO_LARGE: Final = "PARSE-TOO-LARGE"
ZIP_BOMB: Final = "PARSE-ZIP-BOMB"
DOCX_BROKEN: Final = "PARSE-DOCX-BROKEN"
DOC_OLD: Final = "PARSE-DOC-LEGACY"
HTML_BROKEN: Final = "PARSE-HTML-BROKEN"
PDF_NO_TEXT: Final = "PARSE-PDF-NO-TEXT"
PDF_ENCRYPTED: Final = "PARSE-PDF-ENCRYPTED"
PDF_BROKEN: Final = "PARSE-PDF-BROKEN"
ENCODING: Final = "PARSE-ENCODING"
NOT_REPORT: Final = "PARSE-NOT-REPORT"
OLD_FORMAT: Final = "PARSE-OLD-FORMAT"
NULL: Final = "PARSE-NULL"
READ_NOTE: Final = "PARSE-READ-NOTE"
TEXT_ENDS: Final = "PARSE-TEXT-ENDS"
NO_AGENCY: Final = "PARSE-NO-AGENCY"
NO_YEAR: Final = "PARSE-NO-YEAR"
YEAR_INFERRED: Final = "PARSE-YEAR-INFERRED"
INTERNAL: Final = "PARSE-INTERNAL"
FETCH: Final = "FETCH-ERROR"
UNREADABLE_CODES: Final = frozenset(
    {
        EMPTY,
        BINARY,
        TOO_LARGE,
        ZIP_BOMB,
        DOCX_BROKEN,
        DOC_OLD,
        HTML_BROKEN,
        PDF_NO_TEXT,
        PDF_ENCRYPTED,
        PDF_BROKEN,
        INTERNAL,
        FETCH,
    }
)


def error(rule: str, message: str, where: str = "file") -> Finding:
    return Finding(rule, Severity.ERROR, where, message)


def warning(rule: str, message: str, where: str = "file", cells: tuple[str, ...] = ()) -> Finding:
    return Finding(rule, Severity.WARNING, where, message, cells=cells)
