"""Traditional script: converted to simplified for the records, the text as written kept in raw."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from duban.core.model import Action, Cell, Paragraph, Source, Table
from duban.core.parse import parse_string
from duban.core.script import is_traditional, simplified_blocks, to_simplified

NOTICE = """青石縣人民政府
關於張偉等同志職務任免的通知
各鄉鎮人民政府，縣直各單位：
經研究，同意：
張偉同志任縣財政局副局長（試用期一年）；
免去劉國華同志縣統計局局長職務。
青石縣人民政府
2023年3月8日
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("縣財政局副局長", "县财政局副局长"),
        ("關於印發《重點工作任務分工方案》的通知", "关于印发《重点工作任务分工方案》的通知"),
        ("县财政局副局长", "县财政局副局长"),
    ],
)
def test_it_converts_by_opencc(text, expected):
    assert to_simplified(text) == expected


@pytest.mark.parametrize(
    ("text", "traditional"),
    [("縣人民政府", True), ("经研究，同意：", False), ("於", False), ("", False)],
)
def test_it_tells_traditional_text(text, traditional):
    assert is_traditional(text) is traditional


def test_a_traditional_notice_gives_simplified_records_and_keeps_its_text():
    (doc,) = parse_string(NOTICE)
    assert doc.issuer == "青石县人民政府"
    assert doc.title == "关于张伟等同志职务任免的通知"
    assert [(a.person, a.action, a.post, a.probation) for a in doc.appointments] == [
        ("张伟", Action.APPOINT, "县财政局副局长", "一年"),
        ("刘国华", Action.REMOVE, "县统计局局长", None),
    ]
    assert "縣財政局" in doc.raw and "县财政局" in doc.text


def test_simplified_text_is_left_alone():
    blocks = [Paragraph("经研究，同意："), Table([[Cell("序号"), Cell("牵头单位")]])]
    assert simplified_blocks(blocks) is None
    (doc,) = parse_string(to_simplified(NOTICE), "x.txt")
    assert doc.raw == ""
    assert [a.person for a in doc.appointments] == ["张伟", "刘国华"]


def test_table_cells_are_converted():
    (table,) = simplified_blocks([Table([[Cell("牽頭單位", merged=False), Cell("", merged=True)]])])
    assert [(c.text, c.merged) for c in table.rows[0]] == [("牵头单位", False), ("", True)]


def test_opencc_is_not_loaded_to_parse_simplified_text():
    code = (
        "import sys; from duban.core.parse import parse_string; "
        "parse_string('岳云政人〔2024〕2号\\n关于张三同志职务任免的通知\\n张三同志任区财政局局长。\\n'); "
        "print('opencc' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@given(st.text(alphabet="縣區鎮辦關於經張偉同志任財政局長職務县区abc，。；", max_size=40))
def test_any_text_converts_without_changing_its_lines(text):
    from hypothesis import assume

    assume("\n" not in text)
    assert "\n" not in to_simplified(text)
    assert not is_traditional(to_simplified(text)) or "於" in text


def _phrases_and_characters() -> list[str]:
    """The keys of OpenCC's t2s dictionaries: what the direct conversion must match as OpenCC does."""
    from duban.core.script import _chain

    chain = _chain()
    assert chain is not None
    return sorted(key for group in chain for _, values, _, _ in group for key in values)


@given(st.data())
def test_lines_convert_piece_by_piece_as_opencc_converts_them_whole(data):
    from duban.core.script import _converter, _simplified

    keys = _phrases_and_characters()
    words = st.one_of(
        st.sampled_from(keys),
        st.sampled_from(["同志", "任", "免去", "职务", "县", "局长", "，", "；", "（", "）", " ", "·", "𠀋"]),
        st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
    )
    text = "".join(data.draw(st.lists(words, max_size=30)))
    assert _simplified(text) == str(_converter().convert(text))


@given(
    st.lists(
        st.tuples(
            st.text(alphabet="縣區鎮關於張偉同志任財政局長县区镇关于张伟财政局长abc，。；", max_size=12),
            st.sampled_from(["\n", "\r\n", "\r"]),
        ),
        max_size=12,
    ),
    st.booleans(),
)
def test_the_convertible_lines_are_those_a_search_of_each_line_finds(lines, bom):
    """The lines of the paragraphs the reader makes, however the lines end (CR then LF is one end)."""
    from duban.core.readers.txt import iter_blocks, line_text
    from duban.core.script import _may_change, convertible_lines

    text = ("\ufeff" if bom else "") + "".join(line + end for line, end in lines)
    may_change = _may_change()
    assert may_change is not None
    paragraphs = list(iter_blocks(text))
    assert all(isinstance(p, Paragraph) for p in paragraphs)
    assert convertible_lines(line_text(text)) == {p.line for p in paragraphs if may_change(p.text)}


def test_lines_beyond_the_plane_are_left_to_the_search_of_each_line():
    from duban.core.script import convertible_lines

    assert convertible_lines("張𠀋同志任县长\n") is None


def test_a_streamed_archive_of_both_scripts_reads_as_its_blocks_read():
    from duban.core.parse import iter_documents
    from duban.core.readers.txt import read_text

    simplified = to_simplified(NOTICE).replace("2023年3月8日", "2023年3月9日")
    text = "\r\n".join(
        [
            "青政人〔2023〕1号\r\n" + NOTICE.replace("\n", "\r\n"),
            "青政人〔2023〕2号\r\n" + simplified,
            "青政人〔2023〕3号\r\n" + NOTICE.replace("張偉", "李強"),
        ]
    )
    read = read_text(text)
    streamed = list(iter_documents(Source(path="", blocks=[], text=text, streamed=True)))
    whole = list(iter_documents(read))
    assert [(d.number, d.raw, d.text, d.appointments) for d in streamed] == [
        (d.number, d.raw, d.text, d.appointments) for d in whole
    ]
    assert [bool(d.raw) for d in streamed] == [True, False, True]
    assert [a.person for a in streamed[2].appointments] == ["李强", "刘国华"]


def test_a_one_cell_table_wrapped_onto_a_traditional_line_is_converted_as_when_read_whole():
    """A TAB-led line with a line wrapped under it is one paragraph numbered by the TAB line; the
    streamed reader converted it only when that first line held traditional characters (the
    post stayed 縣長, unrecognised), unlike the reader of a whole text."""
    from duban.core.parse import parse_source, parse_string
    from duban.core.readers.txt import read_text

    text = "关于任免的通知\n\t张三同志任\n縣長。\n"
    streamed, whole = parse_string(text), parse_source(read_text(text))
    assert [a.post for a in streamed[0].appointments] == ["县长"]
    assert streamed[0].appointments == whole[0].appointments
    assert streamed[0].warnings == whole[0].warnings == []
