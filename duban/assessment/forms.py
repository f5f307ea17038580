"""The office's form for the year's rule: a base score and, per outcome measure, weight and cap."""

from __future__ import annotations

from typing import Any

from django import forms

from duban.assessment.choices import Measure, cap_field, weight_field
from duban.assessment.models import RULE_FIELDS, AssessmentRule
from duban.web.forms import StyledModelForm


class RuleForm(StyledModelForm):
    """The fields of the rule (labels and limits from the model); the measures in the vocabulary's order."""

    class Meta:
        model = AssessmentRule
        fields = RULE_FIELDS
        widgets = {name: forms.NumberInput(attrs={"step": "0.5"}) for name in RULE_FIELDS}
        error_messages = {
            name: {
                "invalid": "请输入数字",
                "max_digits": "数字位数过多",
                "max_decimal_places": "最多两位小数",
            }
            for name in RULE_FIELDS
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # the table's cells have no label of their own
            field.widget.attrs["aria-label"] = str(field.label)

    def measure_rows(self) -> list[tuple[Measure, forms.BoundField, forms.BoundField]]:
        """Each measure with its weight and cap fields, for a table of the rule."""
        return [(m, self[weight_field(m)], self[cap_field(m)]) for m in Measure]
