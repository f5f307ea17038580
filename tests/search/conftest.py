"""The search's test world: the sample with its personas, a July round of the 民生实事 list open,
区住建局's report on 老旧小区 submitted and a draft of 区民政局's saved."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from duban.supervision.choices import ListKind, Status
from duban.supervision.models import Entry, Round, TaskList
from duban.supervision.services import Report, save_entry
from tests.personas import Personas
from tests.registry_fixtures import open_round_as_operator, submit

OLD_ESTATES = "开工改造城镇老旧小区"  # an indicator (target 2个)
ELDERLY = "建设老年助餐服务点"  # an indicator 区民政局 leads
REPORTED = "城镇老旧小区改造2个，均已完成主体工程。"
DRAFT = "蓝莓花园社区助餐点已选址，正在装修。"  # 区民政局's draft: nobody else's


@dataclass
class World:
    personas: Personas
    round: Round
    reported: Entry  # the 老旧小区 entry, submitted
    draft: Entry  # 区民政局's draft


@pytest.fixture
def world(personas) -> World:  # type: ignore[no-untyped-def]
    rnd = open_round_as_operator(
        TaskList.objects.get(kind=ListKind.INDICATORS),
        period="2024年1-7月",
        as_of=date(2024, 7, 31),
        deadline=date.today() + timedelta(days=7),
    )
    reported = submit(rnd.entries.get(item__text__startswith=OLD_ESTATES), REPORTED, Status.ON_SCHEDULE)
    draft = save_entry(
        personas.actor(personas.reporter),
        rnd.entries.get(item__text=ELDERLY),
        Report(progress=DRAFT, self_status=Status.ON_SCHEDULE),
    )
    return World(personas, rnd, reported, draft)
