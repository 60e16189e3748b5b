"""A standalone HTML page of the report: inline CSS, no outside asset, printable on A4.

Tables use rowspan/colspan exactly as published reports do, one HTML cell per table cell, so
the page reads back with any HTML table parser.
"""

from __future__ import annotations

from html import escape

from gongkai.report.model import Report
from gongkai.report.render.outline import Heading, Paragraph, Table, Title, clean, outline
from gongkai.report.render.tables import Grid, GridCell, Kind

# Font stacks: the names a government PC has first, then the free CJK fonts of a Linux server.
_FANGSONG = '"仿宋_GB2312", "仿宋", FangSong, STFangsong, "Noto Serif CJK SC", serif'
_SONG = '"宋体", SimSun, STSong, "Noto Serif CJK SC", serif'
_TITLE = f'"方正小标宋简体", "方正小标宋_GBK", "华文中宋", {_SONG}'
_HEI = '"黑体", SimHei, STHeiti, "Noto Sans CJK SC", sans-serif'
_KAI = '"楷体_GB2312", "楷体", KaiTi, STKaiti, "AR PL UKai CN", "Noto Serif CJK SC", serif'

# GB/T 9704-2012: A4, margins top 37 / bottom 35 / left (binding) 28 / right 26 mm, body 3号
# (16 pt) 仿宋 with a two-character indent, title 2号 (22 pt), page number "— 1 —" in 4号,
# on the right of odd pages and the left of even ones, one character in.
CSS = f"""
@page {{ size: A4; margin: 37mm 26mm 35mm 28mm; }}
@page :right {{
  @bottom-right {{ content: "— " counter(page) " —"; font: 14pt {_SONG}; padding-right: 14pt; }}
}}
@page :left {{
  @bottom-left {{ content: "— " counter(page) " —"; font: 14pt {_SONG}; padding-left: 14pt; }}
}}
html {{ background: #e8e8e8; }}
body {{ margin: 0; font-family: {_FANGSONG}; font-size: 16pt; line-height: 1.8; color: #000; }}
main {{
  box-sizing: border-box; width: 210mm; margin: 8mm auto; padding: 37mm 26mm 35mm 28mm;
  background: #fff; box-shadow: 0 0 4px rgba(0, 0, 0, .25);
}}
h1, h2, h3, h4, h5 {{ font-size: 16pt; font-weight: normal; margin: 0; }}
h1.title {{
  font-family: {_TITLE}; font-size: 22pt; text-align: center; line-height: 1.5;
  margin: 0 0 1.6em;
}}
h2 {{ font-family: {_HEI}; text-indent: 2em; }}
h3 {{ font-family: {_KAI}; text-indent: 2em; }}
h4, h5 {{ font-family: {_FANGSONG}; text-indent: 2em; }}
p {{ margin: 0; text-indent: 2em; text-align: justify; }}
table {{
  width: calc(100% - 1pt); border-collapse: collapse; margin: .4em 0 .8em; table-layout: fixed;
  font-size: 10.5pt; line-height: 1.35;
}}
th, td {{ border: 1px solid #000; padding: 2pt 3pt; vertical-align: middle; text-align: center; }}
th {{ font-weight: normal; }}
th.label {{ text-align: left; }}
th.label.merged {{ text-align: center; }}
td {{ font-family: "Times New Roman", {_FANGSONG}; }}
@media print {{
  html {{ background: none; }}
  main {{ width: auto; margin: 0; padding: 0; box-shadow: none; }}
  h2, h3, h4, h5 {{ break-after: avoid; }}
  thead {{ display: table-header-group; }}
  td, th:not(.merged) {{ break-inside: avoid; }}
}}
"""


def render_html(report: Report) -> bytes:
    title = escape(clean(report.display_title))
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="gongkai">',
        f"<title>{title}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        "<main>",
    ]
    for block in outline(report):
        if isinstance(block, Title):
            parts.append(f'<h1 class="title">{"<br>".join(escape(x) for x in block.lines)}</h1>')
        elif isinstance(block, Heading):
            tag = f"h{block.level + 1}"
            parts.append(f"<{tag}>{escape(block.text)}</{tag}>")
        elif isinstance(block, Paragraph):
            parts.append(f"<p>{escape(block.text)}</p>")
        elif isinstance(block, Table):
            parts.append(table_html(block.grid))
    parts += ["</main>", "</body>", "</html>", ""]
    return "\n".join(parts).encode("utf-8")


def table_html(grid: Grid) -> str:
    total = sum(grid.col_weights)
    cols = "".join(f'<col style="width:{w / total * 100:.2f}%">' for w in grid.col_weights)
    lines = [f'<table id="{grid.key}" class="report-table">', f"<colgroup>{cols}</colgroup>"]
    rows = grid.rows()
    head, body = rows[: grid.header_rows], rows[grid.header_rows :]
    if head:
        lines += ["<thead>", *(_tr(row) for row in head), "</thead>"]
    lines += ["<tbody>", *(_tr(row) for row in body), "</tbody>", "</table>"]
    return "\n".join(lines)


def _tr(cells: list[GridCell]) -> str:
    return "<tr>" + "".join(_cell(c) for c in cells) + "</tr>"


def _cell(cell: GridCell) -> str:
    attrs = ""
    if cell.rowspan > 1:
        attrs += f' rowspan="{cell.rowspan}"'
    if cell.colspan > 1:
        attrs += f' colspan="{cell.colspan}"'
    text = escape(cell.text)
    if cell.kind is Kind.NUMBER:
        return f"<td{attrs}>{text}</td>"
    if cell.kind is Kind.HEADER:
        return f'<th scope="col"{attrs}>{text}</th>'
    css = "label merged" if cell.rowspan > 1 else "label"
    return f'<th scope="row" class="{css}"{attrs}>{text}</th>'
