"""The direct reading of common clause lines gives exactly what the general machinery gives."""

from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from duban.core import appointments
from duban.core.appointments import parse_appointments
from duban.core.documents import read_frame, split_documents
from duban.core.model import Action, Appointment, Paragraph
from duban.core.readers import read_file

A, R = Action.APPOINT, Action.REMOVE
SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "yunxi-2024.txt"


def _general(paragraphs: list[Paragraph]) -> tuple[list[Appointment], list[str]]:
    """parse_appointments with every line read by the general machinery alone."""
    items: list[Appointment] = []
    warnings: list[str] = []
    section: tuple[Action, str] | None = None
    persons: list[str] = []
    for paragraph in paragraphs:
        section, persons = appointments._read_line(paragraph, section, persons, items, warnings)
    return appointments.unique(items), warnings


def _paragraphs(*lines: str) -> list[Paragraph]:
    return [Paragraph(text, number) for number, text in enumerate(lines, start=1)]


def _assert_same(paragraphs: list[Paragraph]) -> None:
    assert parse_appointments(paragraphs) == _general(paragraphs)


# (line, person, action, post, org, title, probation, concurrent, mode)
COMMON = [
    pytest.param(
        "徐湘晖同志任区自然资源局副局长；",
        [("徐湘晖", A, "区自然资源局副局长", "区自然资源局", "副局长", None, False, "任")],
        id="appoint",
    ),
    pytest.param(
        "黄丽同志任区数据局局长（试用期一年）。",
        [("黄丽", A, "区数据局局长", "区数据局", "局长", "一年", False, "任")],
        id="appoint-on-probation",
    ),
    pytest.param(
        "郑新宇同志任区统计局副局长，免去其区统计局总统计师职务；",
        [
            ("郑新宇", A, "区统计局副局长", "区统计局", "副局长", None, False, "任"),
            ("郑新宇", R, "区统计局总统计师", "区统计局", "总统计师", None, False, "免去"),
        ],
        id="appoint-then-remove-its",
    ),
    pytest.param(
        "免去黎敏同志区民政局副局长职务；",
        [("黎敏", R, "区民政局副局长", "区民政局", "副局长", None, False, "免去")],
        id="remove",
    ),
    pytest.param(
        "肖玉梅同志任区卫生健康局副局长（兼）、区疾病预防控制局局长",
        [
            ("肖玉梅", A, "区卫生健康局副局长", "区卫生健康局", "副局长", None, True, "任"),
            ("肖玉梅", A, "区疾病预防控制局局长", "区疾病预防控制局", "局长", None, False, "任"),
        ],
        id="two-posts-no-full-stop",
    ),
]


@pytest.mark.parametrize(("line", "expected"), COMMON)
def test_it_reads_the_common_shapes_directly(line, expected):
    items: list[Appointment] = []
    assert appointments._read_common_line(Paragraph(line, 1), items, []) is not None
    got = [(i.person, i.action, i.post, i.org, i.title, i.probation, i.concurrent, i.mode) for i in items]
    assert got == expected
    assert all(i.raw == line.rstrip("；。") and i.line == 1 for i in items)
    _assert_same(_paragraphs(line))


def test_an_item_made_directly_has_every_field_an_init_sets():
    """The direct path sets each field itself (no __init__): one left out would be unset."""
    from dataclasses import astuple

    items: list[Appointment] = []
    line = "张三同志任区财政局局长，试用期一年；"
    assert appointments._read_common_clauses(Paragraph(line, 7), items, []) is not None
    (item,) = items
    assert astuple(item) == astuple(
        Appointment(
            "张三", A, "区财政局局长", "区财政局", "局长", "一年", False, line[:-1], "任", False, 7, False
        )
    )


@pytest.mark.parametrize(
    "line",
    [
        pytest.param("王同志同志任区财政局局长；", id="tongzhi-inside-the-name"),
        pytest.param("免去其区财政局局长职务；", id="pronoun"),
        pytest.param("任命张三同志任区财政局局长；", id="verb-before-the-name"),
        pytest.param("张三同志任命为区财政局局长；", id="longer-verb"),
        pytest.param("免去张三同志的区财政局局长职务；", id="de-after-tongzhi"),
        pytest.param("免去李的明同志区财政局局长职务；", id="de-inside-the-name"),
        pytest.param("以上同志任区财政局局长；", id="a-group-not-a-name"),
        pytest.param("张三同志任区财政局局长,免去其区统计局局长职务;", id="half-width"),
        pytest.param("1.张三同志任区财政局局长；", id="numbered"),
        pytest.param("张三同志任区财政局局长；李四同志任区统计局局长。", id="two-clauses"),
    ],
)
def test_it_leaves_doubtful_lines_to_the_general_path(line):
    assert appointments._read_common_line(Paragraph(line, 1), [], []) is None
    _assert_same(_paragraphs(line))


def test_the_sample_reads_the_same_both_ways():
    documents = split_documents(read_file(SAMPLE).blocks)
    assert documents
    for blocks in documents:
        body = read_frame(blocks).body
        _assert_same(body)


# Characters that make the general path cut names and verbs differently: 同志, 的, 其, verbs.
NAME_CHARS = "王李张刘任免去其同志的为命聘解并另以上兼挂拟曾分管"
ORGS = [
    "区财政局",
    "区统计局",
    "某某镇人民政府",
    "区委办公室",
    "",
    "的",
    "命为",
    "同志",
    "其",
    "为",
    "任",
    "党组",
    "审判委员会",
]
TITLES = [
    "局长",
    "副局长",
    "总经济师",
    "二级主任科员",
    "镇长",
    "某某",
    "",
    "职务",
    "同志",
    "代理区长",
    "委员",
    "一职",
]
NOTES = ["", "", "（兼）", "（试用期一年）", "（兼）（试用期六个月）", "（某某）"]
ENDINGS = ["", "", "职务", "职级", "的职务", "的"]
post_items = st.builds(lambda o, t, n: o + t + n, *(st.sampled_from(x) for x in (ORGS, TITLES, NOTES)))
posts = st.builds(
    lambda items, ending: "、".join(items) + ending,
    st.lists(post_items, min_size=1, max_size=3),
    st.sampled_from(ENDINGS),
)
names = st.one_of(
    st.sampled_from(["王志国", "李明", "任志强", "张为民", "欧阳明华", "其美", "并力"]),
    st.text(alphabet=NAME_CHARS, min_size=1, max_size=5),
)
ends = st.sampled_from(["", "；", "。"])
common_lines = st.one_of(
    st.builds(lambda n, a, e: f"{n}同志任{a}{e}", names, posts, ends),
    st.builds(lambda n, a, b, e: f"{n}同志任{a}，免去其{b}{e}", names, posts, posts, ends),
    st.builds(lambda n, b, e: f"免去{n}同志{b}{e}", names, posts, ends),
)
# Lines read by the general path that depend on what came before: sections and "其".
other_lines = st.sampled_from(
    [
        "经研究，同意：",
        "经研究，决定：",
        "根据工作需要，经研究：",
        "一、任职",
        "二、免职：",
        "张三为区财政局局长；",
        "李四的区统计局副局长职务；",
        "免去其区财政局局长职务；",
        "同时免去其区统计局局长职务。",
        "以上同志任职时间从2024年7月起计算。",
    ]
)


@settings(max_examples=400)
@given(common_lines)
def test_a_generated_clause_reads_the_same_both_ways(line):
    _assert_same(_paragraphs(line))


@settings(max_examples=200)
@given(st.lists(st.one_of(common_lines, other_lines), min_size=1, max_size=6))
def test_generated_line_sequences_read_the_same_both_ways(lines):
    _assert_same(_paragraphs(*lines))


def _numbered(k: int, line: str) -> str:
    return f"{k}{'.．、'[k % 3]}{line}"


# The same clauses after a list number, typed with half-width punctuation, or two to a line:
# read clause by clause on the direct path, with the result of the general one.
joined_lines = st.one_of(
    st.builds(_numbered, st.integers(1, 40), common_lines),
    st.builds(lambda line: line.translate(str.maketrans("，；（）", ",;()")), common_lines),
    st.builds(
        lambda a, b, sep: a.rstrip("；。") + sep + b, common_lines, common_lines, st.sampled_from("；。;")
    ),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(joined_lines, other_lines), min_size=1, max_size=6))
def test_numbered_half_width_and_joined_lines_read_the_same_both_ways(lines):
    _assert_same(_paragraphs(*lines))


@pytest.mark.parametrize(
    "line",
    [
        "1．张三同志任区财政局局长；",
        "张三同志任区财政局局长,免去其区统计局局长职务;",
        "张三同志任区财政局局长（试用期一年）；免去李四同志区统计局局长职务。",
    ],
)
def test_numbered_half_width_and_joined_lines_take_the_direct_path(line):
    items: list[Appointment] = []
    assert appointments._read_common_clauses(Paragraph(line, 1), items, []) is not None
    _assert_same(_paragraphs(line))
    assert parse_appointments(_paragraphs(line))[0] == items


terms = st.sampled_from(["一年", "为一年", "六个月", "为", "一年（兼）"])
# The other shapes the direct path reads: verbs before the name, several names, other verbs.
more_lines = st.one_of(
    st.builds(lambda n, tz, a, e: f"任命{n}{tz}为{a}{e}", names, st.sampled_from(["", "同志"]), posts, ends),
    st.builds(lambda n, a, e: f"聘任{n}为{a}{e}", names, posts, ends),
    st.builds(lambda n, b, e: f"解聘{n}的{b}{e}", names, posts, ends),
    st.builds(lambda n, b, e: f"免去{n}同志的{b}{e}", names, posts, ends),
    st.builds(lambda n, m, a, e: f"{n}、{m}同志任{a}{e}", names, names, posts, ends),
    st.builds(lambda n, m, b, e: f"免去{n}、{m}同志{b}{e}", names, names, posts, ends),
    st.builds(lambda n, a, e: f"{n}同志挂职任{a}{e}", names, posts, ends),
    st.builds(lambda n, b, e: f"{n}同志不再担任{b}{e}", names, posts, ends),
    st.builds(lambda n, a, e: f"{n}同志为{a}{e}", names, posts, ends),
    st.builds(lambda n, a, b, e: f"{n}同志任{a}，兼任{b}{e}", names, posts, posts, ends),
    st.builds(lambda n, a, t, e: f"{n}同志任{a}，试用期{t}{e}", names, posts, terms, ends),
    st.builds(lambda n, a, b, e: f"任命{n}为{a}，免去其{b}{e}", names, posts, posts, ends),
)


@settings(max_examples=600, deadline=None)
@given(st.lists(st.one_of(more_lines, joined_lines, other_lines), min_size=1, max_size=5))
# Found by the suite: a second 同志 in the 兼任 part opens another person's clause on the general path.
@example(lines=["王志国同志任区财政局局长，兼任同志代理区长"])
def test_the_other_common_shapes_read_the_same_both_ways(lines):
    _assert_same(_paragraphs(*lines))


@pytest.mark.parametrize(
    "line",
    [
        "任命李为民为区水利局局长；",
        "免去张三同志的区财政局局长职务；",
        "詹文辉、赵志文同志任区城市管理局副局长；",
        "叶薇同志任区金融事务中心副主任，兼任区数据局政务服务中心副主任；",
        "李静同志任区金融事务中心主任，试用期一年；",
        "马云飞同志不再担任县林业局局长职务。",
        "聘任邱乐平为区城发建设投资集团有限责任公司副总经理；",
    ],
)
def test_the_other_common_shapes_read_as_the_general_path_reads_them(line):
    _assert_same(_paragraphs(line))


def test_the_longest_word_after_a_name_decides_as_on_the_general_path():
    _assert_same(_paragraphs("免去王志国同志的（兼）"))


# Bare clauses under a section heading, with the characters that make the general path cut
# names and verbs differently.
section_lines = st.one_of(
    st.builds(lambda n, a, e: f"{n}为{a}{e}", names, posts, ends),
    st.builds(lambda n, m, a, e: f"{n}、{m}为{a}{e}", names, names, posts, ends),
    st.builds(
        lambda n, sep, b, e: f"{n}{sep}{b}{e}", names, st.sampled_from(["的", "同志", "同志的"]), posts, ends
    ),
    st.builds(
        lambda n, b, e: f"{n}同志{b}{e}",
        names,
        st.sampled_from(["任区财政局局长", "为局长", "的的职务"]),
        ends,
    ),
)
headings = st.sampled_from(["一、任职", "二、免职：", "（一）任职", "解聘", "建议免去", "拟任职人员"])


@settings(max_examples=600, deadline=None)
@given(st.lists(st.one_of(headings, section_lines, more_lines), min_size=2, max_size=6))
def test_section_lines_read_the_same_both_ways(lines):
    _assert_same(_paragraphs(*lines))


def test_a_proposal_heading_is_not_a_name():
    _assert_same(_paragraphs("建议免去同志任区财政局局长；", "张三为区统计局局长；"))
