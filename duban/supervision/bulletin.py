"""The 督查通报 generated from rounds: statistics, lagging items, unit summary, flags, annexes."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from django.db.models import F, FilteredRelation, Q, QuerySet

from duban.core import model as core
from duban.core.count_sentences import (
    INDICATOR_STYLE,
    TASK_STYLE,
    CountStyle,
    Part,
    count_parts,
    style_from_json,
)
from duban.core.count_sentences import count_sentence as core_count_sentence
from duban.core.evaluation import Facts
from duban.core.sections import Statistic
from duban.core.text_targets import Pair, extract_pairs
from duban.lookups import Among
from duban.supervision.choices import Duty, ListKind, Status
from duban.supervision.models import Entry, Item, ItemUnit, Round, TaskList
from duban.supervision.queries import LOADED_LINKS, links_of
from duban.units.models import Unit, UnitGroup

_CATEGORY_ORDER = ["省级", "市级", "区级"]
DEFAULT_STYLES = {ListKind.TASKS: TASK_STYLE, ListKind.INDICATORS: INDICATOR_STYLE}


def style_for(task_list: TaskList) -> CountStyle:
    """How the list's own source counted it (kept on import), else the default style of its kind."""
    fallback = DEFAULT_STYLES.get(ListKind(task_list.kind), TASK_STYLE)
    return style_from_json(task_list.count_style, fallback) if task_list.count_style else fallback


# Entries already loaded for one bulletin build, by round id: a bulletin reads each round's
# entries for several sections, and one query set per round is enough.
Loaded = dict[int, list[Entry]]


# What a bulletin reads of an entry and of its item (its sentences, lagging items, annexes, unit
# summary): the rest — who submitted and reviewed it, when, the remarks — stays in the database.
BULLETIN_FIELDS = (
    "round_id",
    "status",
    "status_text",
    "progress",
    "percent",
    "item__task_list_id",
    "item__order",
    "item__seq",
    "item__category",
    "item__names",
    "item__text",
    "item__target_text",
    "item__target_value",
    "item__target_unit",
    "item__target_qualifier",
    "item__district_livelihood",
)


# … of the items' lead links, and of their units: what naming them needs (`lead_units`, `_load_lean`).
LINK_COLUMNS = ("item_id", "duty", "as_written", "unit_id", "group_id")
UNIT_FIELDS = ("name", "parent_id", "merged_into_id")


def load_entries(rounds: list[Round], loaded: Loaded, fields: tuple[str, ...] | None = None) -> None:
    """Every round's entries not in `loaded` yet, in list order, and their items' links with their
    units and groups (`load_links`).

    `fields`: load only those of the entries and their items (`BULLETIN_FIELDS`) and only the lead
    links, with what naming their units needs, all in one query (`_load_lean`); None: everything,
    the links in a query of their own. Each entry's round and its item's list are the round
    objects given, not loaded again.
    """
    missing = {r.pk: r for r in rounds if r.pk not in loaded}
    if not missing:
        return
    for rnd in missing.values():
        loaded[rnd.pk] = []
    if fields is not None:
        _load_lean(missing, loaded, fields)
        return
    query = Entry.objects.filter(round_id__in=list(missing)).select_related("item")
    for e in query.order_by("round_id", "item__seq", "item__order"):
        _attach(e, missing[e.round_id], loaded)
    items = [e.item for r in missing for e in loaded[r]]
    load_links(items, item_ids=Entry.objects.filter(round_id__in=list(missing)).values("item_id"))


def _attach(entry: Entry, rnd: Round, loaded: Loaded) -> None:
    entry.round = rnd
    if entry.item.task_list_id == rnd.task_list_id:
        entry.item.task_list = rnd.task_list
    loaded[rnd.pk].append(entry)


def _in_order(model: type[Any], names: set[str]) -> list[str]:
    """The names among the model's columns (attnames), in the model's order."""
    return [f.attname for f in model._meta.concrete_fields if f.attname in names]


def _load_lean(missing: dict[int, Round], loaded: Loaded, fields: tuple[str, ...]) -> None:
    """The rounds' entries with the fields' columns, their items, and the items' lead links with
    their units, in one query: an entry a row per lead link (or one with none).

    Three queries before (entries, links, units): on the province's database each costs about
    0.3 ms of planning and round trip whatever it reads, the bulletin's largest share of its
    database time. The units are joined by key through the lead links of a hundred-odd items, so
    PostgreSQL looks them up by index (joined to every link of the table it hashed them all).
    Groups, and the parents and successors of units, are read after, by key, only if any.
    """
    # In each model's field order: `from_db` takes the values of the fields it is given in that order.
    entry_fields = _in_order(Entry, {"id", "item_id", *(f for f in fields if "__" not in f)})
    item_fields = _in_order(
        Item, {"id", *(f.removeprefix("item__") for f in fields if f.startswith("item__"))}
    )
    link_fields = _in_order(ItemUnit, {"id", *LINK_COLUMNS})
    unit_fields = _in_order(Unit, {"id", *UNIT_FIELDS})
    lead = FilteredRelation("item__units", condition=Q(item__units__duty=Duty.LEAD))
    rows = (
        Entry.objects.filter(round_id__in=list(missing))
        .annotate(lead=lead)
        .values_list(
            *entry_fields,
            *(f"item__{f}" for f in item_fields),
            *(f"lead__{f}" for f in link_fields),
            *(f"lead__unit__{f}" for f in unit_fields),
        )
        # Sorted here, not by the database: its sort is a tenth of the query's time.
        .order_by()
    )
    alias = rows.db
    e_end = len(entry_fields)
    i_end = e_end + len(item_fields)
    l_end = i_end + len(link_fields)
    e_pk, e_item = entry_fields.index("id"), entry_fields.index("item_id")
    l_pk, l_unit = i_end + link_fields.index("id"), i_end + link_fields.index("unit_id")
    entries: dict[int, Entry] = {}
    links: dict[int, dict[int, ItemUnit]] = {}
    units: dict[int, Unit] = {}
    for row in rows:
        if row[e_pk] not in entries:
            e = Entry.from_db(alias, entry_fields, row[:e_end])
            e.item = Item.from_db(alias, item_fields, row[e_end:i_end])
            entries[row[e_pk]] = e
        item_links = links.setdefault(row[e_item], {})
        if row[l_pk] is None or row[l_pk] in item_links:
            continue
        link = ItemUnit.from_db(alias, link_fields, row[i_end:l_end])
        if link.group_id is None:  # known to be none (assigning None would clear the key too)
            ItemUnit.group.field.set_cached_value(link, None)
        unit_id = row[l_unit]
        if unit_id is None:
            ItemUnit.unit.field.set_cached_value(link, None)
        else:
            if unit_id not in units:
                units[unit_id] = Unit.from_db(alias, unit_fields, row[l_end:])
            link.unit = units[unit_id]
        item_links[row[l_pk]] = link
    grouped = [link for lst in links.values() for link in lst.values() if link.group_id is not None]
    if grouped:
        groups = UnitGroup.objects.only("name").in_bulk({link.group_id for link in grouped})
        for link in grouped:
            link.group = groups[link.group_id]
    for e in sorted(entries.values(), key=lambda e: (e.round_id, e.item.seq, e.item.order)):
        _attach(e, missing[e.round_id], loaded)
        item_links_list = sorted(links[e.item_id].values(), key=lambda link: link.pk)
        for link in item_links_list:
            link.item = e.item
        setattr(e.item, LOADED_LINKS, item_links_list)
    name_units(list(units.values()), UNIT_FIELDS)


def load_links(
    items: list[Item],
    *,
    order: tuple[str, ...] = ("pk",),
    item_ids: QuerySet[Any] | None = None,
) -> None:
    """The items' links in a list on each item (`links_of`), with their units named (`name_units`)
    and their groups: one query for the links, one for their units, one for their groups if any.

    The units and groups are read by key, not joined to the links: joined, PostgreSQL hashes the
    whole unit table (every unit of a province, 15,000) to name the hundred a bulletin cites.
    `item_ids`: a one-column query giving the items' ids (and maybe others', whose links are left
    out), to read the links through (`Among`) instead of a list of every id.
    """
    if not items:
        return
    by_item: dict[int, list[Item]] = defaultdict(list)
    for item in items:
        by_item[item.pk].append(item)
    if item_ids is None:
        query = ItemUnit.objects.filter(item_id__in=list(by_item))
    else:
        query = ItemUnit.objects.filter(Among(F("item_id"), item_ids))
    query = query.order_by(*order)
    found: dict[int, list[ItemUnit]] = defaultdict(list)
    for link in query:
        if link.item_id in by_item:
            found[link.item_id].append(link)
    unit_ids = {link.unit_id for lst in found.values() for link in lst if link.unit_id is not None}
    group_ids = {link.group_id for lst in found.values() for link in lst if link.group_id is not None}
    # By key, in no order (the units' own order joins their regions to sort them).
    units = Unit.objects.order_by().in_bulk(unit_ids) if unit_ids else {}
    groups = UnitGroup.objects.order_by().in_bulk(group_ids) if group_ids else {}
    for item_id, same in by_item.items():
        item_links = found.get(item_id, [])
        for link in item_links:
            link.item = same[-1]
            link.unit = units[link.unit_id] if link.unit_id is not None else None
            link.group = groups[link.group_id] if link.group_id is not None else None
        for item in same:
            setattr(item, LOADED_LINKS, item_links)
    name_units(list(units.values()))


def name_units(units: list[Unit], fields: tuple[str, ...] | None = None) -> None:
    """Load what naming the units needs (`canonical().full_name`): the parents of sub-units and the
    units merged into, in one query a level, instead of one query a unit when a name is asked for."""
    known = {u.pk: u for u in units}
    pending = units
    while pending:
        wanted = {
            pk
            for u in pending
            for pk, cached in (
                (u.parent_id, Unit.parent.is_cached(u)),
                (u.merged_into_id, Unit.merged_into.is_cached(u)),
            )
            if pk is not None and not cached
        }
        query = Unit.objects.only(*fields) if fields is not None else Unit.objects.all()
        known |= query.in_bulk([pk for pk in wanted if pk not in known]) if wanted else {}
        for u in pending:
            if u.parent_id is not None and not Unit.parent.is_cached(u):
                u.parent = known[u.parent_id]
            if u.merged_into_id is not None and not Unit.merged_into.is_cached(u):
                u.merged_into = known[u.merged_into_id]
        pending = [known[pk] for pk in wanted]


def entries_of(rnd: Round, loaded: Loaded | None = None) -> list[Entry]:
    """A round's entries in list order, with their items and units loaded (once per `loaded`)."""
    loaded = {} if loaded is None else loaded
    load_entries([rnd], loaded)
    return loaded[rnd.pk]


def count_sentence(
    kind: str, subject: str, unit_word: str, statuses: list[str], style: CountStyle | None = None
) -> str:
    """ "80项目标任务中，已完成年度目标任务的7项，占8.8%；…" — in the list's style; shares add up to 100."""
    chosen = style or DEFAULT_STYLES.get(ListKind(kind), TASK_STYLE)
    return core_count_sentence(subject, statuses, replace(chosen, measure=unit_word or chosen.measure))


def entry_key(entry: Entry) -> str:
    """What a count sentence counts an entry as: its level, a source's own label (其它类), or "" (no report)."""
    return entry.status or entry.status_text


def keys_of(entries: list[Entry]) -> list[str]:
    """The key of each entry, as the count sentences count them."""
    return [entry_key(e) for e in entries]


def distribution(task_list: TaskList, entries: list[Entry]) -> list[Part]:
    """The numbers of the list's count sentence for these entries: each category's count and share.

    The bulletin's sentence and the dashboard's chart both come from here, so they cannot differ."""
    return count_parts(keys_of(entries), style_for(task_list))


def statistics(rounds: list[Round], loaded: Loaded | None = None) -> dict[Statistic, str]:
    """Each list's count sentences, as the 基本情况 of the sample writes them, computed from the entries."""
    out: dict[Statistic, str] = {}
    for rnd in rounds:
        entries = entries_of(rnd, loaded)
        kind = rnd.task_list.kind
        style = style_for(rnd.task_list)
        if kind == ListKind.TASKS:
            title = rnd.task_list.title
            ref = m.group(1) if (m := re.match(r"^(《.+》)", title)) else ""
            includes = "（含区级民生实事）" if any(e.item.district_livelihood for e in entries) else ""
            subject = rnd.task_list.count_style.get("subject") or "目标任务"
            sentence = count_sentence(kind, subject, style.measure, keys_of(entries), style)
            out[Statistic.TASKS] = ref + includes + sentence + "。"
        elif kind == ListKind.INDICATORS:
            out[Statistic.INDICATORS] = _indicator_sentences(entries, style)
    return out


def statistics_paragraph(rounds: list[Round], loaded: Loaded | None = None) -> str:
    """The 基本情况 count sentences of every list, in one paragraph."""
    return "".join(statistics(rounds, loaded).values())


def _indicator_sentences(entries: list[Entry], style: CountStyle) -> str:
    by_cat: dict[str, list[str]] = defaultdict(list)
    for e in entries:
        by_cat[e.item.category or "其他"].append(entry_key(e))
    cats = [c for c in _CATEGORY_ORDER if c in by_cat] + [c for c in by_cat if c not in _CATEGORY_ORDER]
    level = cats[0] if len(cats) == 1 else "".join(c[0] for c in cats)
    measure = style.measure
    keys = keys_of(entries)
    text = count_sentence(ListKind.INDICATORS, f"{level}重点民生实事", measure, keys, style) + "。"
    if len(cats) > 1:
        inner = [
            count_sentence(ListKind.INDICATORS, f"{c}重点民生实事", measure, by_cat[c], style) for c in cats
        ]
        text += "其中" + "；".join(inner) + "。"
    return text


def lead_names(entry: Entry) -> list[str]:
    """The lead units of an entry's item as the documents name them."""
    return [link.as_written for link in links_of(entry.item) if link.duty == Duty.LEAD]


def lead_units(entry: Entry) -> list[str]:
    """The lead units of an entry's item, resolved: 区卫健局 and 区卫生健康局 are one unit."""
    names = []
    for link in links_of(entry.item):
        if link.duty != Duty.LEAD:
            continue
        if link.unit is not None:
            names.append(link.unit.canonical().full_name)
        else:
            names.append(link.group.name if link.group else link.as_written)
    return list(dict.fromkeys(names))


@dataclass
class UnitSummary:
    """One lead unit's standing in a round."""

    unit: str
    led: int = 0
    completed: int = 0
    on_schedule: int = 0
    lagging: int = 0
    not_submitted: int = 0
    lagging_items: list[str] = field(default_factory=list)


def unit_summaries(rounds: list[Round], loaded: Loaded | None = None) -> list[UnitSummary]:
    """Per lead unit: items led, completed, on schedule, lagging, not submitted; lagging items listed."""
    table: dict[str, UnitSummary] = {}
    for rnd in rounds:
        for e in entries_of(rnd, loaded):
            for name in lead_units(e) or ["（未明确牵头单位）"]:
                s = table.setdefault(name, UnitSummary(name))
                s.led += 1
                if e.status == Status.COMPLETED:
                    s.completed += 1
                elif e.status == Status.ON_SCHEDULE:
                    s.on_schedule += 1
                elif e.status == Status.LAGGING:
                    s.lagging += 1
                    s.lagging_items.append(f"第{e.item.seq}项 {e.item.text.rstrip('。；;. ')}")
                else:
                    s.not_submitted += 1
    return sorted(table.values(), key=lambda s: (-s.lagging, -s.not_submitted, s.unit))


def text_pairs(entry: Entry) -> list[Pair]:
    """Targets found in a task's text with the figures that answer them in its progress."""
    if entry.item.task_list.kind != ListKind.TASKS or not entry.progress:
        return []
    return extract_pairs(entry.item.text, entry.progress)


def entry_facts(entry: Entry, rnd: Round) -> Facts | None:
    """The figures an entry's status can be checked against, or None for text-only progress.

    For a task, the targets found in its text are used; the most-behind target governs.
    """
    is_task = rnd.task_list.kind == ListKind.TASKS
    percent = entry.percent
    if percent is None and is_task:
        found = [p.share for p in text_pairs(entry) if p.share is not None]
        percent = min(found) if found else None
    if percent is None:
        return None
    return Facts(as_of=rnd.as_of, percent=Decimal(percent), tolerance=rnd.tolerance, for_task=is_task)


# --- rounds back to core records, for the annexes ------------------------------------------------


def round_tasks(rnd: Round, loaded: Loaded | None = None) -> list[core.Task]:
    return [
        core.Task(
            seq=e.item.seq,
            text=e.item.text,
            lead_units=lead_names(e),
            progress=e.progress,
            status=core.Status(e.status) if e.status else None,
            district_livelihood=e.item.district_livelihood,
        )
        for e in entries_of(rnd, loaded)
    ]


def round_indicators(rnd: Round, loaded: Loaded | None = None) -> list[core.Indicator]:
    out = []
    for e in entries_of(rnd, loaded):
        item = e.item
        leads = lead_names(e)
        out.append(
            core.Indicator(
                category=item.category,
                seq=item.seq,
                names=list(item.names),
                indicator=item.text,
                target=core.Quantity(
                    item.target_text, item.target_value, item.target_unit, item.target_qualifier or None
                ),
                lead_unit=leads[0] if leads else "",
                progress=e.progress,
                percent=e.percent.normalize() if e.percent is not None else None,
                evaluation=core.Status(e.status) if e.status else None,
            )
        )
    return out
