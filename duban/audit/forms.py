"""The audit administrator's filters of the log: time range, actor, event type, object, outcome."""

from __future__ import annotations

from typing import Any

from django import forms

from duban.audit.choices import EventType, Outcome

_CONTROL = {"class": "form-control form-control-sm"}
_SELECT = {"class": "form-select form-select-sm"}


class EventFilterForm(forms.Form):
    since = forms.DateField(
        label="起始日期", required=False, widget=forms.DateInput({"type": "date", **_CONTROL})
    )
    until = forms.DateField(
        label="截止日期", required=False, widget=forms.DateInput({"type": "date", **_CONTROL})
    )
    actor = forms.CharField(label="操作人", required=False, max_length=150, widget=forms.TextInput(_CONTROL))
    type = forms.ChoiceField(
        label="事件类型",
        required=False,
        choices=[("", "全部"), *EventType.choices],
        widget=forms.Select(attrs=_SELECT),
    )
    object = forms.CharField(label="对象", required=False, max_length=300, widget=forms.TextInput(_CONTROL))
    outcome = forms.ChoiceField(
        label="结果",
        required=False,
        choices=[("", "全部"), *Outcome.choices],
        widget=forms.Select(attrs=_SELECT),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            raise forms.ValidationError("起始日期不能晚于截止日期")
        return data
