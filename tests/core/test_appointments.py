"""parse_appointments: the clauses of a 任免通知."""

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from duban.core.appointments import parse_appointments, parse_posts
from duban.core.model import Action, Appointment, Paragraph

A, R = Action.APPOINT, Action.REMOVE


def _read(*lines: str) -> tuple[list[Appointment], list[str]]:
    return parse_appointments([Paragraph(text, number) for number, text in enumerate(lines, start=1)])


def _short(item: Appointment) -> tuple[str, Action, str, str | None, bool, str, bool]:
    return (item.person, item.action, item.post, item.probation, item.concurrent, item.mode, item.rank)


# (person, action, post, probation, concurrent, mode, rank)
CONSTRUCTIONS = [
    pytest.param(
        ["徐湘晖同志任区自然资源局副局长；"],
        [("徐湘晖", A, "区自然资源局副局长", None, False, "任", False)],
        id="appoint",
    ),
    pytest.param(
        ["郑新宇同志任区统计局副局长，免去其区统计局总统计师职务；"],
        [
            ("郑新宇", A, "区统计局副局长", None, False, "任", False),
            ("郑新宇", R, "区统计局总统计师", None, False, "免去", False),
        ],
        id="appoint-then-remove-its",
    ),
    pytest.param(
        ["郑新宇同志任区统计局副局长,免去其区统计局总统计师职务;"],
        [
            ("郑新宇", A, "区统计局副局长", None, False, "任", False),
            ("郑新宇", R, "区统计局总统计师", None, False, "免去", False),
        ],
        id="half-width-punctuation",
    ),
    pytest.param(
        ["免去黎敏同志区民政局副局长职务；"],
        [("黎敏", R, "区民政局副局长", None, False, "免去", False)],
        id="remove",
    ),
    pytest.param(
        ["免去黎敏同志的区民政局副局长职务。"],
        [("黎敏", R, "区民政局副局长", None, False, "免去", False)],
        id="remove-with-de",
    ),
    pytest.param(
        ["免去刘奇同志区信访局副局长职务."],
        [("刘奇", R, "区信访局副局长", None, False, "免去", False)],
        id="half-width-full-stop",
    ),
    pytest.param(
        ["免去李仕华同志二级主任科员职级；"],
        [("李仕华", R, "二级主任科员", None, False, "免去", True)],
        id="rank-removal",
    ),
    pytest.param(
        ["肖玉梅同志任区卫生健康局副局长（兼）、区疾病预防控制局局长；"],
        [
            ("肖玉梅", A, "区卫生健康局副局长", None, True, "任", False),
            ("肖玉梅", A, "区疾病预防控制局局长", None, False, "任", False),
        ],
        id="two-posts-first-concurrent",
    ),
    pytest.param(
        ["肖玉梅同志任区卫生健康局副局长(兼)、区疾病预防控制局局长;"],
        [
            ("肖玉梅", A, "区卫生健康局副局长", None, True, "任", False),
            ("肖玉梅", A, "区疾病预防控制局局长", None, False, "任", False),
        ],
        id="two-posts-half-width-brackets",
    ),
    pytest.param(
        ["免去丁先波同志区应急管理局执法局局长（兼）职务；"],
        [("丁先波", R, "区应急管理局执法局局长", None, True, "免去", False)],
        id="concurrent-removal",
    ),
    pytest.param(
        ["付年初同志任区政府办副主任，免去其区供销合作联社监事会主任、区重点项目服务中心主任职务；"],
        [
            ("付年初", A, "区政府办副主任", None, False, "任", False),
            ("付年初", R, "区供销合作联社监事会主任", None, False, "免去", False),
            ("付年初", R, "区重点项目服务中心主任", None, False, "免去", False),
        ],
        id="remove-its-two-posts",
    ),
    pytest.param(
        ["程国华同志任陆城镇综合执法大队大队长（试用期一年）；"],
        [("程国华", A, "陆城镇综合执法大队大队长", "一年", False, "任", False)],
        id="probation",
    ),
    pytest.param(
        ["程国华同志任陆城镇综合执法大队大队长(试用期为一年);"],
        [("程国华", A, "陆城镇综合执法大队大队长", "一年", False, "任", False)],
        id="probation-wei-half-width",
    ),
    pytest.param(
        ["陈航同志任区公路建设和养护中心副主任（试用期六个月）、区交通运输局总工程师（兼）；"],
        [
            ("陈航", A, "区公路建设和养护中心副主任", "六个月", False, "任", False),
            ("陈航", A, "区交通运输局总工程师", None, True, "任", False),
        ],
        id="probation-on-its-post-only",
    ),
    pytest.param(
        ["刘志国同志任区供销合作联社监事会主任（试用期一年），免去其区应急管理局副局长职务；"],
        [
            ("刘志国", A, "区供销合作联社监事会主任", "一年", False, "任", False),
            ("刘志国", R, "区应急管理局副局长", None, False, "免去", False),
        ],
        id="probation-then-remove-its",
    ),
    pytest.param(
        ["李静同志任区金融事务中心主任，试用期一年；"],
        [("李静", A, "区金融事务中心主任", "一年", False, "任", False)],
        id="probation-as-a-part",
    ),
    pytest.param(
        ["詹文辉、赵志文同志任区城市管理局副局长；"],
        [
            ("詹文辉", A, "区城市管理局副局长", None, False, "任", False),
            ("赵志文", A, "区城市管理局副局长", None, False, "任", False),
        ],
        id="two-people-one-post",
    ),
    pytest.param(
        ["任命李为民为区水利局局长；"],
        [("李为民", A, "区水利局局长", None, False, "任命", False)],
        id="renming-name-with-wei",
    ),
    pytest.param(
        ["任命陈智同志为区退役军人事务局副局长；"],
        [("陈智", A, "区退役军人事务局副局长", None, False, "任命", False)],
        id="renming-tongzhi",
    ),
    pytest.param(
        ["免去段程珊的区水利局副局长职务；"],
        [("段程珊", R, "区水利局副局长", None, False, "免去", False)],
        id="remove-name-de",
    ),
    pytest.param(
        ["聘任邱乐平为区城发建设投资集团有限责任公司副总经理；"],
        [("邱乐平", A, "区城发建设投资集团有限责任公司副总经理", None, False, "聘任", False)],
        id="pinren",
    ),
    pytest.param(
        ["解聘胡斌的区城发建设投资集团有限责任公司副总经理职务；"],
        [("胡斌", R, "区城发建设投资集团有限责任公司副总经理", None, False, "解聘", False)],
        id="jiepin-de",
    ),
    pytest.param(
        ["解聘胡斌 区城发建设投资集团有限责任公司副总经理职务；"],
        [("胡斌", R, "区城发建设投资集团有限责任公司副总经理", None, False, "解聘", False)],
        id="jiepin-space",
    ),
    pytest.param(
        ["买买提·艾力同志挂职任区发展和改革局副局长；"],
        [("买买提·艾力", A, "区发展和改革局副局长", None, False, "挂职", False)],
        id="guazhi-dotted-name",
    ),
    pytest.param(
        ["李仕华同志为一级主任科员；"],
        [("李仕华", A, "一级主任科员", None, False, "为", True)],
        id="rank",
    ),
    pytest.param(
        ["欧阳文军同志任区数据局副局长；", "司马燕同志任区数据局副局长；"],
        [
            ("欧阳文军", A, "区数据局副局长", None, False, "任", False),
            ("司马燕", A, "区数据局副局长", None, False, "任", False),
        ],
        id="compound-surnames",
    ),
    pytest.param(
        [
            "一、任职",
            "周宇卓为区市场监督管理局云溪市场监督管理所所长；",
            "二、免职",
            "翁岳林的区市场监督管理局云溪市场监督管理所所长职务；",
            "刘奇同志区信访局副局长职务。",
        ],
        [
            ("周宇卓", A, "区市场监督管理局云溪市场监督管理所所长", None, False, "为", False),
            ("翁岳林", R, "区市场监督管理局云溪市场监督管理所所长", None, False, "免去", False),
            ("刘奇", R, "区信访局副局长", None, False, "免去", False),
        ],
        id="sections",
    ),
    pytest.param(
        [
            "（一）任职：",
            "1. 黄志平同志任长岭街道办事处副主任；",
            "2．何叶同志任松杨湖街道综合执法大队大队长（试用期一年）；",
        ],
        [
            ("黄志平", A, "长岭街道办事处副主任", None, False, "任", False),
            ("何叶", A, "松杨湖街道综合执法大队大队长", "一年", False, "任", False),
        ],
        id="numbered",
    ),
    pytest.param(
        ["叶薇同志任区金融事务中心副主任，兼任区数据局政务服务中心副主任；"],
        [
            ("叶薇", A, "区金融事务中心副主任", None, False, "任", False),
            ("叶薇", A, "区数据局政务服务中心副主任", None, True, "任", False),
        ],
        id="jianren-continuation",
    ),
    pytest.param(
        ["任志强同志任区统计局局长，免去其区数据局局长职务；"],
        [
            ("任志强", A, "区统计局局长", None, False, "任", False),
            ("任志强", R, "区数据局局长", None, False, "免去", False),
        ],
        id="surname-ren",
    ),
    pytest.param(
        [
            "经区人民政府研究决定：",
            "经研究，同意：",
            "免去李灯炬同志长岭街道办事处副主任职务。",
            "特此通知。",
            "以上同志任职时间从2024年8月1日起计算。",
        ],
        [("李灯炬", R, "长岭街道办事处副主任", None, False, "免去", False)],
        id="boilerplate",
    ),
    pytest.param(
        ["经研究，同意：免去李可雄同志松杨湖街道办事处副主任职务。"],
        [("李可雄", R, "松杨湖街道办事处副主任", None, False, "免去", False)],
        id="preface-on-the-same-line",
    ),
]


@pytest.mark.parametrize(("lines", "expected"), CONSTRUCTIONS)
def test_it_reads_each_construction(lines, expected):
    items, warnings = _read(*lines)
    assert [_short(i) for i in items] == expected
    assert warnings == []


def test_it_fills_org_title_raw_and_line():
    items, _ = _read(
        "经研究，同意：",
        "叶崇明同志任区供销合作联社监事会副主任，免去其区人力资源和社会保障局劳动人事争议仲裁院院长职务；",
    )
    raw = "叶崇明同志任区供销合作联社监事会副主任，免去其区人力资源和社会保障局劳动人事争议仲裁院院长职务"
    assert items == [
        Appointment(
            "叶崇明",
            A,
            "区供销合作联社监事会副主任",
            "区供销合作联社监事会",
            "副主任",
            raw=raw,
            mode="任",
            line=2,
        ),
        Appointment(
            "叶崇明",
            R,
            "区人力资源和社会保障局劳动人事争议仲裁院院长",
            "区人力资源和社会保障局劳动人事争议仲裁院",
            "院长",
            raw=raw,
            mode="免去",
            line=2,
        ),
    ]


def test_raw_keeps_the_clause_as_written():
    items, _ = _read("2. 王伟同志任区统计局副局长(试用期一年);李琴芬同志任区数据局副局长。")
    assert [(i.person, i.raw) for i in items] == [
        ("王伟", "王伟同志任区统计局副局长(试用期一年)"),
        ("李琴芬", "李琴芬同志任区数据局副局长"),
    ]


@pytest.mark.parametrize(
    ("line", "fragment"),
    [
        ("免去张三区统计局副局长职务；", "免去张三区统计局副局长职务"),  # no 同志/的 between name and post
        ("同志任区统计局副局长；", "同志任区统计局副局长"),
        ("免去其区统计局副局长职务；", "其"),  # nobody named before
    ],
)
def test_it_warns_about_unreadable_clauses(line, fragment):
    items, warnings = _read(line)
    assert items == []
    assert len(warnings) == 1
    assert warnings[0].startswith("第1行：")
    assert fragment in warnings[0]


def test_it_warns_about_a_post_without_a_known_title():
    items, warnings = _read("王伟同志任区统计局；")
    assert [i.post for i in items] == ["区统计局"]
    assert warnings == ["第1行：未能识别职务名称「区统计局」"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "区卫生健康局副局长（兼）、区疾病预防控制局局长",
            [("区卫生健康局副局长", None, True), ("区疾病预防控制局局长", None, False)],
        ),
        ("区统计局副局长（兼）（试用期一年）", [("区统计局副局长", "一年", True)]),
        ("区发展和改革局（区粮食局）副局长", [("区发展和改革局（区粮食局）副局长", None, False)]),
        (
            "区统计局副局长职务、区数据局局长",
            [("区统计局副局长", None, False), ("区数据局局长", None, False)],
        ),
    ],
)
def test_parse_posts_keeps_notes_on_their_own_post(text, expected):
    assert [(p.post, p.probation, p.concurrent) for p in parse_posts(text)] == expected


# --- the sample ------------------------------------------------------------------------------


def _notice_body(path: Path, number: str) -> list[Paragraph]:
    """The lines of one notice between "经研究，同意：" and the signature, as paragraphs."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(i for i, t in enumerate(lines) if t.strip() == number)
    begin = next(i for i in range(start, len(lines)) if lines[i].strip() == "经研究，同意：") + 1
    end = next(i for i in range(begin, len(lines)) if lines[i].strip() == "岳阳市云溪区人民政府")
    return [Paragraph(lines[i], i + 1) for i in range(begin, end)]


@pytest.mark.parametrize(("number", "count"), [("岳云政人〔2024〕2号", 37), ("岳云政人〔2024〕3号", 33)])
def test_the_sample_notices_have_their_counts(sample_path, number, count):
    items, warnings = parse_appointments(_notice_body(sample_path, number))
    assert len(items) == count
    assert warnings == []


def _find(items: list[Appointment], person: str) -> list[tuple[Action, str, str, str, str | None, bool, int]]:
    return [
        (i.action, i.post, i.org, i.title, i.probation, i.concurrent, i.line)
        for i in items
        if i.person == person
    ]


SAMPLE_ITEMS = [
    (
        "岳云政人〔2024〕2号",
        "郑新宇",
        [
            (A, "区统计局副局长", "区统计局", "副局长", None, False, 12),
            (R, "区统计局总统计师", "区统计局", "总统计师", None, False, 12),
        ],
    ),
    (
        "岳云政人〔2024〕2号",
        "叶崇明",
        [
            (A, "区供销合作联社监事会副主任", "区供销合作联社监事会", "副主任", None, False, 18),
            (
                R,
                "区人力资源和社会保障局劳动人事争议仲裁院院长",
                "区人力资源和社会保障局劳动人事争议仲裁院",
                "院长",
                None,
                False,
                18,
            ),
        ],
    ),
    (
        "岳云政人〔2024〕2号",
        "程国华",
        [(A, "陆城镇综合执法大队大队长", "陆城镇综合执法大队", "大队长", "一年", False, 20)],
    ),
    (
        "岳云政人〔2024〕2号",
        "丁先波",
        [(R, "区应急管理局执法局局长", "区应急管理局执法局", "局长", None, True, 25)],
    ),
    (
        "岳云政人〔2024〕2号",
        "李太平",
        [(R, "区应急管理局专职执法副局长", "区应急管理局", "专职执法副局长", None, False, 38)],
    ),
    (
        "岳云政人〔2024〕2号",
        "翁岳林",
        [
            (
                R,
                "区市场监督管理局云溪市场监督管理所所长",
                "区市场监督管理局云溪市场监督管理所",
                "所长",
                None,
                False,
                39,
            )
        ],
    ),
    ("岳云政人〔2024〕2号", "刘国恩", [(R, "区医疗保障局副局长", "区医疗保障局", "副局长", None, False, 42)]),
    (
        "岳云政人〔2024〕3号",
        "肖玉梅",
        [
            (A, "区卫生健康局副局长", "区卫生健康局", "副局长", None, True, 61),
            (A, "区疾病预防控制局局长", "区疾病预防控制局", "局长", None, False, 61),
        ],
    ),
    (
        "岳云政人〔2024〕3号",
        "刘志国",
        [
            (A, "区供销合作联社监事会主任", "区供销合作联社监事会", "主任", "一年", False, 57),
            (R, "区应急管理局副局长", "区应急管理局", "副局长", None, False, 57),
        ],
    ),
    ("岳云政人〔2024〕3号", "吴金舟", [(A, "区民政局副局长", "区民政局", "副局长", None, False, 59)]),
    (
        "岳云政人〔2024〕3号",
        "龚玉萍",
        [
            (A, "区重点项目服务中心副主任", "区重点项目服务中心", "副主任", None, False, 73),
            (
                R,
                "湖南岳阳绿色化工高新技术产业开发区财政金融部副部长",
                "湖南岳阳绿色化工高新技术产业开发区财政金融部",
                "副部长",
                None,
                False,
                73,
            ),
        ],
    ),
    (
        "岳云政人〔2024〕3号",
        "李可雄",
        [(R, "松杨湖街道办事处副主任", "松杨湖街道办事处", "副主任", None, False, 80)],
    ),
]


@pytest.mark.parametrize(("number", "person", "expected"), SAMPLE_ITEMS)
def test_the_sample_items_read_field_exact(sample_path, number, person, expected):
    items, _ = parse_appointments(_notice_body(sample_path, number))
    assert _find(items, person) == expected


def test_the_sample_keeps_document_order(sample_path):
    items, _ = parse_appointments(_notice_body(sample_path, "岳云政人〔2024〕2号"))
    assert [(i.person, i.action) for i in items[:5]] == [
        ("丁志猛", A),
        ("徐湘晖", A),
        ("牛尕理", A),
        ("郑新宇", A),
        ("郑新宇", R),
    ]
    assert (items[-1].person, items[-1].action, items[-1].mode) == ("刘国恩", R, "免去")


@given(st.lists(st.text(max_size=80), max_size=8))
def test_arbitrary_lines_never_crash(texts):
    items, warnings = parse_appointments([Paragraph(t, n) for n, t in enumerate(texts, start=1)])
    assert all(i.person and i.post for i in items)
    assert all(isinstance(w, str) for w in warnings)


@given(
    st.lists(
        st.text(
            alphabet="张三李四同志任免去其区统计局副局长职务（兼）试用期一年、，；。为的 :(),;", max_size=60
        ),
        max_size=6,
    )
)
def test_clause_like_noise_never_crashes(texts):
    items, warnings = parse_appointments([Paragraph(t, n) for n, t in enumerate(texts, start=1)])
    assert all(i.person and i.post for i in items)


# --- the 人大常委会 / 政府 decision family ----------------------------------------------------------

# (person, action, post, mode, acting)
DECISIONS = [
    pytest.param(
        ["任命王立新为县财政局局长，陈晓梅为县统计局局长；"],
        [("王立新", A, "县财政局局长", "任命", False), ("陈晓梅", A, "县统计局局长", "任命", False)],
        id="shared-verb",
    ),
    pytest.param(
        ["决定任命王立新为县财政局局长；陈晓梅为县统计局局长。"],
        [("王立新", A, "县财政局局长", "任命", False), ("陈晓梅", A, "县统计局局长", "任命", False)],
        id="shared-verb-across-a-semicolon",
    ),
    pytest.param(
        ["免去王立新的县财政局局长职务，陈晓梅的县统计局局长职务。"],
        [("王立新", R, "县财政局局长", "免去", False), ("陈晓梅", R, "县统计局局长", "免去", False)],
        id="shared-removal",
    ),
    pytest.param(
        ["任命王立新、陈晓梅、赵大勇为县人民法院审判员。"],
        [
            ("王立新", A, "县人民法院审判员", "任命", False),
            ("陈晓梅", A, "县人民法院审判员", "任命", False),
            ("赵大勇", A, "县人民法院审判员", "任命", False),
        ],
        id="several-names-one-post",
    ),
    pytest.param(
        ["会议决定任命王立新为县人民政府办公室主任。"],
        [("王立新", A, "县人民政府办公室主任", "任命", False)],
        id="jueding-renming-in-running-text",
    ),
    pytest.param(
        ["免去王立新、陈晓梅的县人民法院审判员职务。"],
        [("王立新", R, "县人民法院审判员", "免去", False), ("陈晓梅", R, "县人民法院审判员", "免去", False)],
        id="remove-several-names",
    ),
    pytest.param(
        ["免去赵大勇的县人民法院副院长、审判委员会委员职务。"],
        [
            ("赵大勇", R, "县人民法院副院长", "免去", False),
            ("赵大勇", R, "县人民法院审判委员会委员", "免去", False),
        ],
        id="remove-two-posts-org-carried",
    ),
    pytest.param(
        ["任命孙志刚为县人民检察院副检察长，免去其县人民检察院检察委员会委员职务。"],
        [
            ("孙志刚", A, "县人民检察院副检察长", "任命", False),
            ("孙志刚", R, "县人民检察院检察委员会委员", "免去", False),
        ],
        id="appoint-then-remove-its",
    ),
    pytest.param(
        ["接受刘建华辞去县人民政府副县长职务的请求。"],
        [("刘建华", R, "县人民政府副县长", "辞去", False)],
        id="resignation",
    ),
    pytest.param(
        ["决定李红梅为县人民政府代理县长。"],
        [("李红梅", A, "县人民政府县长", "决定", True)],
        id="acting-decided",
    ),
    pytest.param(
        ["任命李红梅为县人民政府副县长，决定其为县人民政府代理县长。"],
        [("李红梅", A, "县人民政府副县长", "任命", False), ("李红梅", A, "县人民政府县长", "决定", True)],
        id="acting-by-pronoun",
    ),
    pytest.param(
        ["李红梅同志代理县人民政府县长职务。"],
        [("李红梅", A, "县人民政府县长", "代理", True)],
        id="daili-after-name",
    ),
    pytest.param(
        ["经县人民政府研究，周海同志被任命为县水利局局长。"],
        [("周海", A, "县水利局局长", "任命", False)],
        id="bei-renming",
    ),
    pytest.param(
        ["决定任命：", "周海任县水利局局长；", "吴静任县水利局副局长。"],
        [("周海", A, "县水利局局长", "任", False), ("吴静", A, "县水利局副局长", "任", False)],
        id="x-ren-y-under-jueding-renming",
    ),
    pytest.param(
        ["任命县财政局副局长黄志远为县财政局局长。"],
        [("黄志远", A, "县财政局局长", "任命", False)],
        id="descriptor-before-the-name",
    ),
    pytest.param(
        ["任命陈晓梅（女）为县统计局局长（正科级）；", "郑国强同志任县统计局副局长（终止试用期）。"],
        [("陈晓梅", A, "县统计局局长", "任命", False), ("郑国强", A, "县统计局副局长", "任", False)],
        id="annotations-after-names-and-posts",
    ),
    pytest.param(
        ["免除马云飞同志县林业局局长一职。"],
        [("马云飞", R, "县林业局局长", "免除", False)],
        id="mianchu-yizhi",
    ),
    pytest.param(
        ["马云飞同志不再担任县林业局局长职务。"],
        [("马云飞", R, "县林业局局长", "不再担任", False)],
        id="buzai-danren",
    ),
    pytest.param(
        ["聘任：", "钱思远为县城发集团总经理；", "孙悦为县城发集团副总经理。"],
        [("钱思远", A, "县城发集团总经理", "为", False), ("孙悦", A, "县城发集团副总经理", "为", False)],
        id="pinren-list-with-a-colon",
    ),
    pytest.param(
        ["任命高建国为县人民法院副院长、审判委员会委员。"],
        [
            ("高建国", A, "县人民法院副院长", "任命", False),
            ("高建国", A, "县人民法院审判委员会委员", "任命", False),
        ],
        id="org-carried-to-the-next-post",
    ),
    pytest.param(
        ["张明同志任县委常委、副县长。"],
        [("张明", A, "县委常委", "任", False), ("张明", A, "副县长", "任", False)],
        id="no-party-org-carried-to-a-government-post",
    ),
    pytest.param(
        ["根据县人民政府县长李红梅的提请，决定任命周海为县水利局局长。"],
        [("周海", A, "县水利局局长", "任命", False)],
        id="upon-the-proposal-of",
    ),
]


@pytest.mark.parametrize(("lines", "expected"), DECISIONS)
def test_it_reads_each_decision_wording(lines, expected):
    items, warnings = _read(*lines)
    assert [(i.person, i.action, i.post, i.mode, i.acting) for i in items] == expected
    assert warnings == []


@pytest.mark.parametrize(
    "lines",
    [
        pytest.param(["拟任职人员名单：", "周海同志任县水利局局长；"], id="proposed-list"),
        pytest.param(["周海，男，1975年生，拟任县水利局局长。"], id="niren"),
        pytest.param(["县人民政府副县长候选人名单（草案）", "李红梅为县人民政府副县长"], id="draft-list"),
        pytest.param(["补选李红梅为县人民代表大会代表。"], id="by-election"),
        pytest.param(["周海同志曾任县水利局副局长，先后担任县水务局局长、县林业局局长。"], id="biography"),
        pytest.param(["李红梅同志负责县政府常务工作，分管财政、审计工作。"], id="division-of-work"),
        pytest.param(["任命书已于会后颁发。", "免去后顾之忧。"], id="verb-colliding-with-words"),
        pytest.param(["提请任命周海为县水利局局长。"], id="proposal"),
    ],
)
def test_hard_negatives_produce_nothing(lines):
    items, _ = _read(*lines)
    assert items == []


def test_a_new_line_does_not_carry_the_verb():
    items, warnings = _read("任命王立新为县财政局局长。", "陈晓梅为县统计局局长。")
    assert [i.person for i in items] == ["王立新"]


def test_the_same_decision_stated_twice_is_one_item():
    items, _ = _read("任命周海为县水利局局长。", "会议决定任命周海为县水利局局长，吴静为县水利局副局长。")
    assert [(i.person, i.post) for i in items] == [("周海", "县水利局局长"), ("吴静", "县水利局副局长")]
