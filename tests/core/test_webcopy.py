"""Web copies: the metadata block read then dropped, page chrome dropped, a repeated title kept once."""

from __future__ import annotations

from datetime import date

import docx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from duban.core.model import DocNumber, Kind, Paragraph
from duban.core.parse import parse_file, parse_string
from duban.core.readers import read_text
from duban.core.webcopy import read_web_copies

# A page of a county government's site as a clerk copies it: breadcrumb, metadata lines with
# keys spaced out for alignment, the page heading, a chrome line, then the notice itself.
PAGE = """首页 > 政务公开 > 通知公告
索 引 号：014300123/2023-00045      主题分类：综合政务
发布机构：青石县人民政府办公室      成文日期：2023-03-06
文    号：青政办发〔2023〕7号      发布日期：2023-03-08
有 效 性：有效
青石县人民政府办公室关于印发2023年县政府重点工作任务分工方案的通知
发布时间：2023-03-08 10:21:45  来源：县政府办  浏览次数：1342  字体：[ 大 中 小 ]
青石县人民政府办公室
关于印发2023年县政府重点工作任务分工方案的通知
各乡镇人民政府，县直各单位：
现将《2023年县政府重点工作任务分工方案》印发给你们，请认真抓好落实。
青石县人民政府办公室
2023年3月6日
【打印本页】 【关闭窗口】
上一篇：关于做好春季森林防火工作的通知
"""


def test_a_pasted_page_reads_as_its_notice_with_the_metadata_kept():
    (doc,) = parse_string(PAGE, "page.txt")
    assert doc.number == DocNumber("青政办发", 2023, 7)
    assert doc.issuer == "青石县人民政府办公室"
    assert doc.title == "关于印发2023年县政府重点工作任务分工方案的通知"
    assert doc.recipients == ["各乡镇人民政府", "县直各单位"]
    assert (doc.date, doc.published) == (date(2023, 3, 6), date(2023, 3, 8))
    assert doc.metadata["索引号"] == "014300123/2023-00045"
    assert doc.metadata["有效性"] == "有效"
    assert doc.metadata["来源"] == "县政府办"
    # Nothing of the page is left in the body, and the text is the notice alone.
    assert doc.body == ["现将《2023年县政府重点工作任务分工方案》印发给你们，请认真抓好落实。"]
    assert "浏览次数" not in doc.text and "打印" not in doc.text and "索引号" not in doc.text
    assert doc.to_json()["published"] == "2023-03-08"


def test_the_publication_date_stands_in_only_where_no_date_is_written():
    page = PAGE.replace("2023年3月6日\n", "").replace("成文日期：2023-03-06", "")
    (doc,) = parse_string(page)
    assert doc.date is None and doc.published == date(2023, 3, 8)
    page = PAGE.replace("2023年3月6日\n", "")
    (doc,) = parse_string(page)
    assert doc.date == date(2023, 3, 6)  # the metadata's 成文日期
    assert not any("成文日期" in w for w in doc.warnings)


def test_a_metadata_table_in_a_word_file(tmp_path):
    document = docx.Document()
    table = document.add_table(rows=3, cols=4)
    rows = [
        ("索引号", "014300123/2023-00051", "主题分类", "城乡建设、环境保护"),
        ("发布机构", "青石县人民政府办公室", "成文日期", "2023年04月10日"),
        ("文号", "青政办函﹝2023﹞15号", "发布日期", "2023年04月12日"),
    ]
    for row, values in zip(table.rows, rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    for line in (
        "关于2023年一季度重点民生实事推进情况的通报",
        "关于2023年一季度重点民生实事推进情况的通报",
        "各乡镇人民政府，县直各单位：",
        "现将一季度推进情况通报如下：",
        "一、总体情况",
        "青石县人民政府办公室",
        "2023年4月10日",
    ):
        document.add_paragraph(line)
    path = tmp_path / "page.docx"
    document.save(path)
    (doc,) = parse_file(path)
    assert str(doc.number) == "青政办函〔2023〕15号"
    assert doc.title == "关于2023年一季度重点民生实事推进情况的通报"  # the page heading once
    assert doc.kind == Kind.BULLETIN
    assert doc.metadata["主题分类"] == "城乡建设、环境保护"
    assert (doc.date, doc.published) == (date(2023, 4, 10), date(2023, 4, 12))


def test_two_pages_in_one_file_are_two_documents():
    second = PAGE.replace("7号", "8号").replace("2023-00045", "2023-00046")
    docs = parse_string(PAGE + second)
    assert [str(d.number) for d in docs] == ["青政办发〔2023〕7号", "青政办发〔2023〕8号"]
    assert [d.metadata["索引号"] for d in docs] == ["014300123/2023-00045", "014300123/2023-00046"]


@pytest.mark.parametrize(
    "line",
    [
        "会议时间：2023年3月8日上午9:00",  # one weak key is a line of the text
        "时间：2023年3月8日 地点：县政府三楼会议室",
        "关于做好春季森林防火工作的通知",
        "中共青石县委办公室",
    ],
)
def test_lines_of_a_document_are_not_taken_for_the_page(line):
    blocks = read_text(line + "\n").blocks
    ((meta, kept),) = read_web_copies(blocks)
    assert meta is None and kept == blocks


@pytest.mark.parametrize(
    "line",
    [
        "【打印本页】 【关闭窗口】",
        "分享到： ",
        "打印 | 关闭",
        "字体：[大 中 小]",
        "扫一扫在手机打开当前页",
        "下一篇：关于做好春季森林防火工作的通知",
        "当前位置：首页 > 政务公开",
    ],
)
def test_page_chrome_is_dropped(line):
    blocks = [Paragraph("索引号：0143/2023-1"), Paragraph(line), Paragraph("正文。")]
    ((meta, kept),) = read_web_copies(blocks)
    assert meta is not None and [b.text for b in kept if isinstance(b, Paragraph)] == ["正文。"]


@given(
    st.lists(
        st.text(alphabet="索引号文发布机构日期：:| 打印关闭大中小【】2023-08有效", max_size=30), max_size=8
    )
)
def test_arbitrary_page_like_lines_never_crash(lines):
    parts = read_web_copies([Paragraph(t) for t in lines if t.strip()])
    assert all(isinstance(kept, list) for _, kept in parts)


def test_a_page_in_traditional_script():
    from opencc import OpenCC

    page = OpenCC("s2t").convert(PAGE)
    assert "發佈機構" in page  # the input really is traditional
    (doc,) = parse_string(page)
    assert str(doc.number) == "青政办发〔2023〕7号"
    assert doc.title == "关于印发2023年县政府重点工作任务分工方案的通知"
    assert (doc.date, doc.published) == (date(2023, 3, 6), date(2023, 3, 8))
    assert doc.metadata["发布机构"] == "青石县人民政府办公室"
    assert "關於" in doc.raw


# --- text_has_web_copies ------------------------------------------------------------------------

_WEB_PIECES = [
    "索引号：11430600", "发布机构：区人民政府办公室", "文号：云政发〔2024〕1号", "成文日期：2024-07-29",
    "关于人员任免的通知", "打印本页", "【关闭】", "字体：[大 中 小]", "张三同志任区财政局局长；",
    "  索 引 号：1", "\u3000发布日期：2024年7月1日", "時間：2024年", "發布機構：區政府", "關閉",
    "標題：關於", "", "  ", "特此通知。", "|索引号|1|", "\t序号", "\t1",
]  # fmt: skip


@given(st.lists(st.sampled_from(_WEB_PIECES), max_size=12), st.sampled_from([1, 5, 16, 1 << 16]))
def test_the_text_tells_whether_there_are_web_copies_as_the_blocks_do(lines, chunk):
    from duban.core.readers import txt
    from duban.core.readers.txt import iter_blocks, line_text
    from duban.core.script import convertible_lines, simplified_block
    from duban.core.webcopy import has_web_copies, text_has_web_copies

    text = "\n".join(lines)
    selected = convertible_lines(line_text(text)) or frozenset()
    saved = txt._CHUNK
    txt._CHUNK = chunk  # small chunks: a web block on either side of every cut
    try:
        found = text_has_web_copies(text, simplified_block, selected)
        plain = text_has_web_copies(text)
    finally:
        txt._CHUNK = saved
    if found is None:
        assert any(line.startswith("\t") for line in lines)  # a table: only the blocks can tell
    else:
        assert found is has_web_copies(iter_blocks(text, simplified_block, selected))
    if not selected:
        assert plain is found


def test_a_web_page_deep_in_a_long_archive_is_found():
    from duban.core.webcopy import text_has_web_copies

    notices = "关于人员任免的通知\n张三同志任区财政局局长；\n" * 20_000
    assert text_has_web_copies(notices) is False
    assert text_has_web_copies(notices + "索引号：114306\n发布机构：区政府\n" + notices) is True
