"""A whole district, city or province of supervision data, generated for the benchmarks.

`generate_scale(SCALES["province"], seed)` stores, for each county of 湖南省 (14 cities, 122
counties): the built-in unit directory, an office, a leader and a reporter for each of 40
reporting units, a 目标任务 list (110 items) and a 民生实事 list (40 items), monthly rounds
(36 at province scale: three years) with an entry for every item of every round — the text of
progress as long as real ones — and the people of generated 任免通知 imported through the import
service. Rows are written with bulk_create in batches: a province takes minutes, not hours.

Deterministic: the same scale and seed give the same rows (one `random.Random` per region,
seeded from the seed and the region's code; fixed vocabularies).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction

from duban.accounts.models import User
from duban.actors import Actor, Via
from duban.benchdata.notices import generate
from duban.core.divisions import Region as Division
from duban.core.divisions import regions as all_divisions
from duban.intake.services import Options, import_data
from duban.roles import Role
from duban.supervision.choices import Duty, EntryState, ListKind, RoundState, Status
from duban.supervision.models import Bulletin, Entry, Item, ItemUnit, Round, TaskList
from duban.units.models import Region, Unit
from duban.units.resolve import ensure_directory

PASSWORD = "duban-bench"  # noqa: S105 — the generated benchmark accounts' known password, never a real one
BATCH = 5000
REPORTING_UNITS = 40


@dataclass(frozen=True)
class Scale:
    """How much to generate: which counties, items per list, rounds per list, notices per county."""

    name: str
    city: str | None  # the city whose counties; None: every county of the province
    counties: int | None  # at most this many counties (None: all)
    tasks: int = 110
    indicators: int = 40
    rounds: int = 12
    notices: int = 20  # generated 任免通知 per county (≈ 20 appointment items each)
    province: str = "湖南省"


SCALES = {
    "district": Scale("district", "岳阳市", 1, rounds=12, notices=40),
    "city": Scale("city", "岳阳市", None, rounds=24, notices=30),
    "province": Scale("province", None, None, rounds=36, notices=20),
}


def divisions(scale: Scale) -> list[Division]:
    """The counties of the scale, in the national list's order (云溪区 first for a district)."""
    found = [d for d in all_divisions() if d.province == scale.province]
    if scale.city is not None:
        found = [d for d in found if d.city == scale.city]
        found.sort(key=lambda d: d.county != "云溪区")  # the sample's district first
    return found[: scale.counties] if scale.counties else found


@dataclass
class Generated:
    regions: int = 0
    users: int = 0
    items: int = 0
    rounds: int = 0
    entries: int = 0
    notices: int = 0


Report = Callable[[str], None]


def generate_scale(scale: Scale, seed: int, report: Report | None = None) -> Generated:
    """Store the scale's data (regions already stored are generated again only where missing)."""
    out = Generated()
    password = make_password(PASSWORD, salt="bench")  # one hash for every account: hashing is slow
    for k, division in enumerate(divisions(scale)):
        rng = random.Random(f"{seed}:{division.code}")  # noqa: S311 — benchmark data, not a secret
        with transaction.atomic():
            region, _ = Region.objects.get_or_create(
                province=division.province,
                city=division.city or "",
                county=division.county,
                defaults={"level": division.level_char},
            )
            ensure_directory(region)
            if TaskList.objects.filter(region=region, title__startswith=_LIST_PREFIX).exists():
                continue
            units = _reporting_units(region)
            out.users += _users(region, units, password, k)
            made: list[list[Round]] = []
            for kind, size in ((ListKind.TASKS, scale.tasks), (ListKind.INDICATORS, scale.indicators)):
                items, rounds, entries = _list(rng, region, units, kind, size, scale.rounds)
                out.items += len(items)
                out.rounds += len(rounds)
                out.entries += entries
                made.append(rounds)
            _bulletin(region, [rounds[-2] for rounds in made if len(rounds) > 1])
        out.notices += _notices(region, division, seed, scale.notices)
        out.regions += 1
        if report is not None:
            report(f"{division.name}：{out.entries:,} 条填报")
    return out


_LIST_PREFIX = "【基准】"


def _reporting_units(region: Region) -> list[Unit]:
    """The region's first departments and towns: the units that report."""
    units = list(
        Unit.objects.filter(region=region, parent__isnull=True, merged_into__isnull=True)
        .exclude(builtin_key="")
        .order_by("pk")[:REPORTING_UNITS]
    )
    return units


def _users(region: Region, units: list[Unit], password: str, k: int) -> int:
    """An office, a leader and a reporter for each unit: named by the region's code and the unit's place."""
    code = f"r{k:03d}"
    people = [
        User(username=f"{code}-office", first_name=f"{region.county}督查室", role=Role.OFFICE, is_staff=True),
        User(username=f"{code}-leader", first_name=f"{region.county}领导", role=Role.LEADER),
    ] + [
        User(username=f"{code}-u{i:02d}", first_name=f"{u.name}填报员", role=Role.REPORTER)
        for i, u in enumerate(units)
    ]
    for user in people:
        user.region = region
        user.password = password
        user.must_change_password = False
    User.objects.bulk_create(people)
    stored = {u.username: u for u in User.objects.filter(username__startswith=f"{code}-")}
    through = User.units.through
    through.objects.bulk_create(
        [through(user_id=stored[f"{code}-u{i:02d}"].pk, unit_id=u.pk) for i, u in enumerate(units)]
    )
    return len(people)


# --- lists, rounds and entries ---------------------------------------------------------------

_VERBS = ("推进", "完成", "实施", "建成", "启动", "新建", "改造", "提升", "开展", "落实")
_OBJECTS = (
    "城区污水管网改造工程",
    "农村公路提质改造",
    "中小学校舍建设项目",
    "高标准农田建设",
    "老旧小区改造",
    "政务服务一网通办",
    "乡镇卫生院标准化建设",
    "产业园区标准厂房",
    "农村饮水安全巩固提升工程",
    "城乡居民医保参保扩面",
    "重点项目招商引资",
    "规模以上工业增加值增长",
    "固定资产投资",
    "全域旅游示范区创建",
    "河湖长制工作",
    "安全生产专项整治",
    "营商环境优化提升行动",
    "新型城镇化建设",
    "粮食生产目标任务",
    "生态环境突出问题整改",
)
_PROGRESS = (
    "已完成项目立项和可研批复，施工图设计已通过审查，",
    "目前已完成招标工作，施工单位已进场，",
    "截至本月底，累计完成投资{money}万元，占年度计划的{pct}%，",
    "已召开专题调度会{n}次，协调解决征地拆迁等问题{m}个，",
    "主体工程已完工{pct}%，正在进行附属设施建设，",
    "受雨季影响，土方工程进度有所滞后，已制定赶工计划，",
    "已完成年度目标任务的{pct}%，",
    "下一步将加大资金统筹力度，确保按期完成年度目标任务。",
    "存在问题：项目资金缺口较大，需上级资金支持。",
    "各乡镇（街道）已全部完成摸底排查，建立工作台账{n}本，",
)


def _item_text(rng: random.Random, kind: str) -> tuple[str, str, Decimal | None, str]:
    obj = rng.choice(_OBJECTS)
    if kind == ListKind.INDICATORS:
        value = rng.choice((10, 20, 50, 100, 300, 1200))
        unit = rng.choice(("个", "公里", "户", "所", "万元"))
        return f"{obj}：{rng.choice(_VERBS)}{value}{unit}", f"{value}{unit}", Decimal(value), unit
    target = f"{rng.choice(_VERBS)}{obj}，年底前全面完成"
    text = f"{rng.choice(_VERBS)}{obj}，" + "、".join(rng.sample(_OBJECTS, 2)) + "协同推进，确保取得实效"
    return text, target, None, ""


def _progress(rng: random.Random, share: int) -> str:
    """80–250 characters, as units write them."""
    parts = rng.sample(_PROGRESS, rng.randint(3, 6))
    text = "".join(parts).format(
        money=rng.randint(50, 90000), pct=share, n=rng.randint(2, 12), m=rng.randint(1, 9)
    )
    return text.rstrip("，") + "。"


def _list(
    rng: random.Random, region: Region, units: list[Unit], kind: str, size: int, rounds: int
) -> tuple[list[Item], list[Round], int]:
    label = "目标任务" if kind == ListKind.TASKS else "民生实事"
    task_list = TaskList.objects.create(
        region=region, kind=kind, title=f"{_LIST_PREFIX}{region.county}{label}", year=2024
    )
    items = []
    for k in range(size):
        text, target, value, unit = _item_text(rng, kind)
        items.append(
            Item(
                task_list=task_list,
                order=k + 1,
                seq=k + 1,
                category=rng.choice(("省级", "市级", "区级")) if kind == ListKind.TASKS else "",
                text=text,
                target_text=target,
                target_value=value,
                target_unit=unit,
                leader=rng.choice("王李张刘陈杨黄赵") + rng.choice(("区长", "副区长", "常务副区长")),
                deadline_text=rng.choice(("2024年底", "2024年6月底", "全年")),
            )
        )
    Item.objects.bulk_create(items, batch_size=BATCH)
    links = []
    for item in items:
        lead = rng.choice(units)
        links.append(ItemUnit(item=item, duty=Duty.LEAD, as_written=lead.name, unit=lead))
        if rng.random() < 0.4:
            other = rng.choice(units)
            if other != lead:
                links.append(ItemUnit(item=item, duty=Duty.RELATED, as_written=other.name, unit=other))
    ItemUnit.objects.bulk_create(links, batch_size=BATCH)
    made = [
        Round(
            task_list=task_list,
            period=f"{day.year}年{day.month}月",
            as_of=day,
            deadline=day + timedelta(days=5),
            state=RoundState.OPEN if k == rounds - 1 else RoundState.PUBLISHED,
        )
        for k, day in enumerate(_month_ends(rounds))
    ]
    Round.objects.bulk_create(made)
    entries = 0
    batch: list[Entry] = []
    for k, rnd in enumerate(made):
        for entry in _entries(rng, rnd, items, last=k == rounds - 1, step=(k + 1) / rounds):
            batch.append(entry)
            if len(batch) == BATCH:
                Entry.objects.bulk_create(batch)
                entries += len(batch)
                batch = []
    Entry.objects.bulk_create(batch)
    return items, made, entries + len(batch)


def _bulletin(region: Region, rounds: list[Round]) -> None:
    """The bulletin of the last published month, on both lists (the one the bulletin bench generates)."""
    if not rounds:
        return
    bulletin = Bulletin.objects.create(
        region=region,
        title=f"关于{rounds[0].period}重点工作推进情况的通报",
        issuer=f"{region.county}人民政府办公室",
        recipients="各镇人民政府、街道办事处，区直各单位",
        unit_annex=True,
    )
    bulletin.rounds.set(rounds)


def _month_ends(n: int) -> list[date]:
    """n month ends, the last the end of 2024."""
    out = []
    year, month = 2024, 12
    for _ in range(n):
        nxt = date(year + (month == 12), month % 12 + 1, 1)
        out.append(nxt - timedelta(days=1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return out[::-1]


def _entries(
    rng: random.Random, rnd: Round, items: list[Item], *, last: bool, step: float
) -> Iterator[Entry]:
    at = datetime(rnd.as_of.year, rnd.as_of.month, rnd.as_of.day, 9, 0, tzinfo=UTC)
    for item in items:
        share = min(100, int(100 * step * rng.uniform(0.7, 1.2)))
        status = (
            Status.COMPLETED if share >= 100 else Status.LAGGING if share < 60 * step else Status.ON_SCHEDULE
        )
        state = EntryState.ACCEPTED
        if last:
            state = rng.choices(
                (EntryState.SUBMITTED, EntryState.DRAFT, EntryState.EMPTY, EntryState.ACCEPTED), (5, 2, 2, 1)
            )[0]
        filled = state != EntryState.EMPTY
        yield Entry(
            round=rnd,
            item=item,
            state=state,
            progress=_progress(rng, share) if filled else "",
            percent=Decimal(share) if filled else None,
            self_status=status if filled else "",
            status=status if state == EntryState.ACCEPTED else "",
            submitted_at=at if state in (EntryState.SUBMITTED, EntryState.ACCEPTED) else None,
            reviewed_at=at + timedelta(days=2) if state == EntryState.ACCEPTED else None,
        )


# --- people ----------------------------------------------------------------------------------

GENERATOR = Actor(name="bench:generate", via=Via.SYSTEM)


def _notices(region: Region, division: Division, seed: int, n: int) -> int:
    """The county's 任免通知, generated and imported as an office would import its archive."""
    if n <= 0:
        return 0
    text = "\n".join(notice.text for notice in generate(n, seed=hash_seed(seed, division.code), regions=1))
    result = import_data(
        GENERATOR, text.encode("utf-8"), f"bench-{division.code}.txt", Options(region=division.name)
    )
    return sum(1 for d in result.documents if d.outcome.stored)


def hash_seed(seed: int, code: str) -> int:
    """A stable integer seed per region (Python's hash() of a str changes from run to run)."""
    return seed * 1_000_003 + int(code or "0")
