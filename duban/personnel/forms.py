"""The cadre register's forms: search, the office's review, roster/vacancy/probation questions, the notice draft."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone

from duban.core.model import Action, Appointment
from duban.core.posts import is_rank, split_post
from duban.units.forms import UnitChoiceField
from duban.units.models import Region, Unit
from duban.web.forms import StyledForm

DEFAULT_RECIPIENTS = "各镇人民政府、街道办事处，区直及驻区各单位"
MAX_CHANGES = 150  # 5 fields a row: the form stays under Django's 1,000 fields a request


def today() -> date:
    return timezone.localdate()


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class SearchForm(StyledForm):
    q = forms.CharField(label="姓名", required=False, max_length=60)
    flagged = forms.BooleanField(label="只看待核实", required=False)


class ReviewForm(StyledForm):
    """The office's review of a person record: confirmed, or flagged with what is to be checked."""

    verdict = forms.ChoiceField(
        label="核实结论",
        choices=[("ok", "核实无误"), ("flag", "待核实")],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label="说明",
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="如：已与组织部核对；或需要核实的内容（同名、职务写法等）",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("verdict") == "flag" and not (data.get("note") or "").strip():
            self.add_error("note", "标记为待核实时，请写明需要核实什么")
        return data

    @property
    def needs_review(self) -> bool:
        return self.cleaned_data["verdict"] == "flag"


class RosterForm(StyledForm):
    unit = UnitChoiceField(label="单位", queryset=Unit.objects.none(), empty_label="请选择单位")
    on = forms.DateField(label="日期", widget=DateInput(), required=False, help_text="不填则为今天")

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, UnitChoiceField)  # noqa: S101 — narrows a type the code guarantees; not a check of input
        field.limit_to(Unit.objects.visible_to(user).active())


class RegionDayForm(StyledForm):
    """A day, and the region when the user sees several (a city's office)."""

    on = forms.DateField(label="日期", widget=DateInput(), required=False)
    region = forms.ModelChoiceField(label="行政区划", queryset=Region.objects.none(), required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["region"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 — narrows a type the code guarantees; not a check of input
        field.queryset = Region.objects.visible_to(user).exclude(county="").order_by("city", "county")
        field.empty_label = None
        if field.queryset.count() <= 1:
            field.widget = forms.HiddenInput()


class ProbationForm(RegionDayForm):
    on = None  # type: ignore[assignment]
    days = forms.IntegerField(
        label="期满于今后几天内",
        min_value=1,
        max_value=3650,
        required=False,
        help_text="默认60天；已期满仍在任的一并列出",
    )
    field_order = ["days", "region"]


class NoticeForm(StyledForm):
    """The frame of a 任免通知 draft; the changes come from the rows and/or an uploaded list."""

    issuer = forms.CharField(label="发文机关", max_length=200)
    number = forms.CharField(
        label="文号", required=False, max_length=100, help_text="如：岳云政人〔2024〕4号"
    )
    date = forms.DateField(label="成文日期", widget=DateInput())
    recipients = forms.CharField(label="主送机关", max_length=300, initial=DEFAULT_RECIPIENTS)
    changes_file = forms.FileField(
        label="变动清单文件（可选）",
        required=False,
        help_text="CSV 或 YAML，表头：姓名,动作,职务,试用期,兼任；读入后加在下面的表格中",
    )


class ChangeForm(forms.Form):
    """One row of changes: 姓名, 任/免, 职务, 试用期, 兼任 (a wholly blank row is skipped)."""

    person = forms.CharField(label="姓名", required=False, max_length=60)
    action = forms.ChoiceField(label="任/免", choices=[("appoint", "任"), ("remove", "免")], required=False)
    post = forms.CharField(label="职务", required=False, max_length=300)
    probation = forms.CharField(label="试用期", required=False, max_length=20)
    concurrent = forms.BooleanField(label="兼任", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        sizes = {"person": "form-control-sm", "post": "form-control-sm", "probation": "form-control-sm"}
        for name, css in sizes.items():
            self.fields[name].widget.attrs["class"] = f"form-control {css}"
        self.fields["person"].widget.attrs["placeholder"] = "姓名"
        self.fields["post"].widget.attrs["placeholder"] = "如：区统计局副局长"
        self.fields["probation"].widget.attrs["placeholder"] = "如：一年"
        self.fields["action"].widget.attrs["class"] = "form-select form-select-sm"
        self.fields["concurrent"].widget.attrs["class"] = "form-check-input"

    @property
    def blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not any((data.get(name) or "") for name in ("person", "post", "probation"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        person = (data.get("person") or "").strip().removesuffix("同志").strip()
        post = (data.get("post") or "").strip().removesuffix("职务").strip()
        probation = (data.get("probation") or "").strip().removeprefix("试用期").removeprefix("为").strip()
        data.update(person=person, post=post, probation=probation)
        if not (person or post or probation):
            return data
        if not person:
            self.add_error("person", "请填写姓名")
        if not post:
            self.add_error("post", "请填写职务")
        if data.get("action") not in ("appoint", "remove"):
            self.add_error("action", "请选择“任”或“免”")
        elif probation and data["action"] == "remove":
            self.add_error("probation", "免职事项不应填写试用期")
        return data

    def change(self) -> Appointment:
        data = self.cleaned_data
        action = Action.APPOINT if data["action"] == "appoint" else Action.REMOVE
        org, title = split_post(data["post"])
        return Appointment(
            person=data["person"],
            action=action,
            post=data["post"],
            org=org,
            title=title,
            probation=data["probation"] or None,
            concurrent=bool(data.get("concurrent")),
            mode="任" if action is Action.APPOINT else "免去",
            rank=is_rank(data["post"]),
        )


class BaseChangeFormSet(forms.BaseFormSet):
    default_error_messages = {
        **forms.BaseFormSet.default_error_messages,
        "too_many_forms": "一份通知最多%(num)d行任免事项，请分成几份通知起草",
    }


ChangeFormSet = forms.formset_factory(
    ChangeForm, formset=BaseChangeFormSet, extra=0, max_num=MAX_CHANGES, validate_max=True
)


def change_rows(changes: list[Appointment]) -> list[dict[str, Any]]:
    """Rows of the changes form for changes read from a file."""
    return [
        {
            "person": c.person,
            "action": "appoint" if c.action is Action.APPOINT else "remove",
            "post": c.post,
            "probation": c.probation or "",
            "concurrent": c.concurrent,
        }
        for c in changes
    ]


BLANK_ROW: dict[str, Any] = {
    "person": "",
    "action": "appoint",
    "post": "",
    "probation": "",
    "concurrent": False,
}
