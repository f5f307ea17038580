"""The bench's generated notices: deterministic, varied, and read by the parser as written."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from duban.benchdata.notices import Item, archive, generate, generate_notices
from duban.core.model import Action, Appointment
from duban.core.parse import parse_string


def _read(item: Appointment) -> Item:
    return Item(
        item.person,
        item.action is Action.APPOINT,
        item.post,
        item.org,
        item.title,
        item.mode,
        item.probation,
        item.concurrent,
        item.rank,
    )


@pytest.mark.parametrize("seed", [1, 13, 2026])
def test_it_reads_every_generated_notice_as_written(seed):
    notices = list(generate(400, seed))
    docs = parse_string("\n".join(n.text for n in notices) + "\n", "generated.txt")
    assert len(docs) == len(notices)
    for notice, doc in zip(notices, docs, strict=True):
        assert [_read(a) for a in doc.appointments] == list(notice.items), notice.text
        assert doc.issuer == notice.issuer
        assert str(doc.number) == notice.number
        assert not [w for w in doc.warnings if "任免条款" in w or "职务名称" in w], notice.text


def test_it_gives_the_same_notices_for_the_same_seed():
    assert generate_notices(50, 7) == generate_notices(50, 7)
    assert generate_notices(50, 7) != generate_notices(50, 8)
    assert archive(3, 7) == "\n".join(generate_notices(3, 7)) + "\n"


def test_the_archive_is_varied():
    notices = list(generate(2000, 13))
    issuers = {n.issuer for n in notices}
    orgs = {i.org for n in notices for i in n.items if i.org}
    people = Counter(i.person for n in notices for i in n.items)
    modes = {i.mode for n in notices for i in n.items}
    counts = Counter(min(40, n.text.count("同志") + n.text.count("为") // 2) for n in notices)
    assert len(issuers) >= 60
    assert len(orgs) >= 1000
    assert len(people) >= 10_000 and people.most_common(1)[0][1] < 10
    assert {"任", "免去", "任命", "聘任", "解聘", "挂职", "为", "不再担任"} <= modes
    assert sum(n.web for n in notices) > 100 and sum(n.traditional for n in notices) > 20
    assert len(counts) > 20
    # Most clause lines are not of the three common shapes the parser reads on its fast path.
    common = re.compile(
        r"(?:[\u4e00-\u9fff]{2,4}同志任[\u4e00-\u9fff、（）]+(?:，免去其[\u4e00-\u9fff、（）]+)?"
        r"|免去[\u4e00-\u9fff]{2,4}同志[\u4e00-\u9fff、（）]+)[；。]"
    )
    lines = [ln for n in notices for ln in n.text.splitlines() if "同志" in ln or "为" in ln]
    assert sum(bool(common.fullmatch(ln)) for ln in lines) < 0.5 * len(lines)
