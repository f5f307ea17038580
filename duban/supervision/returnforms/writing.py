"""Writing a round's return forms: who gets which items, and each row's pre-filled values."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

from duban.core.model import decimal_str
from duban.core.render.forms import FormColumn, FormRow, ReturnForm, render_form_docx, render_form_xlsx
from duban.core.render.sheet import Value
from duban.core.render.spec import xml_safe
from duban.errors import InvalidInput
from duban.supervision.choices import Duty, RoundState, status_label
from duban.supervision.models import MAX_PERCENT, Entry, Item, ItemUnit, Round
from duban.supervision.queries import link_units
from duban.supervision.returnforms import texts
from duban.supervision.returnforms.layout import (
    COLUMNS,
    FILL_COLUMNS,
    FORMAT,
    ID_HEADER,
    ITEM,
    PERCENT,
    PREV_PROGRESS,
    PREV_STATUS,
    PROGRESS,
    REMARK,
    SEQ,
    STATUS,
    TARGET,
    WIDTHS,
    WORD_WIDTHS_MM,
    kind_label,
    round_key,
    status_labels,
)
from duban.units.models import Unit

_FORBIDDEN_IN_NAMES = re.compile(r'[\\/:*?"<>|\s]+')


def unit_items(rnd: Round) -> dict[Unit, list[Item]]:
    """The lead units of the round's items, each with the items it leads, in list order.

    An item with two lead units is on both forms; a group reference (各镇（街道）) gives the item
    to every member; a merged unit's items go to the unit it was merged into.
    """
    links = (
        ItemUnit.objects.filter(item__task_list_id=rnd.task_list_id, duty=Duty.LEAD)
        .select_related("item", "unit", "group")
        .order_by("item__order", "pk")
    )
    found: dict[int, tuple[Unit, list[Item]]] = {}
    for link in links:
        for unit in link_units(link):
            _, items = found.setdefault(unit.pk, (unit, []))
            if not items or items[-1].pk != link.item.pk:
                items.append(link.item)
    ordered = sorted(found.values(), key=lambda pair: pair[0].full_name)
    return {unit: items for unit, items in ordered}


def previous_entries(rnd: Round) -> dict[int, Entry]:
    """Last round's entries by item id (empty for a list's first round)."""
    prev = rnd.previous()
    return {} if prev is None else {e.item_id: e for e in prev.entries.all()}


def form_stem(unit: Unit, rnd: Round) -> str:
    """区卫生健康局-2024年1-7月-目标任务: the list kind keeps two rounds of one period apart."""
    parts = [unit.full_name, rnd.period, kind_label(rnd.task_list.kind)]
    return "-".join(_FORBIDDEN_IN_NAMES.sub("_", xml_safe(p)) for p in parts)


def write_forms(rnd: Round, out_dir: str | Path) -> list[Path]:
    """Write one .xlsx and one .docx return form per lead unit; returns the paths written."""
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InvalidInput(
            f"无法创建目录 {out}（{exc.strerror or exc}）", f"cannot create {out}: {exc}"
        ) from exc
    prev = previous_entries(rnd)
    current = {e.item_id: e for e in rnd.entries.all()}
    paths: list[Path] = []
    for unit, items in unit_items(rnd).items():
        form = return_form(
            rnd, unit, [_row(rnd, item, prev.get(item.pk), current.get(item.pk)) for item in items]
        )
        stem = form_stem(unit, rnd)
        render_form_xlsx(form, out / f"{stem}.xlsx")
        render_form_docx(form, out / f"{stem}.docx")
        paths += [out / f"{stem}.xlsx", out / f"{stem}.docx"]
    return paths


def columns(kind: str) -> list[FormColumn]:
    """The form's columns: the hidden key, what the office fills in beforehand, what the unit writes."""
    out = []
    for name in COLUMNS:
        out.append(
            FormColumn(
                name,
                WIDTHS[name],
                WORD_WIDTHS_MM.get(name, 0.0),
                fill=name in FILL_COLUMNS,
                centred=name in (SEQ, TARGET, PREV_STATUS, PERCENT, STATUS),
                key=name == ID_HEADER,
                choices=tuple(status_labels(kind)) if name == STATUS else (),
                number=(0.0, float(MAX_PERCENT)) if name == PERCENT else None,
            )
        )
    return out


def return_form(rnd: Round, unit: Unit, rows: list[FormRow]) -> ReturnForm:
    """The unit's form for the round; a round no longer collecting gives a form marked 仅供查阅."""
    kind = rnd.task_list.kind
    return ReturnForm(
        title=texts.title(rnd),
        info=texts.info(rnd, unit),
        instructions=texts.instructions(kind, excel=True),
        columns=columns(kind),
        rows=rows,
        key={"format": FORMAT, "round": rnd.pk, "kind": kind, "unit": unit.full_name, "unit_id": unit.pk},
        identifier=round_key(rnd.pk, unit.pk),
        read_only=rnd.state != RoundState.OPEN,
        password=settings.DUBAN_FORM_PASSWORD or None,
    )


def _row(rnd: Round, item: Item, prev: Entry | None, cur: Entry | None) -> FormRow:
    """One item's row: what it is and its target, last round's entry, and this round's so far."""
    kind = rnd.task_list.kind
    names = [n for n in item.names if n != item.text]  # a one-level project repeats its name
    what = "—".join(names) + "：" + item.text if names else item.text
    prev_status = ""
    if prev is not None:
        prev_status = status_label(kind, prev.status or prev.self_status)
        if prev.percent is not None:
            prev_status += f"\n{decimal_str(prev.percent)}%"
    values: dict[str, Value] = {
        SEQ: item.seq,
        ITEM: xml_safe(what),
        TARGET: xml_safe(item.target_text),
        PREV_PROGRESS: xml_safe(prev.progress) if prev else "",
        PREV_STATUS: prev_status.strip(),
        PROGRESS: xml_safe(cur.progress) if cur else "",
        PERCENT: cur.percent.normalize() if cur and cur.percent is not None else None,
        STATUS: status_label(kind, cur.self_status) if cur else "",
        REMARK: xml_safe(cur.remark) if cur else "",
    }
    return FormRow(key=item.pk, values=values, has_target=item.quantified)
