"""Bulletins: made for rounds, the office's sections edited, published (the rounds frozen with them)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from duban.actors import Actor
from duban.audit import services as audit
from duban.audit.choices import EventType
from duban.errors import InvalidInput
from duban.supervision import policy
from duban.supervision.bulletin_doc import first_sections, lagging_paragraphs
from duban.supervision.choices import BulletinState, RoundState
from duban.supervision.models import Bulletin, Round
from duban.supervision.sections import (
    LAGGING_HEADING,
    carry_over,
    from_editable,
    sections_of,
    sections_to_json,
)


def _previous(rounds: list[Round]) -> Bulletin | None:
    """The latest bulletin on the same lists: a new one starts from its written sections."""
    lists = {r.task_list_id for r in rounds}
    return (
        Bulletin.objects.filter(rounds__task_list_id__in=lists)
        .exclude(rounds__in=rounds)
        .order_by("-created_at")
        .first()
    )


def create_bulletin(actor: Actor, rounds: list[Round], *, title: str = "") -> Bulletin:
    """A draft bulletin for rounds of one region; written sections come from the last one, to be revised."""
    if not rounds:
        raise InvalidInput("请选择通报所涉及的调度轮次", "bulletin without rounds")
    region_ids = {r.task_list.region_id for r in rounds}
    if len(region_ids) != 1:
        raise InvalidInput("一份通报只能涉及同一行政区划的轮次", "rounds of several regions")
    policy.require(policy.is_office(actor, region_ids.pop()), "起草督查通报")
    previous = _previous(rounds)
    sections = carry_over(sections_of(previous)) if previous is not None else first_sections(rounds, {})
    first = rounds[0]
    with transaction.atomic():
        bulletin = Bulletin.objects.create(
            region=first.task_list.region,
            title=title.strip() or f"关于{first.period}重点工作推进情况的通报",
            issuer=previous.issuer if previous else "",
            recipients=previous.recipients if previous else "",
            copy_to=previous.copy_to if previous else "",
            printer=previous.printer if previous else "",
            sections=sections_to_json(sections),
        )
        bulletin.rounds.set(rounds)
        audit.record(actor, EventType.BULLETIN_GENERATE, bulletin, detail={"rounds": [r.pk for r in rounds]})
    return bulletin


FRAME_FIELDS = {
    "title",
    "number",
    "issuer",
    "recipients",
    "date",
    "copy_to",
    "printer",
    "print_date",
    "unit_annex",
}


def update_bulletin(
    actor: Actor,
    bulletin: Bulletin,
    *,
    fields: dict[str, Any] | None = None,
    sections: dict[int, str] | None = None,
) -> Bulletin:
    """Edit the frame (title, number, 成文日期, 版记 …) and the office's sections of a draft."""
    policy.require(policy.is_office(actor, bulletin.region_id), "修改督查通报")
    bulletin.require_draft()
    with transaction.atomic():
        before = audit.snapshot(bulletin, [*FRAME_FIELDS, "sections"])
        for name, value in (fields or {}).items():
            if name not in FRAME_FIELDS:
                raise InvalidInput(f"不能修改“{name}”", f"bad bulletin field {name!r}")
            if name in ("date", "print_date") and value is not None and not isinstance(value, date):
                raise InvalidInput("日期无效", f"bad date {value!r}")
            setattr(bulletin, name, value.strip() if isinstance(value, str) else value)
        if sections:
            current = sections_of(bulletin)
            for index, text in sections.items():
                if not 0 <= index < len(current):
                    raise InvalidInput("没有这一部分", f"bad section {index}")
                try:
                    current[index] = from_editable(current[index], text)
                except ValueError as exc:
                    raise InvalidInput(str(exc), f"bad section text: {exc}") from exc
            bulletin.sections = sections_to_json(current)
        bulletin.save()
        changes = audit.diff(before, audit.snapshot(bulletin, before))
        audit.record(actor, EventType.BULLETIN_GENERATE, bulletin, changes=changes)
    return bulletin


def refresh_lagging(actor: Actor, bulletin: Bulletin) -> Bulletin:
    """Write the lagging items again from the rounds as they are now (the office then edits them)."""
    policy.require(policy.is_office(actor, bulletin.region_id), "修改督查通报")
    bulletin.require_draft()
    rounds = list(bulletin.rounds.select_related("task_list").order_by("pk"))
    current = sections_of(bulletin)
    fresh = "\n".join(lagging_paragraphs(rounds, {}))
    index = next((i for i, s in enumerate(current) if s.heading == LAGGING_HEADING), None)
    if index is None:
        raise InvalidInput("本通报没有“进展滞后事项”部分", f"bulletin {bulletin.pk} has no lagging section")
    return update_bulletin(actor, bulletin, sections={index: fresh})


def publish_bulletin(actor: Actor, bulletin: Bulletin) -> Bulletin:
    """Issue the bulletin: it and its rounds are frozen from now on."""
    policy.require(policy.is_office(actor, bulletin.region_id), "印发督查通报")
    bulletin.require_draft()
    with transaction.atomic():
        rounds = list(bulletin.rounds.select_for_update().select_related("task_list"))
        for rnd in rounds:
            if rnd.state == RoundState.OPEN:
                raise InvalidInput(f"调度轮次“{rnd}”尚在收集中，请先截止再印发", f"round {rnd.pk} still open")
        for rnd in rounds:
            before = rnd.state
            rnd.publish()
            rnd.save(update_fields=["state"])
            audit.record(actor, EventType.ROUND_PUBLISH, rnd, changes={"state": [before, rnd.state]})
        bulletin.state = BulletinState.PUBLISHED
        bulletin.published_at = timezone.now()
        bulletin.save(update_fields=["state", "published_at"])
        audit.record(
            actor, EventType.ROUND_PUBLISH, bulletin, changes={"state": [BulletinState.DRAFT, bulletin.state]}
        )
    return bulletin


def note_bulletin(actor: Actor, rounds: list[Round], fmt: str, *, published: bool = False) -> None:
    """Record that a bulletin was generated or downloaded (and in which format) for the rounds."""
    if not rounds:
        return
    policy.require(policy.is_office(actor, rounds[0].task_list.region_id) or published, "生成通报")
    audit.record(
        actor,
        EventType.EXPORT,
        rounds[0],
        detail={"rounds": [r.pk for r in rounds], "format": fmt, "published": published},
    )


def note_export(actor: Actor, obj: Any, what: str) -> None:
    """Record a download or export of official data (who took which file of what)."""
    audit.record(actor, EventType.EXPORT, obj, detail={"file": what})
