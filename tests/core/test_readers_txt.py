"""The plain-text reader: encodings, the tab layout of tables, and read_file's errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from duban.core.errors import ParseError
from duban.core.model import Cell, Paragraph, Table
from duban.core.readers import decode, read_file, read_text

from .builders import SAMPLE


def cells(*texts: str) -> list[Cell]:
    return [Cell(t) for t in texts]


# --- the tab layout --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "岳云政人〔2024〕2号\n\n\n关于丁先波等同志职务任免的通知\n",
            [("岳云政人〔2024〕2号", 1), ("关于丁先波等同志职务任免的通知", 4)],
        ),
        ("  各镇人民政府：  \r\n经研究\r\n", [("各镇人民政府：", 1), ("经研究", 2)]),
        ("\ufeff附件1\n", [("附件1", 1)]),
        ("\t只缩进了一行\n", [("只缩进了一行", 1)]),
        ("\t\n", []),
        ("", []),
    ],
)
def test_it_reads_paragraphs_with_line_numbers(text, expected):
    assert [(b.text, b.line) for b in read_text(text).blocks] == expected
    assert all(isinstance(b, Paragraph) for b in read_text(text).blocks)


@pytest.mark.parametrize(
    ("text", "rows"),
    [
        # one cell per TAB line, rows separated by an empty line
        (
            "\t序号\n\t目标任务\n\n\t1\n\t新增上市企业1家\n",
            [cells("序号", "目标任务"), cells("1", "新增上市企业1家")],
        ),
        # a line without a TAB continues the cell above
        (
            "\t序号\n\t牵头单位\n\n\t51\n\t区交通局\n区物流发展服务中心\n",
            [cells("序号", "牵头单位"), cells("51", "区交通局\n区物流发展服务中心")],
        ),
        # a lone TAB is an empty cell
        ("\t1\n\t\n\t√\n\n\t2\n\t√\n\t\n", [cells("1", "", "√"), cells("2", "√", "")]),
        # cell texts are stripped, wrapped lines too
        ("\t 基本 \n  完成 \n\t  相对滞后\n", [cells("基本\n完成", "相对滞后")]),
        # rows differ in length where cells merged horizontally
        (
            "\t序号\n\t工作进度\n\n\t\n\t基本\n完成\n\t相对滞后\n",
            [cells("序号", "工作进度"), cells("", "基本\n完成", "相对滞后")],
        ),
        # several empty lines between rows are still one row break
        ("\t1\n\t区财政局\n\n\n\t2\n\t区民政局\n", [cells("1", "区财政局"), cells("2", "区民政局")]),
    ],
)
def test_it_reads_the_tab_layout_of_tables(text, rows):
    (table,) = read_text(text).blocks
    assert isinstance(table, Table)
    assert table.rows == rows
    assert table.line == 1


def test_it_ends_a_table_at_a_plain_line_after_an_empty_line():
    text = "附件1\n标题\n\t序号\n\t目标任务\n\n\t80\n\t建设2处社区日间照料中心\n\n\n\n注：第80项为区级民生实事。\n附件2\n"
    blocks = read_text(text, "通报.txt").blocks
    assert [type(b).__name__ for b in blocks] == ["Paragraph", "Paragraph", "Table", "Paragraph", "Paragraph"]
    table = blocks[2]
    assert isinstance(table, Table)
    assert table.line == 3
    assert table.rows[-1] == cells("80", "建设2处社区日间照料中心")
    assert blocks[3] == Paragraph("注：第80项为区级民生实事。", 11)


def test_it_keeps_the_path():
    assert read_text("附件1", "a/通报.txt").path == "a/通报.txt"


def test_it_reads_the_three_tables_of_the_sample():
    blocks = read_file(SAMPLE).blocks
    tables = [b for b in blocks if isinstance(b, Table)]
    assert [(t.line, len(t.rows)) for t in tables] == [(120, 82), (803, 47), (1342, 19)]
    tasks, indicators, measures = tables
    # 工作进度 spans the three √ columns in the first header row
    assert [c.text for c in tasks.rows[0]] == ["序号", "目标任务", "牵头单位", "进展情况", "工作进度"]
    assert [c.text for c in tasks.rows[1]] == [
        "",
        "",
        "",
        "",
        "基本\n完成",
        "常态化\n或按时序推进",
        "相对滞后",
    ]
    assert indicators.rows[1][0].text == "省级\n重点\n民生\n实事"
    assert sorted({len(r) for r in indicators.rows[1:]}) == [8, 9, 10]
    assert measures.rows[7][1].text.endswith("\n（牵头单位：省科技厅）")
    assert Paragraph("注：第48、49、57、58、67、80项为区级民生实事。", 799) in blocks


# --- encodings -------------------------------------------------------------------------------

NOTICE = "岳阳市云溪区人民政府\n关于丁先波等同志职务任免的通知（试用期一年）"


@pytest.mark.parametrize(
    "data",
    [
        NOTICE.encode("utf-8"),
        b"\xef\xbb\xbf" + NOTICE.encode("utf-8"),
        NOTICE.encode("gbk"),
        NOTICE.encode("gb18030"),
        NOTICE.encode("gb2312"),
        NOTICE.encode("utf-16"),  # with BOM, as Notepad's "Unicode"
    ],
)
def test_it_decodes_utf8_and_chinese_windows_encodings(data):
    assert decode(data).removeprefix("\ufeff") == NOTICE


def test_it_decodes_gb18030_only_characters():
    text = "㐀㐁 云溪区 €"  # CJK extension A and the euro sign are outside GB2312
    assert decode(text.encode("gb18030")) == text


@pytest.mark.parametrize(
    "data",
    [
        b"\x00\x01\x02\x03\xff\xfe\xfd" * 20,
        bytes(range(256)) * 4,
        "通知".encode() + b"\x00\x00\x00",
    ],
)
def test_it_refuses_binary_data(data):
    with pytest.raises(ParseError) as exc:
        decode(data)
    assert "文本" in exc.value.message or "编码" in exc.value.message


@given(st.binary(max_size=400))
def test_decoding_arbitrary_bytes_gives_text_or_a_parse_error(data):
    try:
        assert isinstance(decode(data), str)
    except ParseError as exc:
        assert exc.message


@given(st.text(alphabet=st.sampled_from("\t\n\r 序号1注：区√\u3000a"), max_size=200) | st.text(max_size=200))
def test_reading_arbitrary_text_never_crashes(text):
    source = read_text(text)
    for block in source.blocks:
        if isinstance(block, Table):
            assert block.rows and all(row for row in block.rows)
        else:
            assert block.text == block.text.strip() and block.text


# --- read_file ---------------------------------------------------------------------------------


def test_it_reads_a_gbk_file(tmp_path: Path):
    path = tmp_path / "任免.txt"
    path.write_bytes(NOTICE.encode("gbk"))
    source = read_file(path)
    assert source.path == str(path)
    assert [b.text for b in source.blocks if isinstance(b, Paragraph)] == NOTICE.split("\n")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "文件不存在"),
        (b"", "文件为空"),
        (b" \n\r\n\t\n", "文件为空"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "旧版"),
        (b"%PDF-1.7\n" + b"\x00" * 10, "PDF"),
        (b"\x81\x00\xff\xfe" * 50, "文本"),
    ],
)
def test_it_raises_a_parse_error_naming_the_file(tmp_path: Path, content, message):
    path = tmp_path / "通报.txt"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(ParseError) as exc:
        read_file(path)
    assert message in exc.value.message
    assert exc.value.path == str(path)
    assert str(path) in str(exc.value)
    assert exc.value.english


def test_it_refuses_a_directory(tmp_path: Path):
    with pytest.raises(ParseError, match="文件夹"):
        read_file(tmp_path)


# --- lines read a chunk at a time -------------------------------------------------------------


def _reference_blocks(text: str) -> list[Paragraph | Table]:
    """The blocks of the text read with the whole text as one chunk."""
    from duban.core.readers import txt

    saved = txt._CHUNK
    txt._CHUNK = len(text) + 1
    try:
        return list(txt.iter_blocks(text))
    finally:
        txt._CHUNK = saved


@given(
    st.lists(
        st.sampled_from(["张三同志任局长；", "", "\t序号", "\t1", "续行", "\r", "特此通知。"]), max_size=40
    ),
    st.integers(min_value=1, max_value=12),
)
def test_chunks_cut_anywhere_read_the_same_blocks_and_line_numbers(lines, chunk):
    from duban.core.readers import txt

    text = "\n".join(lines)
    expected = _reference_blocks(text)
    saved = txt._CHUNK
    txt._CHUNK = chunk  # chunks of a few characters: a cut falls beside every kind of line
    try:
        assert list(txt.iter_blocks(text)) == expected
    finally:
        txt._CHUNK = saved


def test_an_archive_longer_than_a_chunk_keeps_its_line_numbers():
    from duban.core.readers import txt

    lines = [f"第{n}行张三同志任局长；" for n in range(1, 20_001)]
    text = "\n".join(lines) + "\n"
    assert len(text) > 2 * txt._CHUNK
    blocks = list(txt.iter_blocks(text))
    assert [b.line for b in blocks] == list(range(1, 20_001))
    assert all(b.text == f"第{b.line}行张三同志任局长；" for b in blocks)  # type: ignore[union-attr]


def test_the_conversion_hook_sees_the_selected_paragraphs_and_every_table():
    from duban.core.readers.txt import iter_blocks

    seen: list[int] = []

    def convert(block):
        seen.append(block.line)
        return Paragraph("换", block.line) if isinstance(block, Paragraph) else block

    text = "甲\n乙\n\t表\n\t格\n\n丙\n"
    blocks = list(iter_blocks(text, convert, frozenset({2})))
    assert seen == [2, 3]
    assert [b.text if isinstance(b, Paragraph) else "表" for b in blocks] == ["甲", "换", "表", "丙"]
    assert [b.line for b in list(iter_blocks(text, convert, None))] == [1, 2, 3, 6]
