"""The forms of the supervision pages (Django forms; return-form files live in `returnforms/`)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from duban.supervision.choices import ListKind, status_choices
from duban.supervision.models import MAX_PERCENT, Entry, Item, Round, TaskList
from duban.units.models import Region, Unit
from duban.web.forms import StyledForm


class ListForm(StyledForm):
    kind = forms.ChoiceField(label="类别", choices=ListKind.choices)
    title = forms.CharField(label="清单名称", max_length=500)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100, required=False)


class KeysField(forms.ModelMultipleChoiceField):
    """Rows by id; a "choice" too big for the database's integer is refused, not a 500."""

    def _check_values(self, value: Any) -> Any:
        for pk in value or []:
            if str(pk).isdigit() and int(str(pk)) > MAX_ID:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                )
        return super()._check_values(value)  # type: ignore[misc]  # Django's own hook, missing from its stubs


MAX_ID = 2**63 - 1  # the largest key any database here stores


def unit_choices(region: Region) -> forms.ModelMultipleChoiceField:
    return KeysField(
        queryset=Unit.objects.active().filter(region=region).order_by("kind", "name"),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )


class ItemForm(StyledForm):
    seq = forms.IntegerField(label="序号", min_value=1, max_value=100000)
    text = forms.CharField(label="事项内容", widget=forms.Textarea(attrs={"rows": 3}))
    category = forms.CharField(label="类别", max_length=20, required=False, help_text="如：省级、市级、区级")
    district_livelihood = forms.BooleanField(label="区级民生实事", required=False)
    target_text = forms.CharField(
        label="目标（原文）", max_length=300, required=False, help_text="如：5600人以上"
    )
    target_value = forms.DecimalField(label="目标值", max_digits=24, decimal_places=6, required=False)
    target_unit = forms.CharField(
        label="目标单位", max_length=40, required=False, help_text="如：人、所、公里"
    )
    target_qualifier = forms.CharField(
        label="目标限定", max_length=40, required=False, help_text="如：以上、不低于、控制在"
    )

    def __init__(self, *args: Any, region: Region, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["leads"] = unit_choices(region)
        self.fields["leads"].label = "牵头单位"
        self.fields["related"] = unit_choices(region)
        self.fields["related"].label = "相关责任单位"
        self.fields["related"].required = False
        for name in ("leads", "related"):
            self.fields[name].widget.attrs["class"] = "form-select"

    @classmethod
    def initial_for(cls, item: Item) -> dict[str, Any]:
        links = list(item.units.all())
        return {
            "seq": item.seq,
            "text": item.text,
            "category": item.category,
            "district_livelihood": item.district_livelihood,
            "target_text": item.target_text,
            "target_value": item.target_value,
            "target_unit": item.target_unit,
            "target_qualifier": item.target_qualifier,
            "leads": [link.unit_id for link in links if link.duty == "lead" and link.unit_id],
            "related": [link.unit_id for link in links if link.duty == "related" and link.unit_id],
        }


class CloseItemForm(StyledForm):
    note = forms.CharField(label="办结依据", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    entry = forms.ModelChoiceField(label="证明办结的填报", queryset=Entry.objects.none(), required=False)

    def __init__(self, *args: Any, item: Item, entries: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["entry"]
        field.queryset = entries
        field.label_from_instance = lambda e: f"{e.round.period}：{e.progress[:40]}"


class InstructionForm(StyledForm):
    text = forms.CharField(label="批示内容", widget=forms.Textarea(attrs={"rows": 3}))


class RoundForm(StyledForm):
    task_list = forms.ModelChoiceField(label="任务清单", queryset=TaskList.objects.none())
    period = forms.CharField(label="调度期间", max_length=100, help_text="如：2024年1-7月")
    as_of = forms.DateField(label="截至日期", widget=forms.DateInput(attrs={"type": "date"}))
    deadline = forms.DateField(
        label="报送截止", widget=forms.DateInput(attrs={"type": "date"}), required=False
    )
    tolerance = forms.DecimalField(
        label="容差（百分点）", max_digits=5, decimal_places=2, required=False, help_text="默认10个百分点"
    )

    def __init__(self, *args: Any, lists: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["task_list"]
        field.queryset = lists


class EntryForm(StyledForm):
    """A unit's report: the fields of the item's kind, validated again by the entry's rules."""

    progress = forms.CharField(
        label="本期进展情况", widget=forms.Textarea(attrs={"rows": 6}), max_length=5000
    )
    percent = forms.DecimalField(
        label="完成比例（%）",
        max_digits=9,
        decimal_places=3,
        min_value=0,
        max_value=MAX_PERCENT,
        required=False,
    )
    self_status = forms.ChoiceField(label="自评进度")
    remark = forms.CharField(
        label="备注", widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, entry: Entry, instructions: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        status: Any = self.fields["self_status"]
        status.choices = [("", "请选择"), *status_choices(entry.kind)]
        if not entry.item.quantified:
            del self.fields["percent"]
        for instruction in instructions:
            self.fields[f"answer_{instruction.pk}"] = forms.CharField(
                label=f"对批示“{instruction.text[:30]}”的落实情况",
                widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
                required=False,
            )

    def answers(self) -> dict[int, str]:
        return {
            int(name.removeprefix("answer_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("answer_") and value
        }


class ReturnForm(StyledForm):
    comment = forms.CharField(label="退回意见", widget=forms.Textarea(attrs={"rows": 3}))


class DecideForm(StyledForm):
    status = forms.ChoiceField(label="审定进度", required=False)
    reason = forms.CharField(
        label="改判理由", max_length=300, required=False, help_text="与数据或单位自评不一致时必填"
    )

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        status: Any = self.fields["status"]
        status.choices = [("", "按数据与自评"), *status_choices(kind)]


class ExtensionForm(StyledForm):
    until = forms.DateField(label="申请延至", widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 3}))


class ExtensionDecisionForm(StyledForm):
    approve = forms.TypedChoiceField(
        label="审批",
        choices=[("1", "同意"), ("0", "不同意")],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label="审批意见", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class BulletinFrameForm(StyledForm):
    title = forms.CharField(label="标题", max_length=500)
    number = forms.CharField(label="文号", max_length=100, required=False)
    issuer = forms.CharField(label="发文机关", max_length=200, required=False)
    recipients = forms.CharField(label="主送机关", max_length=500, required=False)
    date = forms.DateField(
        label="成文日期",
        widget=forms.DateInput(attrs={"type": "date"}),
        required=False,
        help_text="留空则在文件中留出待填的空白",
    )


class NewBulletinForm(StyledForm):
    rounds = KeysField(
        label="通报所涉及的调度轮次", queryset=Round.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    title = forms.CharField(
        label="标题", max_length=500, required=False, help_text="留空则为“关于……重点工作推进情况的通报”"
    )

    def __init__(self, *args: Any, rounds: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["rounds"]
        field.queryset = rounds
        field.label_from_instance = lambda r: f"{r.task_list.title} · {r.period}"
