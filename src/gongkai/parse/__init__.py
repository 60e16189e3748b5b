"""Reading published annual reports (text, HTML, Word, PDF) into the canonical report."""

from gongkai.parse.reader import Options, ParseResult, parse_bytes, sniff

__all__ = ["Options", "ParseResult", "parse_bytes", "sniff"]
