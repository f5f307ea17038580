"""Setting the rule: only the region's office (or the operator), only the rule's own fields, audited."""

from __future__ import annotations

from decimal import Decimal

import pytest

from duban.assessment.models import AssessmentRule
from duban.assessment.services import save_rule
from duban.audit.models import Event
from duban.errors import Forbidden, InvalidInput
from tests.registry_fixtures import OPERATOR


@pytest.mark.parametrize("who", ["reporter", "head", "leader", "admin"])
def test_only_the_office_sets_the_rule(personas, who):
    user = getattr(personas, who)
    with pytest.raises(Forbidden, match="您没有权限修改考核规则"):
        save_rule(personas.actor(user), personas.officer.region, 2025, {"base": Decimal(90)})
    assert not AssessmentRule.objects.exists()


def test_an_activity_measure_has_no_field_to_go_into(personas):
    with pytest.raises(InvalidInput, match="只含基础分和各项结果指标"):
        save_rule(
            personas.actor(personas.officer), personas.officer.region, 2025, {"logins_weight": Decimal(1)}
        )
    assert not AssessmentRule.objects.exists()


def test_a_value_out_of_bounds_is_refused_with_its_label(personas):
    with pytest.raises(InvalidInput, match="逾期报送最多计分"):
        save_rule(personas.actor(personas.officer), personas.officer.region, 2025, {"late_cap": Decimal(-1)})
    assert not AssessmentRule.objects.exists()


def test_the_operator_sets_a_rule_and_the_change_is_audited_before_and_after(personas):
    region = personas.officer.region
    save_rule(OPERATOR, region, 2025, {"base": Decimal(90)})
    rule = save_rule(OPERATOR, region, 2025, {"base": Decimal(95), "returned_weight": Decimal(-1)})
    changes = [e.changes for e in Event.objects.for_object(rule).order_by("seq")]
    assert changes == [{"base": ["100", "90"]}, {"base": ["90", "95"], "returned_weight": ["-0.5", "-1"]}]
    assert AssessmentRule.objects.get().base == Decimal(95)
