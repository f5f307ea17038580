"""A document's tasks, indicators and measures stored as task lists, items and (for bulletins) a closed round.

Items are matched, never recreated, so that the entries and reviews hanging on them survive:
a later bulletin of the same list matches items by 序号 and text (a changed text is a new item,
the old one keeps its history); a replaced document matches by number (序号, and the position
among rows sharing it) and updates the matched items in place, listing every changed field.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import models

from duban.core import lint
from duban.core import model as core
from duban.core.count_sentences import INDICATOR_STYLE, TASK_STYLE, style_of, style_to_json
from duban.core.periods import period_from_title
from duban.core.text_targets import stated_targets
from duban.documents.models import Document
from duban.supervision.choices import Duty, EntryState, ListKind, RoundState
from duban.supervision.models import Entry, Item, ItemUnit, Round, TaskList
from duban.units.resolve import Resolver

Record = core.Task | core.Indicator | core.Measure

KIND_OF_RECORDS: list[tuple[ListKind, str]] = [
    (ListKind.TASKS, "tasks"),
    (ListKind.INDICATORS, "indicators"),
    (ListKind.MEASURES, "measures"),
]
ITEM_FIELDS = [
    "text",
    "names",
    "category",
    "district_livelihood",
    "leader",
    "deadline_text",
    "target_text",
    "target_value",
    "target_unit",
    "target_qualifier",
    "provincial_lead",
]
FIELD_LABELS = {
    "text": "内容",
    "names": "项目名称",
    "category": "类别",
    "district_livelihood": "区级民生实事",
    "target_text": "目标",
    "target_value": "目标值",
    "target_unit": "目标单位",
    "target_qualifier": "目标限定",
    "provincial_lead": "省级牵头单位",
    "leader": "责任领导",
    "deadline_text": "完成时限",
    "status_text": "进度（原文）",
    "units": "责任单位",
    "progress": "进展情况",
    "percent": "完成比例",
    "self_status": "所列进度",
    "status": "审定进度",
    "appointment": "任免事项",
    "issuer": "发文机关",
    "title": "标题",
    "date": "成文日期",
    "recipients": "主送机关",
    "attachments": "附件",
    "kind": "公文类别",
}


@dataclass(frozen=True)
class FieldChange:
    """One value a replacement changed: where, which field, before and after."""

    where: str
    field: str
    old: str
    new: str

    @property
    def label(self) -> str:
        return FIELD_LABELS.get(self.field, self.field)


@dataclass
class ListOutcome:
    """What storing a document's lists did: items stored, changes made, office data that would go."""

    items: int = 0
    changes: list[FieldChange] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)


def list_title(annex_title: str) -> str:
    """The list a progress annex reports on: drop the trailing 进展情况 and the quotes."""
    title = re.sub(r"\s+", "", annex_title)
    title = re.sub(r"(推进|进展|完成)情况(表)?$", "", title)
    return title or annex_title


def record_lists(
    document: Document,
    parsed: core.ParsedDocument,
    resolver: Resolver,
    as_of: date | None,
    *,
    replacing: bool = False,
) -> ListOutcome:
    """Store the tasks, indicators and measures of a document; a bulletin's progress becomes a closed round."""
    outcome = ListOutcome()
    # A document stored just now has no rounds yet: no query for them.
    previous_rounds = (
        {r.task_list.kind: r for r in Round.objects.filter(document=document).select_related("task_list")}
        if replacing
        else {}
    )
    for kind, attr in KIND_OF_RECORDS:
        records: Sequence[Record] = getattr(parsed, attr)
        if not records:
            continue
        title = list_title(parsed.list_titles.get(attr, "") or parsed.title)
        task_list = _task_list(document, kind, title, previous_rounds.get(kind))
        if replacing:
            mine = _items_of(document, task_list, previous_rounds.get(kind))
            items = _match_by_number(document, task_list, mine, records, resolver, outcome)
        else:
            items = _match_by_text(task_list, records, resolver)
        outcome.items += len(items)
        _keep_count_style(task_list, parsed, kind)
        # A decomposition without progress columns is a list with no round, not a round where
        # every item is "not submitted".
        if kind != ListKind.MEASURES and parsed.has_progress.get(attr, True):
            rnd = previous_rounds.pop(kind, None)
            _bulletin_round(document, parsed, task_list, items, records, as_of, rnd, outcome)
    for rnd in previous_rounds.values():
        # The new text no longer reports on this list: its round goes, unless the office worked on it.
        reviewed = rnd.entries.exclude(reviewed_at__isnull=True).count()
        if reviewed:
            outcome.dropped.append(f"“{rnd.task_list}”的调度轮次（含督查室审核过的{reviewed}项）")
        rnd.delete()
    return outcome


def _keep_count_style(task_list: TaskList, parsed: core.ParsedDocument, kind: ListKind) -> None:
    """A bulletin that counts the list in its own words: keep the style for the bulletins duban writes."""
    if kind == ListKind.MEASURES:
        return
    for stated in parsed.stated_counts:
        if lint.list_kind_of(stated.subject) != str(kind):
            continue
        fallback = TASK_STYLE if kind == ListKind.TASKS else INDICATOR_STYLE
        style = {**style_to_json(style_of(stated, fallback)), "subject": stated.subject}
        if style != task_list.count_style:
            task_list.count_style = style
            task_list.save(update_fields=["count_style"])
        return


def _task_list(document: Document, kind: ListKind, title: str, previous: Round | None) -> TaskList:
    if previous is not None:
        # Replacing: the list this document reported on, even if the annex title was corrected.
        return previous.task_list
    task_list, _ = TaskList.objects.get_or_create(
        region=document.region,
        kind=kind,
        title=title,
        defaults={
            "year": document.year or (document.date.year if document.date else None),
            "document": document,
        },
    )
    return task_list


def _values(rec: Record) -> dict[str, object]:
    """An item's fields as the record gives them."""
    if isinstance(rec, core.Task):
        return {
            "text": rec.text,
            "district_livelihood": rec.district_livelihood,
            "category": "区级" if rec.district_livelihood else rec.category[:60],
            "leader": rec.leader[:100],
            "deadline_text": rec.deadline[:100],
            # The figures the task sets are its target: the form shows them and takes a 完成比例.
            "target_text": "；".join(stated_targets(rec.text))[:300],
        }
    if isinstance(rec, core.Indicator):
        return {
            "text": rec.indicator,
            "names": list(rec.names),
            "category": rec.category,
            "target_text": rec.target.text,
            "target_value": rec.target.value,
            "target_unit": rec.target.unit,
            "target_qualifier": rec.target.qualifier or "",
        }
    return {"text": rec.text, "provincial_lead": rec.provincial_lead or ""}


def _duties(rec: Record) -> list[tuple[Duty, str]]:
    if isinstance(rec, core.Task):
        return [(Duty.LEAD, n) for n in rec.lead_units] + [(Duty.RELATED, n) for n in rec.related_units]
    if isinstance(rec, core.Measure):
        leads = [rec.lead_unit] if rec.lead_unit else []
        return [(Duty.LEAD, n) for n in leads] + [(Duty.RELATED, n) for n in rec.related_units]
    return [(Duty.LEAD, rec.lead_unit)] if rec.lead_unit else []


def _create(task_list: TaskList, order: int, rec: Record, resolver: Resolver) -> Item:
    item = Item(task_list=task_list, order=order, seq=rec.seq, **_values(rec))
    item.save()
    _link_all(item, rec, resolver)
    return item


def _link_all(item: Item, rec: Record, resolver: Resolver) -> None:
    links = []
    for duty, name in _duties(rec):
        group = resolver.group(name)
        unit = None if group is not None else resolver.unit(name).unit
        links.append(ItemUnit(item=item, duty=duty, as_written=name, group=group, unit=unit))
    ItemUnit.objects.bulk_create(links)


def _match_by_text(task_list: TaskList, records: Sequence[Record], resolver: Resolver) -> list[Item]:
    """A later document of the list: items by 序号 and text; new ones added, none deleted."""
    existing = {(i.seq, i.text): i for i in task_list.items.all()}
    next_order = max((i.order for i in existing.values()), default=0) + 1
    items: list[Item] = []
    for rec in records:
        found = existing.pop((rec.seq, str(_values(rec)["text"])), None)  # each item answers one record
        if found is None:
            found = _create(task_list, next_order, rec, resolver)
            next_order += 1
        items.append(found)
    return items


def _numbered(pairs: Sequence[tuple[int, object]]) -> dict[tuple[int, int], int]:
    """(序号, position among rows of that 序号) → index: indicators share a 序号 across sub-rows."""
    seen: dict[int, int] = {}
    out: dict[tuple[int, int], int] = {}
    for index, (seq, _) in enumerate(pairs):
        k = seen.get(seq, 0)
        seen[seq] = k + 1
        out[(seq, k)] = index
    return out


def _shown(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "—".join(map(str, value))
    return str(value)


def _items_of(document: Document, task_list: TaskList, rnd: Round | None) -> list[Item]:
    """The items a document brought: those its round reports on, or the list it created (measures)."""
    if rnd is not None:
        found = Item.objects.filter(entries__round=rnd)
    elif task_list.document_id == document.pk:
        found = task_list.items.all()
    else:
        return []
    return list(found.order_by("order").prefetch_related("units"))


def _match_by_number(
    document: Document,
    task_list: TaskList,
    old_items: list[Item],
    records: Sequence[Record],
    resolver: Resolver,
    outcome: ListOutcome,
) -> list[Item]:
    """A replaced document: items by number, updated in place; those it no longer has are removed."""
    old_at = _numbered([(i.seq, i) for i in old_items])
    new_at = _numbered([(r.seq, r) for r in records])
    # Items of the list this document no longer reported on but that other rounds kept: a record
    # that comes back under their number is them again, not a second item of the same number.
    mine = {i.pk for i in old_items}
    kept = [i for i in task_list.items.order_by("order").prefetch_related("units") if i.pk not in mine]
    kept_at = _numbered([(i.seq, i) for i in kept])
    next_order = (task_list.items.aggregate(m=models.Max("order"))["m"] or 0) + 1
    items: list[Item] = []
    for key, index in sorted(new_at.items(), key=lambda kv: kv[1]):
        rec = records[index]
        where = f"第{rec.seq}项"
        old_index = old_at.pop(key, None)
        if old_index is None and key in kept_at:
            item = kept[kept_at.pop(key)]
        elif old_index is None:
            items.append(_create(task_list, next_order, rec, resolver))
            next_order += 1
            outcome.changes.append(FieldChange(where, "text", "", str(_values(rec)["text"])))
            continue
        else:
            item = old_items[old_index]
        values = _values(rec)
        changed = [name for name, value in values.items() if getattr(item, name) != value]
        for name in changed:
            outcome.changes.append(
                FieldChange(where, name, _shown(getattr(item, name)), _shown(values[name]))
            )
            setattr(item, name, values[name])
        if changed:
            item.save(update_fields=changed)
        written = [(link.duty, link.as_written) for link in item.units.all()]
        if sorted(written) != sorted(_duties(rec)):
            outcome.changes.append(
                FieldChange(
                    where, "units", "、".join(n for _, n in written), "、".join(n for _, n in _duties(rec))
                )
            )
            item.units.all().delete()
            _link_all(item, rec, resolver)
        items.append(item)
    for old_index in old_at.values():
        item = old_items[old_index]
        outcome.changes.append(FieldChange(f"第{item.seq}项", "text", item.text, ""))
        # Other rounds hang on the item: it stays, and only this document's entry goes.
        stays = item.entries.exclude(round__document=document).exists()
        lost = item.entries.filter(round__document=document) if stays else item.entries.all()
        if lost.exclude(reviewed_at__isnull=True).exists():
            outcome.dropped.append(f"第{item.seq}项“{item.text[:30]}”的督查室审核记录")
        if not stays:
            item.delete()
    return items


def _bulletin_round(
    document: Document,
    parsed: core.ParsedDocument,
    task_list: TaskList,
    items: list[Item],
    records: Sequence[Record],
    as_of: date | None,
    rnd: Round | None,
    outcome: ListOutcome,
) -> None:
    """The progress the document reports, as a closed round (kept, and updated, on replacement)."""
    if rnd is None:
        period = period_from_title(parsed.title, document.year)
        round_as_of = as_of or (period.as_of if period else None) or document.date or date.today()
        rnd = Round.objects.create(
            task_list=task_list,
            period=period.label if period else f"截至{round_as_of:%Y年%-m月%-d日}",
            as_of=round_as_of,
            state=RoundState.CLOSED,
            document=document,
        )
    existing = {e.item_id: e for e in rnd.entries.all()}
    fresh: list[Entry] = []
    for item, rec in zip(items, records, strict=True):
        status = (
            rec.status
            if isinstance(rec, core.Task)
            else rec.evaluation
            if isinstance(rec, core.Indicator)
            else None
        )
        values: dict[str, Any] = {
            "progress": rec.progress if not isinstance(rec, core.Measure) else "",
            "percent": rec.percent if isinstance(rec, core.Indicator) else None,
            "self_status": status.value if status else "",
            "status_text": "" if isinstance(rec, core.Measure) else rec.status_text[:40],
        }
        entry = existing.pop(item.pk, None)
        if entry is None:
            entry = Entry(
                round=rnd, item=item, state=EntryState.ACCEPTED, status=values["self_status"], **values
            )
            entry.check_values()
            fresh.append(entry)
            continue
        where = f"第{item.seq}项"
        changed = [k for k, v in values.items() if getattr(entry, k) != v]
        for name in changed:
            outcome.changes.append(
                FieldChange(where, name, _shown(getattr(entry, name)), _shown(values[name]))
            )
            setattr(entry, name, values[name])
        if not entry.override_reason and entry.status != values["self_status"]:
            # The document states the status; the office's own decision (an override) is kept.
            changed.append("status")
            entry.status = str(values["self_status"])
        if changed:
            entry.save(update_fields=changed)
    Entry.objects.bulk_create(fresh)
    for entry in existing.values():
        entry.delete()  # its item left the list; listed as dropped above when the office had worked on it
