"""The unit directory's forms: search, and the office's corrections (merge, renaming).

The directory sits below the web layer (which reads scopes from it), so these forms carry their
Bootstrap classes themselves instead of using `duban.web.forms`.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from duban.units.choices import UnitKind
from duban.units.models import Unit, UnitQuerySet


class UnitChoiceField(forms.ModelChoiceField):
    """A unit picked from the directory by its full name, sorted so that sub-units follow their parent."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.full_name)

    def limit_to(self, queryset: QuerySet[Unit], empty_label: str = "请选择单位") -> None:
        """Offer these units (one query, parents joined); validation checks against the same queryset."""
        self.queryset = queryset.select_related("parent__parent")
        units = sorted(self.queryset, key=lambda u: u.full_name)
        self.choices = [("", empty_label), *((u.pk, u.full_name) for u in units)]


TEXT = {"class": "form-control"}
SELECT = {"class": "form-select"}
CHECK = {"class": "form-check-input"}


class DirectorySearchForm(forms.Form):
    q = forms.CharField(
        label="名称",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={**TEXT, "placeholder": "全称、简称或别称"}),
    )
    kind = forms.ChoiceField(
        label="类别",
        required=False,
        choices=[("", "全部类别"), *UnitKind.choices],
        widget=forms.Select(attrs=SELECT),
    )
    flagged = forms.BooleanField(label="只看待核实", required=False, widget=forms.CheckboxInput(attrs=CHECK))
    merged = forms.BooleanField(
        label="含已合并的单位", required=False, widget=forms.CheckboxInput(attrs=CHECK)
    )


class _Correction(forms.Form):
    """A correction of the directory: chosen on the unit page, then confirmed on its own page."""

    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, unit: Unit, units: UnitQuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, UnitChoiceField):
                field.limit_to(units.filter(region_id=unit.region_id).active().exclude(pk=unit.pk))
                field.widget.attrs["class"] = "form-select"


class MergeForm(_Correction):
    target = UnitChoiceField(
        label="并入单位",
        queryset=Unit.objects.none(),
        help_text="核实为同一单位（简称与全称、更名前后）时，把本单位并入另一个；原有记录全部保留",
    )


class RenameForm(_Correction):
    new = UnitChoiceField(label="更名（改组）为", queryset=Unit.objects.none())
    on = forms.DateField(
        label="自何日起",
        required=False,
        widget=forms.DateInput(attrs={**TEXT, "type": "date"}, format="%Y-%m-%d"),
    )
    note = forms.CharField(
        label="说明",
        required=False,
        max_length=300,
        widget=forms.TextInput(attrs={**TEXT, "placeholder": "如：机构改革，依据某文件"}),
    )
