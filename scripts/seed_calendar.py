"""Write src/gongkai/workdays/data/YYYY.json from the chinese-calendar package, once per release.

The core never imports chinese-calendar: it reads the files this script writes, so a year the
State Council announces before the package catches up can be added as data (by hand, or through
the web app's administrator form) without waiting for a new release.

    .venv/bin/python scripts/seed_calendar.py            # every year the package knows
    .venv/bin/python scripts/seed_calendar.py 2025 2026  # only these years
"""

from __future__ import annotations

import json
import sys
from importlib.metadata import version
from pathlib import Path

from chinese_calendar import constants

DATA = Path(__file__).resolve().parents[1] / "src/gongkai/workdays/data"
SOURCE_NOTE = "（据国务院办公厅公布的节假日安排）"
CHINESE_NAME = {holiday.value: holiday.chinese for holiday in constants.Holiday}


def known_years() -> list[int]:
    return sorted({day.year for day in constants.holidays})


def year_document(year: int) -> dict[str, object]:
    holidays = sorted(day for day in constants.holidays if day.year == year)
    makeup = sorted(day for day in constants.workdays if day.year == year)
    return {
        "year": year,
        "source": f"chinese-calendar {version('chinese-calendar')}{SOURCE_NOTE}",
        "holidays": [
            {"date": day.isoformat(), "name": CHINESE_NAME[constants.holidays[day]]}
            | ({"in_lieu": True} if day in constants.in_lieu_days else {})
            for day in holidays
        ],
        "makeup_workdays": [
            {"date": day.isoformat(), "name": CHINESE_NAME[constants.workdays[day]]}
            for day in makeup
        ],
    }


def dumps(document: dict[str, object]) -> str:
    # One day per line: a reviewer checking a year against the State Council notice reads the
    # file top to bottom, and a correction shows up as a one-line diff.
    lines = ["{"]
    items = list(document.items())
    for index, (key, value) in enumerate(items):
        comma = "," if index < len(items) - 1 else ""
        if isinstance(value, list):
            rows = [json.dumps(row, ensure_ascii=False) for row in value]
            body = ",\n".join(f"    {row}" for row in rows)
            lines.append(f'  "{key}": [\n{body}\n  ]{comma}' if rows else f'  "{key}": []{comma}')
        else:
            lines.append(f'  "{key}": {json.dumps(value, ensure_ascii=False)}{comma}')
    lines.append("}")
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    years = [int(arg) for arg in argv] or known_years()
    DATA.mkdir(parents=True, exist_ok=True)
    for year in years:
        if year not in known_years():
            print(f"chinese-calendar 没有 {year} 年的数据", file=sys.stderr)
            return 2
        (DATA / f"{year}.json").write_text(dumps(year_document(year)), encoding="utf-8")
    print(f"wrote {len(years)} year files to {DATA}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
