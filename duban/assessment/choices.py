"""The vocabulary of the year-end assessment: the outcome measures a rule may weigh, nothing else.

A measure is an outcome of the supervision record (an item completed, a round lagging, a report
late or returned, an instruction answered late). Activity — logins, clicks, time online — is not
a measure and has no place here: a score says what a unit achieved, not how busy it looked.
"""

from __future__ import annotations

from django.db import models


class Measure(models.TextChoices):
    """What a rule counts, one occurrence at a time; the value names the rule's fields."""

    COMPLETED = "completed", "事项完成"
    ON_TIME = "on_time", "按时限完成"
    LAGGING = "lagging", "进展滞后"
    LATE = "late", "逾期报送"
    RETURNED = "returned", "报送被退回"
    INSTRUCTION_LATE = "instruction_late", "批示逾期答复"

    @property
    def counted_in(self) -> str:
        """The word an occurrence is counted in (项, 次, 条)."""
        return {
            Measure.COMPLETED: "项",
            Measure.ON_TIME: "项",
            Measure.LAGGING: "轮次",
            Measure.LATE: "次",
            Measure.RETURNED: "次",
            Measure.INSTRUCTION_LATE: "条",
        }[self]

    @property
    def explained(self) -> str:
        """How an occurrence is found in the record (shown beside the rule)."""
        return {
            Measure.COMPLETED: "牵头事项在本年度最后一轮审定为“已完成”，每项计一次",
            Measure.ON_TIME: "完成的事项首次审定为“已完成”的截至日期不晚于其完成时限（未写时限按年底）",
            Measure.LAGGING: "牵头事项在已截止或已通报的轮次中审定为“滞后”，每轮每项计一次",
            Measure.LATE: "首次报送督查室晚于报送截止日（批准延期的按延期日期），或截止后仍未报送",
            Measure.RETURNED: "报送被督查室退回，每退回一次计一次",
            Measure.INSTRUCTION_LATE: "领导批示晚于其后第一个报送截止日答复，或逾期仍未答复",
        }[self]


def weight_field(measure: Measure) -> str:
    """The rule's field holding the points per occurrence of a measure."""
    return f"{measure.value}_weight"


def cap_field(measure: Measure) -> str:
    """The rule's field holding the most points (in absolute value) a measure may give."""
    return f"{measure.value}_cap"
