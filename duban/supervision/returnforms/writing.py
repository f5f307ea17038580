"""Writing a round's return forms: who gets which items, and each row's pre-filled values."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from duban.core.model import decimal_str
from duban.core.render.spec import xml_safe
from duban.errors import InvalidInput
from duban.supervision.choices import Duty, status_label
from duban.supervision.models import Entry, Item, ItemUnit, Round
from duban.supervision.queries import link_units
from duban.supervision.returnforms.docx import write_docx
from duban.supervision.returnforms.layout import (
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
    kind_label,
)
from duban.supervision.returnforms.xlsx import write_xlsx
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
        rows = [_row_values(rnd, item, prev.get(item.pk), current.get(item.pk)) for item in items]
        stem = form_stem(unit, rnd)
        paths.append(write_xlsx(rnd, unit, rows, out / f"{stem}.xlsx"))
        paths.append(write_docx(rnd, unit, rows, out / f"{stem}.docx"))
    return paths


def _row_values(rnd: Round, item: Item, prev: Entry | None, cur: Entry | None) -> dict[str, Any]:
    """One item's cells, by column header; PERCENT is None where the item has no target."""
    kind = rnd.task_list.kind
    names = [n for n in item.names if n != item.text]  # a one-level project repeats its name
    what = "—".join(names) + "：" + item.text if names else item.text
    prev_status = ""
    if prev is not None:
        prev_status = status_label(kind, prev.status or prev.self_status)
        if prev.percent is not None:
            prev_status += f"\n{decimal_str(prev.percent)}%"
    return {
        ID_HEADER: item.pk,
        SEQ: item.seq,
        ITEM: what,
        TARGET: item.target_text,
        PREV_PROGRESS: prev.progress if prev else "",
        PREV_STATUS: prev_status.strip(),
        PROGRESS: cur.progress if cur else "",
        PERCENT: cur.percent.normalize() if cur and cur.percent is not None else None,
        STATUS: status_label(kind, cur.self_status) if cur else "",
        REMARK: "",
        "has_target": bool(item.target_text) or item.target_value is not None,
    }
