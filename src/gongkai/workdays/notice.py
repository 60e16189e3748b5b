"""Reading the State Council's yearly notice (国务院办公厅关于YYYY年部分节假日安排的通知).

An administrator pastes the notice as published and `read_notice` turns its sections, such as
``二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。
2月14日（周六）、2月28日（周六）上班。``, into that year's `YearSchedule`: every day of a range
that a sentence says is 放假 becomes a holiday named as the section names it, every date of a
sentence that says 上班 (or 补班) a make-up working day.

It reads strictly. A sentence that says 放假 or 上班 but whose dates it cannot place, a weekday
in brackets that contradicts the date, a total (共N天) that does not match the range: each is a
`CalendarDataError` quoting the sentence, because a wrong guess would silently move statutory
deadlines. Sentences that say neither (the preamble, "鼓励……休息", the closing paragraph) are
skipped; those among them that mention a date come back as notes, so that a person sees them.

Days of another year (the 2023 notice starts 元旦 on 2022年12月31日) are not put into the
schedule; they come back as notes carrying the day, and the caller decides what to do.

The notice does not say which weekdays off are taken in exchange for make-up days, so
`Holiday.in_lieu` is always False here: it is informational and no count depends on it.
"""

from __future__ import annotations

import datetime as dt
import enum
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from gongkai.workdays.calendar import (
    WEEKDAY_NAMES,
    CalendarDataError,
    Holiday,
    MakeUpWorkday,
    YearSchedule,
)

FIRST_YEAR, LAST_YEAR = 1949, 2199
LONGEST_RANGE = 31  # days; no statutory holiday comes near it, so a longer range is a typo

_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_SPACE = re.compile(r"\s+")
# A section opens with its (optional) number and the festival's name: "二、春节：" or "元旦：".
# It is searched for anywhere in a sentence, since pasted text may lack the full stop before it.
_HEADER = re.compile(
    r"(?P<number>[一二三四五六七八九十]+[、.．])?"
    r"(?P<name>[\u4e00-\u9fff][\u4e00-\u9fff、0-9]{0,59}?)[:：]"
)
_NUMBER_MARK = re.compile(r"[一二三四五六七八九十]+[、.．]")
_TITLE_ENDINGS = ("通知", "如下", "机构")
_NUMBERED_LINE = re.compile(r"(?:[-•·*]\s*)?[一二三四五六七八九十]+[、.．]")
_DATE = re.compile(r"(?:(?P<y>\d{4})年)?(?:(?P<m>\d{1,2})月)?(?P<d>\d{1,2})日")
_KEYWORD = re.compile(r"放假|上班|补班")
_WEEKDAY = re.compile(r"(?:周|星期|礼拜)([一二三四五六日天])")
_WEEKDAY_NUMBER = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_RANGE_WORDS = frozenset({"至", "到", "-", "—", "——", "–", "－", "~", "～"})
_LIST_WORDS = frozenset({"、", "，", ",", "和", "及", "以及"})
_AFTER_LAST_DATE = frozenset({"", "均", "照常", "正常"})
_COUNT = re.compile(r"^(?:调休)?[，,]?(?:共|计)?(\d+)天|[，,](?:共|计)(\d+)天")
_TITLE_YEAR = re.compile(r"关于(\d{4})年部分节假日安排|现将(\d{4})年")
_DOCUMENT_NUMBER = re.compile(r"(国办发(?:明电)?)[〔\[［(（](\d{4})[〕\]］)）](\d+)号")
_SIGNATURE_DATE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日$")


class NoteKind(enum.Enum):
    OTHER_YEAR_HOLIDAY = "other_year_holiday"  # a day off that falls in the year before or after
    OTHER_YEAR_MAKEUP = "other_year_makeup"
    UNREAD_SENTENCE = "unread_sentence"  # mentions a date, but says neither 放假 nor 上班


@dataclass(frozen=True)
class Note:
    kind: NoteKind
    message: str
    day: Holiday | MakeUpWorkday | None = None


@dataclass(frozen=True)
class Notice:
    schedule: YearSchedule
    notes: tuple[Note, ...] = ()
    document_number: str = ""  # 国办发明电〔2025〕7号, when the pasted text carries it

    @property
    def other_year_days(self) -> tuple[Holiday | MakeUpWorkday, ...]:
        return tuple(note.day for note in self.notes if note.day is not None)


def read_notice(text: str, *, year: int, source: str = "") -> Notice:
    """The schedule of ``year`` from the notice's text; `CalendarDataError` if unreadable."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise CalendarDataError(f"年份 {year} 不在 {FIRST_YEAR}–{LAST_YEAR} 之间，请核对")
    flat = _SPACE.sub("", text.translate(_FULLWIDTH_DIGITS))
    _check_title_year(flat, year)
    number = _document_number(flat)
    reader = _Reader(year)
    for sentence in _sentences(text):
        reader.read(sentence)
    reader.finish()
    default = f"国务院办公厅关于{year}年部分节假日安排的通知"
    schedule = YearSchedule(
        year,
        holidays=tuple(reader.holidays[day] for day in sorted(reader.holidays)),
        makeup_workdays=tuple(reader.makeup[day] for day in sorted(reader.makeup)),
        source=source.strip() or number or default,
    )
    return Notice(schedule, tuple(reader.notes), number)


def _check_title_year(flat: str, year: int) -> None:
    for match in _TITLE_YEAR.finditer(flat):
        stated = int(match.group(1) or match.group(2))
        if stated != year:
            raise CalendarDataError(
                f"通知写的是 {stated} 年的安排，而录入的年份是 {year} 年；"
                "请改正年份，或粘贴该年份的通知"
            )


def _document_number(flat: str) -> str:
    match = _DOCUMENT_NUMBER.search(flat)
    return f"{match.group(1)}〔{match.group(2)}〕{match.group(3)}号" if match else ""


def _sentences(text: str) -> list[str]:
    """Sentences without whitespace; a hard-wrapped line joins the one before it."""
    paragraphs: list[str] = []
    current = ""
    for line in text.translate(_FULLWIDTH_DIGITS).splitlines():
        compact = _SPACE.sub("", line)
        opens_section = bool(_NUMBERED_LINE.match(compact) or _HEADER.match(compact))
        if not compact or opens_section:
            if current:
                paragraphs.append(current)
            current = compact
        else:
            current += compact
    if current:
        paragraphs.append(current)
    return [piece for paragraph in paragraphs for piece in re.split(r"[。；;]", paragraph) if piece]


def _shown(sentence: str) -> str:
    return sentence if len(sentence) <= 70 else sentence[:68] + "……"


@dataclass
class _DateToken:
    day: dt.date
    start: int  # span in the sentence without brackets
    end: int
    explicit_year: bool
    explicit_month: bool
    written: str
    aside: str  # the bracket right after the date: "周日", "农历正月初七、周一"


@dataclass
class _Reader:
    year: int
    section: str | None = None
    sections_seen: list[str] = field(default_factory=list)
    days_in_section: int = 0
    holidays: dict[dt.date, Holiday] = field(default_factory=dict)
    makeup: dict[dt.date, MakeUpWorkday] = field(default_factory=dict)
    holiday_section: dict[dt.date, str] = field(default_factory=dict)
    makeup_section: dict[dt.date, str] = field(default_factory=dict)
    notes: list[Note] = field(default_factory=list)

    def read(self, sentence: str) -> None:
        rest, shown_name = sentence, ""
        while (header := _next_header(rest)) is not None:
            at, name, body_at = header
            if at:
                self._read_piece(rest[:at], shown_name)
            self._close_section()
            self.section = name
            self.sections_seen.append(name)
            self.days_in_section = 0
            rest, shown_name = rest[body_at:], name
        self._read_piece(rest, shown_name)

    def _read_piece(self, body: str, shown_name: str) -> None:
        if self.section is None or not body:
            return  # the title, the addressees and the preamble carry no arrangement
        self._read_body(body, f"{shown_name}：{body}" if shown_name else body)

    def finish(self) -> None:
        self._close_section()
        if not self.sections_seen:
            raise CalendarDataError(
                "没有读到任何节假日安排。请粘贴通知的全文，其中应有“一、元旦：1月1日放假……”"
                "这样的条目"
            )

    def _close_section(self) -> None:
        if self.section is not None and self.days_in_section == 0:
            raise CalendarDataError(
                f"“{self.section}”一项中没有读到放假或上班的日期；请核对这一项的文字，"
                "日期应写成“1月1日”或“2月15日至23日”的形式"
            )

    def _fail(self, shown: str, reason: str) -> CalendarDataError:
        return CalendarDataError(f"无法读取“{_shown(shown)}”：{reason}")

    def _read_body(self, body: str, shown: str) -> None:
        plain, brackets = _strip_brackets(body, lambda why: self._fail(shown, why))
        dates = self._dates(plain, brackets, shown)
        keywords = list(_KEYWORD.finditer(plain))
        if not keywords:
            if _DATE.search(body) and not _SIGNATURE_DATE.search(body):
                self.notes.append(
                    Note(
                        NoteKind.UNREAD_SENTENCE,
                        f"未作为放假或上班安排读取：“{_shown(shown)}”（句中没有“放假”或“上班”，"
                        "其中的日期按平常日子计算）",
                    )
                )
            return
        if dates and dates[-1].start >= keywords[-1].end():
            raise self._fail(
                shown,
                f"“{dates[-1].written}”没有说明是放假还是上班；请把日期写在“放假”或“上班”之前",
            )
        previous_end = 0
        for index, keyword in enumerate(keywords):
            mine = [d for d in dates if previous_end <= d.start < keyword.start()]
            after = (
                plain[keyword.end() : keywords[index + 1].start()]
                if index + 1 < len(keywords)
                else plain[keyword.end() :]
            )
            if mine:
                last_gap = plain[mine[-1].end : keyword.start()]
                if last_gap not in _AFTER_LAST_DATE:
                    raise self._fail(
                        shown,
                        f"看不懂日期“{mine[-1].written}”与“{keyword.group()}”之间的“{last_gap}”",
                    )
                if keyword.group() == "放假":
                    self._holidays(mine, plain, after, shown)
                else:
                    self._makeup_days(mine, plain, shown)
            previous_end = keyword.end()

    def _dates(self, plain: str, brackets: dict[int, str], shown: str) -> list[_DateToken]:
        found: list[_DateToken] = []
        year, month = self.year, 0
        for match in _DATE.finditer(plain):
            explicit_year = match.group("y") is not None
            explicit_month = match.group("m") is not None
            year = int(match.group("y")) if explicit_year else year
            month = int(match.group("m")) if explicit_month else month
            if month == 0:
                raise self._fail(shown, f"“{match.group()}”没有写月份，请写成“1月3日”的形式")
            try:
                day = dt.date(year, month, int(match.group("d")))
            except ValueError:
                raise self._fail(shown, f"“{match.group()}”不是有效的日期") from None
            aside = brackets.get(match.end(), "")
            written = match.group() + (f"（{aside}）" if aside else "")
            found.append(
                _DateToken(
                    day, match.start(), match.end(), explicit_year, explicit_month, written, aside
                )
            )
        return found

    def _check_weekday(self, token: _DateToken, day: dt.date, shown: str) -> None:
        stated = _WEEKDAY.search(token.aside)
        if stated is None or _WEEKDAY_NUMBER[stated.group(1)] == day.weekday():
            return
        raise self._fail(
            shown,
            f"{day.year}年{day.month}月{day.day}日是{WEEKDAY_NAMES[day.weekday()]}，"
            f"而通知写的是“{token.written}”。请核对录入的年份（{self.year}）"
            "是否就是通知所安排的年份，以及这个日期是否抄写有误",
        )

    def _holidays(self, dates: list[_DateToken], plain: str, after: str, shown: str) -> None:
        days: list[dt.date] = []
        index = 0
        while index < len(dates):
            start = dates[index]
            gap = plain[start.end : dates[index + 1].start] if index + 1 < len(dates) else None
            if gap is not None and gap in _RANGE_WORDS:
                end = dates[index + 1]
                last = end.day
                # "12月31日至1月2日": a later month number in the same sentence may still be
                # earlier in the calendar; only a written month can carry the range past 31 Dec.
                if last < start.day and end.explicit_month and not end.explicit_year:
                    last = _next_year(last, lambda why: self._fail(shown, why))
                self._check_weekday(start, start.day, shown)
                self._check_weekday(end, last, shown)
                if last < start.day:
                    raise self._fail(shown, f"“{end.written}”早于“{start.written}”")
                if (last - start.day).days >= LONGEST_RANGE:
                    raise self._fail(
                        shown,
                        f"“{start.written}”至“{end.written}”超过 {LONGEST_RANGE} 天，请核对日期",
                    )
                days.extend(_each_day(start.day, last))
                index += 2
                if index < len(dates):
                    self._list_gap(plain[end.end : dates[index].start], shown)
            else:
                self._check_weekday(start, start.day, shown)
                days.append(start.day)
                index += 1
                if gap is not None:
                    self._list_gap(gap, shown)
        stated = _COUNT.search(after)
        if stated is not None:
            total = int(stated.group(1) or stated.group(2))
            if total != len(days):
                raise self._fail(
                    shown,
                    f"所列放假日期共 {len(days)} 天，而句中写的是“共{total}天”；请核对日期或天数",
                )
        assert self.section is not None
        for day in days:
            holiday = Holiday(day, self.section)
            self._claim(day, self.holiday_section, "放假", shown)
            if day.year != self.year:
                self._other_year(NoteKind.OTHER_YEAR_HOLIDAY, holiday, "放假")
            else:
                self.holidays[day] = holiday
            self.days_in_section += 1

    def _makeup_days(self, dates: list[_DateToken], plain: str, shown: str) -> None:
        for before, token in itertools.pairwise(dates):
            self._list_gap(plain[before.end : token.start], shown)
        assert self.section is not None
        for token in dates:
            day = token.day
            self._check_weekday(token, day, shown)
            if day.weekday() < 5:
                raise self._fail(
                    shown,
                    f"{day.year}年{day.month}月{day.day}日是{WEEKDAY_NAMES[day.weekday()]}，"
                    "本来就要上班；调休上班日应是星期六或星期日，请核对日期和年份",
                )
            self._claim(day, self.makeup_section, "上班", shown)
            makeup = MakeUpWorkday(day, self.section)
            if day.year != self.year:
                self._other_year(NoteKind.OTHER_YEAR_MAKEUP, makeup, "调休上班")
            else:
                self.makeup[day] = makeup
            self.days_in_section += 1

    def _list_gap(self, gap: str, shown: str) -> None:
        if gap not in _LIST_WORDS:
            raise self._fail(shown, f"看不懂日期之间的“{gap}”；日期之间应为“至”或“、”")

    def _claim(self, day: dt.date, owners: dict[dt.date, str], what: str, shown: str) -> None:
        assert self.section is not None
        other = self.makeup_section if owners is self.holiday_section else self.holiday_section
        iso = f"{day.year}年{day.month}月{day.day}日"
        if day in other:
            raise self._fail(shown, f"{iso}既被列为放假日，又被列为上班日")
        if day in owners:
            where = (
                f"在“{self.section}”中重复列出"
                if owners[day] == self.section
                else f"在“{owners[day]}”和“{self.section}”中都被列为{what}日"
            )
            raise self._fail(shown, f"{iso}{where}")
        owners[day] = self.section

    def _other_year(self, kind: NoteKind, day: Holiday | MakeUpWorkday, what: str) -> None:
        when = day.date
        self.notes.append(
            Note(
                kind,
                f"{when.year}年{when.month}月{when.day}日（{WEEKDAY_NAMES[when.weekday()]}，"
                f"{day.name}{what}）属于 {when.year} 年，没有录入 {self.year} 年的安排",
                day,
            )
        )


def _next_header(text: str) -> tuple[int, str, int] | None:
    """Where the next section opens in ``text``, its name, and where its body starts."""
    for match in _HEADER.finditer(text):
        raw = (match.group("number") or "") + match.group("name")
        # With the title on the same line as the first section ("……的通知 一、元旦："), the name
        # runs on from the title once spaces are gone; the festival's name is what follows it.
        for ending in _TITLE_ENDINGS:
            if ending in raw:
                raw = raw.rsplit(ending, 1)[1]
        number = _NUMBER_MARK.match(raw)
        name = raw[number.end() :] if number else raw
        if not name or _DATE.search(name):
            continue
        # An unnumbered "名称：" opens a section only when a date follows, so that a line such
        # as "各直属机构：经国务院批准……" is not taken for a festival.
        if number or _DATE.match(text, match.end()):
            return match.start(), name, match.end()
    return None


def _strip_brackets(
    body: str, fail: Callable[[str], CalendarDataError]
) -> tuple[str, dict[int, str]]:
    """The body without bracketed asides, and each aside keyed by where it was removed."""
    plain: list[str] = []
    brackets: dict[int, str] = {}
    depth, aside = 0, ""
    for char in body:
        if char in "(（":
            depth += 1
            if depth == 1:
                aside = ""
                continue
        elif char in ")）":
            depth -= 1
            if depth < 0:
                raise fail("括号不配对，请核对")
            if depth == 0:
                brackets[len(plain)] = aside
                continue
        if depth:
            aside += char
        else:
            plain.append(char)
    if depth:
        raise fail("括号不配对，请核对")
    return "".join(plain), brackets


def _next_year(day: dt.date, fail: Callable[[str], CalendarDataError]) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 2月29日 in the year after a leap year
        raise fail(f"“{day.month}月{day.day}日”不是有效的日期") from None


def _each_day(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]
