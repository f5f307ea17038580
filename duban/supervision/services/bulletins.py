"""Bulletins: made for rounds, the office's sections edited, published (the rounds frozen with them)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from duban.actors import Actor
from duban.audit import services as audit
from duban.audit.choices import EventType
from duban.errors import InvalidInput
from duban.supervision import policy
from duban.supervision.choices import BulletinState, RoundState
from duban.supervision.models import Bulletin, Round

STATISTICS, LAGGING = "statistics", "lagging"  # the generated sections, recomputed from the rounds


@dataclass(frozen=True)
class Section:
    """A part of a bulletin's body: a heading with its text; generated parts are recomputed."""

    key: str
    heading: str = ""
    level: int = 1  # 0 the opening (no heading), 1 一、, 2 （一）
    text: str = ""
    generated: bool = False
    to_revise: bool = False


def default_sections() -> list[Section]:
    """The sections of a first bulletin: the office writes the opening and its own two parts."""
    return [
        Section("opening", level=0, text=""),
        Section("basic", "一、基本情况", 1),
        Section(STATISTICS, level=0, generated=True),
        Section(LAGGING, "（一）进展滞后事项", 2, generated=True),
        Section("problems", "二、存在问题", 1, text=""),
        Section("suggestions", "三、后段工作建议", 1, text=""),
    ]


def sections_of(bulletin: Bulletin) -> list[Section]:
    return [Section(**s) for s in bulletin.sections] if bulletin.sections else default_sections()


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
    if previous is not None:
        sections = [Section(**{**asdict(s), "to_revise": not s.generated}) for s in sections_of(previous)]
    else:
        sections = default_sections()
    first = rounds[0]
    with transaction.atomic():
        bulletin = Bulletin.objects.create(
            region=first.task_list.region,
            title=title.strip() or f"关于{first.period}重点工作推进情况的通报",
            issuer=previous.issuer if previous else "",
            recipients=previous.recipients if previous else "",
            sections=[asdict(s) for s in sections],
        )
        bulletin.rounds.set(rounds)
        audit.record(actor, EventType.BULLETIN_GENERATE, bulletin, detail={"rounds": [r.pk for r in rounds]})
    return bulletin


def update_bulletin(
    actor: Actor,
    bulletin: Bulletin,
    *,
    fields: dict[str, Any] | None = None,
    sections: dict[str, str] | None = None,
) -> Bulletin:
    """Edit the frame (title, number, 成文日期 …) and the office's written sections of a draft."""
    policy.require(policy.is_office(actor, bulletin.region_id), "修改督查通报")
    bulletin.require_draft()
    allowed = {"title", "number", "issuer", "recipients", "date"}
    with transaction.atomic():
        before = audit.snapshot(bulletin, [*allowed, "sections"])
        for name, value in (fields or {}).items():
            if name not in allowed:
                raise InvalidInput(f"不能修改“{name}”", f"bad bulletin field {name!r}")
            if name == "date" and value is not None and not isinstance(value, date):
                raise InvalidInput("成文日期无效", f"bad date {value!r}")
            setattr(bulletin, name, value.strip() if isinstance(value, str) else value)
        if sections:
            current = sections_of(bulletin)
            keys = {s.key for s in current if not s.generated}
            unknown = set(sections) - keys
            if unknown:
                raise InvalidInput("只能修改督查室撰写的部分", f"bad sections {sorted(unknown)}")
            bulletin.sections = [
                asdict(s)
                if s.key not in sections
                else {**asdict(s), "text": sections[s.key].strip(), "to_revise": False}
                for s in current
            ]
        bulletin.save()
        audit.record(
            actor,
            EventType.BULLETIN_GENERATE,
            bulletin,
            changes=audit.diff(before, audit.snapshot(bulletin, before)),
        )
    return bulletin


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
