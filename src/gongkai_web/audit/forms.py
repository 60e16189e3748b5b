from django import forms


class LogFilterForm(forms.Form):
    text = forms.CharField(label="操作人 / 机关 / 对象 / 地址", required=False, max_length=120)
    action = forms.CharField(label="操作（前缀，如 case.）", required=False, max_length=80)
    date_from = forms.DateField(
        label="起始日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label="截止日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
