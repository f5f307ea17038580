"""The scoring rule of the year-end assessment (年度目标责任考核), one per region and year.

The rule's fields are exactly a base score and, for each outcome measure of `choices.Measure`,
points per occurrence and a cap (a test holds the fields to the vocabulary). The scores
themselves are never stored: they are computed from the supervision record (`scoring`), so a
corrected entry corrects the score.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from duban.assessment.choices import Measure, cap_field, weight_field
from duban.units.models import Region
from duban.units.scope import scope_of

MAX_WEIGHT = Decimal(100)
MAX_BASE = Decimal(1000)

# The rule an office starts from (and that applies until it saves its own): points per
# occurrence and the most a measure may add or take away.
DEFAULTS: dict[Measure, tuple[Decimal, Decimal | None]] = {
    Measure.COMPLETED: (Decimal(2), Decimal(20)),
    Measure.ON_TIME: (Decimal(1), Decimal(10)),
    Measure.LAGGING: (Decimal(-2), Decimal(20)),
    Measure.LATE: (Decimal(-1), Decimal(10)),
    Measure.RETURNED: (Decimal("-0.5"), Decimal(5)),
    Measure.INSTRUCTION_LATE: (Decimal(-1), Decimal(10)),
}
DEFAULT_BASE = Decimal(100)


def _weight(measure: Measure) -> models.DecimalField[Decimal, Decimal]:
    return models.DecimalField(
        f"{measure.label}（分/{measure.counted_in}）",
        max_digits=6,
        decimal_places=2,
        default=DEFAULTS[measure][0],
        validators=[MinValueValidator(-MAX_WEIGHT), MaxValueValidator(MAX_WEIGHT)],
    )


def _cap(measure: Measure) -> models.DecimalField[Decimal | None, Decimal | None]:
    return models.DecimalField(
        f"{measure.label}最多计分",
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        default=DEFAULTS[measure][1],
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(MAX_BASE)],
        help_text="加分或扣分的上限（绝对值）；不填为不设上限",
    )


class RuleQuerySet(models.QuerySet["AssessmentRule"]):
    def visible_to(self, user: Any) -> RuleQuerySet:
        """Every supervision role of a region reads its rule: the rule stands beside every score."""
        return self.filter(scope_of(user).regions("region__"))


class AssessmentRule(models.Model):
    """How a region scores its units for a year: a base score and, per measure, weight and cap."""

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="assessment_rules", verbose_name="行政区划"
    )
    year = models.PositiveIntegerField("年度")
    base = models.DecimalField(
        "基础分",
        max_digits=7,
        decimal_places=2,
        default=DEFAULT_BASE,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(MAX_BASE)],
    )
    completed_weight = _weight(Measure.COMPLETED)
    completed_cap = _cap(Measure.COMPLETED)
    on_time_weight = _weight(Measure.ON_TIME)
    on_time_cap = _cap(Measure.ON_TIME)
    lagging_weight = _weight(Measure.LAGGING)
    lagging_cap = _cap(Measure.LAGGING)
    late_weight = _weight(Measure.LATE)
    late_cap = _cap(Measure.LATE)
    returned_weight = _weight(Measure.RETURNED)
    returned_cap = _cap(Measure.RETURNED)
    instruction_late_weight = _weight(Measure.INSTRUCTION_LATE)
    instruction_late_cap = _cap(Measure.INSTRUCTION_LATE)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    objects = RuleQuerySet.as_manager()
    carried_from: int | None = None  # not a field: the year an unsaved copy was carried from

    class Meta:
        verbose_name = "考核规则"
        verbose_name_plural = "考核规则"
        constraints = [models.UniqueConstraint(fields=["region", "year"], name="unique_assessment_rule")]

    def __str__(self) -> str:
        return f"{self.region} {self.year}年度考核规则"

    def weight(self, measure: Measure) -> Decimal:
        value: Decimal = getattr(self, weight_field(measure))
        return value

    def cap(self, measure: Measure) -> Decimal | None:
        value: Decimal | None = getattr(self, cap_field(measure))
        return value

    @property
    def is_default(self) -> bool:
        """Not yet saved by the office for this year: the defaults, or last year's rule, apply."""
        return self.pk is None

    def carried_to(self, year: int) -> AssessmentRule:
        """An unsaved copy of this rule for another year (an office keeps its rule from year to year)."""
        copy = AssessmentRule(region=self.region, year=year, **{f: getattr(self, f) for f in RULE_FIELDS})
        copy.carried_from = self.year
        return copy

    @property
    def source(self) -> str:
        """Where the numbers come from, in words for the pages."""
        if self.pk is not None:
            return "本年度规则"
        return f"沿用{self.carried_from}年度规则" if self.carried_from else "默认规则"


# The rule's scoring fields, from the vocabulary: what the form edits and the audit compares.
RULE_FIELDS = ["base"] + [f(m) for m in Measure for f in (weight_field, cap_field)]
