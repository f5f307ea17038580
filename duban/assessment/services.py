"""The writes of the assessment: the office sets its rule; downloads are recorded."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from duban.actors import Actor
from duban.assessment import policy
from duban.assessment.models import RULE_FIELDS, AssessmentRule
from duban.audit import services as audit
from duban.audit.choices import EventType
from duban.core.model import decimal_str
from duban.errors import InvalidInput
from duban.supervision.policy import require
from duban.units.models import Region

LABELS = {f.name: str(f.verbose_name) for f in AssessmentRule._meta.concrete_fields if f.name in RULE_FIELDS}


def save_rule(actor: Actor, region: Region, year: int, values: dict[str, Decimal | None]) -> AssessmentRule:
    """The office sets the year's rule (weights and caps of each measure, the base); audited before/after."""
    require(policy.may_set_rule(actor, region), "修改考核规则")
    unknown = set(values) - set(RULE_FIELDS)
    if unknown:
        raise InvalidInput(
            "考核规则只含基础分和各项结果指标的分值、上限", f"unknown rule fields {sorted(unknown)}"
        )
    with transaction.atomic():
        rule = AssessmentRule.objects.select_for_update().filter(
            region=region, year=year
        ).first() or AssessmentRule(region=region, year=year)
        before = _values(rule)
        for name, value in values.items():
            setattr(rule, name, value)
        rule.updated_by = actor.user
        try:
            rule.full_clean()
        except ValidationError as exc:
            messages = "；".join(
                f"{LABELS[f]}：{'，'.join(m)}" for f, m in exc.message_dict.items() if f in LABELS
            )
            raise InvalidInput(messages or "考核规则无效", f"invalid rule: {exc.message_dict}") from exc
        created = rule.pk is None
        rule.save()
        audit.record(
            actor,
            EventType.OTHER,
            rule,
            changes=audit.diff(before, _values(rule)),
            detail={"what": "assessment.rule", "created": created, "year": year},
        )
    return rule


def _values(rule: AssessmentRule) -> dict[str, str | None]:
    """The rule's numbers as the audit keeps them: 2.00 and 2 are the same weight."""
    values: dict[str, Decimal | None] = {name: getattr(rule, name) for name in RULE_FIELDS}
    return {name: None if v is None else decimal_str(v) for name, v in values.items()}


def note_download(actor: Actor, region: Region, year: int, fmt: str) -> None:
    """A download of the results is an export: audited with the region, year and format."""
    audit.record(
        actor,
        EventType.EXPORT,
        object_type="assessment.result",
        object_id=f"{region.pk}:{year}",
        object_repr=f"{region} {year}年度考核结果",
        detail={"format": fmt, "year": year},
    )
