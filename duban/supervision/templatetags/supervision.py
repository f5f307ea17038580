"""Small template helpers for the supervision pages: labels in a list's vocabulary, state badges."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from duban.supervision.choices import EntryState, RoundState, status_label
from duban.supervision.lights import Lit

register = template.Library()

STATE_COLOURS = {
    EntryState.EMPTY: "secondary",
    EntryState.DRAFT: "info",
    EntryState.AWAITING_HEAD: "primary",
    EntryState.SUBMITTED: "warning",
    EntryState.RETURNED: "danger",
    EntryState.ACCEPTED: "success",
}
ROUND_COLOURS = {RoundState.OPEN: "success", RoundState.CLOSED: "secondary", RoundState.PUBLISHED: "dark"}


@register.simple_tag
def status_of(kind: str, status: str | None) -> str:
    """A stored status in the vocabulary of the list kind (基本完成 for tasks, 已完成 for indicators)."""
    return status_label(kind, status) or "—"


# The badges and lights below are drawn for every row of a round's table (150 items, and the
# units): each is a function of a few values from small sets, so each is built once a process.


@register.simple_tag
@lru_cache(maxsize=256)
def status_badge(kind: str, status: str | None) -> str:
    if not status:
        return mark_safe('<span class="text-muted">—</span>')  # noqa: S308 - a constant, no user text
    return format_html('<span class="status-{}">{}</span>', status, status_label(kind, status))


@register.simple_tag
@lru_cache(maxsize=64)
def state_badge(state: str) -> str:
    return format_html(
        '<span class="badge state-badge text-bg-{}">{}</span>',
        STATE_COLOURS.get(EntryState(state), "secondary"),
        EntryState(state).label,
    )


@register.simple_tag
def round_badge(state: str) -> str:
    return format_html(
        '<span class="badge state-badge text-bg-{}">{}</span>',
        ROUND_COLOURS.get(RoundState(state), "secondary"),
        RoundState(state).label,
    )


@register.simple_tag
def light(lit: Any) -> str:
    """A light as a dot and its word, with the reason as a tooltip (the colour is never the only sign)."""
    if lit is None:
        return ""
    return _light(lit)


@lru_cache(maxsize=1024)
def _light(lit: Lit) -> str:
    return format_html('<span class="{}" title="{}">{}</span>', lit.css, lit.reason, lit.word)


@register.filter
def get(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key) if mapping else None


@register.filter
def percent(value: Any) -> str:
    if value is None:
        return ""
    from duban.core.model import decimal_str

    return f"{decimal_str(value)}%"


# --- the dashboards' tables ----------------------------------------------------------------------


@register.filter
def label(source: Any, key: str) -> str:
    """A category's name on a dashboard (the list's own word for the level)."""
    return str(source.label(key))


@register.filter
def count_of(row: Any, key: str) -> int:
    return int(row.count_of(key))


@register.filter
def share_of(row: Any, key: str) -> Any:
    return row.share_of(key)


@register.filter
def total(shares: Any) -> int:
    return sum(s.count for s in shares)


@register.filter
def signed(value: Any) -> str:
    """A difference in percentage points with its sign: +3.5, −12."""
    if value is None:
        return ""
    from duban.core.model import decimal_str

    text = decimal_str(abs(value).quantize(Decimal("0.1")))
    return f"+{text}" if value > 0 else (f"−{text}" if value < 0 else "0")


@register.filter
def kind_label(kind: str) -> str:
    """A list kind's name: 目标任务, 民生实事指标, 激励措施."""
    from duban.supervision.choices import ListKind

    return str(ListKind(kind).label) if kind in ListKind.values else kind


@register.filter
def as_json(value: Any) -> str:
    """A chart's option as JSON for a data- attribute (the template escapes it for the attribute)."""
    import json

    from django.core.serializers.json import DjangoJSONEncoder

    return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)
