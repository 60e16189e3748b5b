from __future__ import annotations

from django import forms

from gongkai.workdays.notice import FIRST_YEAR, LAST_YEAR
from gongkai_web.operations.models import EntryMethod

LONGEST_TEXT = 50_000  # characters; a notice is about 1,000, a year's data file about 4,000


class CalendarEntryForm(forms.Form):
    method = forms.ChoiceField(
        label="录入方式", choices=EntryMethod.choices, initial=EntryMethod.NOTICE
    )
    year = forms.IntegerField(
        label="年份",
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        required=False,
        error_messages={"invalid": "年份应为四位数字，如 2027"},
    )
    source = forms.CharField(
        label="文号或来源",
        max_length=200,
        required=False,
        help_text="如“国办发明电〔2026〕7号”；不填时取通知中的文号",
    )
    text = forms.CharField(
        label="通知全文或数据文件",
        max_length=LONGEST_TEXT,
        widget=forms.Textarea(attrs={"rows": 16, "cols": 80}),
        error_messages={"required": "请粘贴通知全文或数据文件的内容"},
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        notice = data.get("method") == EntryMethod.NOTICE
        if notice and data.get("year") is None and "year" not in self.errors:
            self.add_error("year", "请填写通知所安排的年份，如 2027")
        return data
