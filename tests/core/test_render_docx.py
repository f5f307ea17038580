"""The official document rendered to Word per GB/T 9704-2012, checked in the XML and through LibreOffice."""

import datetime
import re
import shutil
import subprocess
from io import BytesIO
from pathlib import Path

import docx
import pytest
from docx.document import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.section import Section
from docx.table import Table
from docx.text.paragraph import Paragraph
from hypothesis import given, settings
from hypothesis import strategies as st

from duban.core.model import Task
from duban.core.render.annexes import indicator_annex, task_annex
from duban.core.render.docx import render_docx
from duban.core.render.spec import Heading, OfficialDoc, Para
from tests.core.office import to_pdf
from tests.core.test_render_annexes import INDICATOR_TITLE, INDICATORS, TASK_TITLE, TASKS

EMU_PER_MM = 36000

TITLE = "岳阳市云溪区人民政府办公室\n关于2024年上半年区政府重点工作\n推进情况的通报"
OPENING = (
    "为贯彻党的二十届三中全会精神，深入分析研判当前经济形势，扎实推进2024年全区各项重点工作，"
    "区政府督查室对目标任务及省市区重点民生实事推进落实情况进行了实地督查。现将有关情况通报如下："
)
BASICS = (
    "《2024年<政府工作报告>目标任务分解》（含区级民生实事）80项目标任务中，已完成年度目标任务的7项，占8.8%。"
)
PROBLEM = "一是部分经济指标不容乐观。上半年，受国际国内市场行情等因素影响，我区经济运行趋缓。"

DOC = OfficialDoc(
    number="岳云政办通〔2024〕3号",
    issuer="岳阳市云溪区人民政府办公室",
    title=TITLE,
    recipients="各镇人民政府、街道办事处，绿色化工高新区管委会，区直及驻区各单位：",
    body=[
        Para(OPENING),
        Heading(1, "一、基本情况"),
        Para(BASICS),
        Heading(2, "（一）《2024年<政府工作报告>目标任务分解》目标任务进展情况"),
        Para(PROBLEM),
    ],
    attachments=[TASK_TITLE, INDICATOR_TITLE],
    signature="岳阳市云溪区人民政府办公室",
    date=datetime.date(2024, 8, 9),
    annexes=[
        task_annex(TASKS, TASK_TITLE, None),
        indicator_annex(INDICATORS, INDICATOR_TITLE, None),
    ],
)


@pytest.fixture(scope="module")
def docx_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("docx") / "bulletin.docx"
    render_docx(DOC, path)
    return path


@pytest.fixture(scope="module")
def word(docx_path: Path) -> Document:
    return docx.Document(str(docx_path))


def mm(length: object) -> float:
    assert isinstance(length, int)
    return length / EMU_PER_MM


def par(word: Document, text: str) -> Paragraph:
    return next(p for p in word.paragraphs if p.text == text)


def east_asia(run: BaseOxmlElement) -> str | None:
    fonts = run.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
    return None if fonts is None else fonts.get(qn("w:eastAsia"))


def size_pt(run: BaseOxmlElement) -> float:
    sz = run.find(f"{qn('w:rPr')}/{qn('w:sz')}")
    assert sz is not None
    return int(sz.get(qn("w:val"))) / 2


def ind(p: Paragraph, attr: str) -> str | None:
    el = p._p.find(f"{qn('w:pPr')}/{qn('w:ind')}")
    return None if el is None else el.get(qn(f"w:{attr}"))


def runs_of(p: Paragraph) -> list[BaseOxmlElement]:
    return list(p._p.iter(qn("w:r")))


# --- page -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("attr", "expected"),
    [
        ("page_width", 210.0),
        ("page_height", 297.0),
        ("top_margin", 37.0),
        ("bottom_margin", 35.0),
        ("left_margin", 28.0),
        ("right_margin", 26.0),
    ],
)
def test_the_body_page_is_a4_with_the_standard_margins(word: Document, attr: str, expected: float) -> None:
    assert mm(getattr(word.sections[0], attr)) == pytest.approx(expected, abs=0.1)


def test_the_body_section_is_portrait(word: Document) -> None:
    assert word.sections[0].orientation == WD_ORIENT.PORTRAIT


def test_the_body_lines_are_exact_and_condensed_to_22_by_28(word: Document) -> None:
    # In whole twips: page 11906 × 16838, margins 1587 / 1474 / 2098 / 1984, so the text
    # block is 8845 × 12756 twips. Line: ⌊12756 / 22⌋ = 579 twips, exact. Characters:
    # 8845 twips = 442.25 pt / 28 = 15.795 pt, minus 16 pt = −0.205 pt = −4.1 twentieths,
    # rounded down to −5 (15.75 pt: 28 fit in 441 pt, a 29th does not).
    grid = word.sections[0]._sectPr.find(qn("w:docGrid"))
    assert grid is not None
    assert (grid.get(qn("w:type")), grid.get(qn("w:linePitch")), grid.get(qn("w:charSpace"))) == (
        "lines",
        "579",
        None,
    )
    normal = word.styles["Normal"].element
    spacing = normal.find(f"{qn('w:pPr')}/{qn('w:spacing')}")
    assert (spacing.get(qn("w:line")), spacing.get(qn("w:lineRule"))) == ("579", "exact")
    assert normal.find(f"{qn('w:rPr')}/{qn('w:spacing')}").get(qn("w:val")) == "-5"


def test_the_default_font_size_is_the_grids_base(word: Document) -> None:
    sz = word.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:sz')}")
    assert sz is not None
    assert sz.get(qn("w:val")) == "32"


# --- text -----------------------------------------------------------------------------------


def test_every_run_names_its_east_asian_font(word: Document) -> None:
    body = word.element.body
    footers = [s.footer for s in word.sections] + [s.even_page_footer for s in word.sections]
    runs = list(body.iter(qn("w:r"))) + [r for f in footers for r in f._element.iter(qn("w:r"))]
    assert len(runs) > 100
    assert [r.xpath("string(.)") for r in runs if not east_asia(r)] == []


@pytest.mark.parametrize(
    ("text", "font", "size", "align", "first_line_chars"),
    [
        ("岳云政办通〔2024〕3号", "仿宋_GB2312", 16, WD_ALIGN_PARAGRAPH.CENTER, None),
        ("各镇人民政府、街道办事处，绿色化工高新区管委会，区直及驻区各单位：", "仿宋_GB2312", 16, None, None),
        (OPENING, "仿宋_GB2312", 16, None, "200"),
        ("一、基本情况", "黑体", 16, None, "200"),
        (BASICS, "仿宋_GB2312", 16, None, "200"),
        ("（一）《2024年<政府工作报告>目标任务分解》目标任务进展情况", "楷体_GB2312", 16, None, "200"),
        (PROBLEM, "仿宋_GB2312", 16, None, "200"),
        ("附件1", "黑体", 16, None, None),
        ("附件2", "黑体", 16, None, None),
    ],
)
def test_paragraph_fonts_sizes_and_indents(
    word: Document,
    text: str,
    font: str,
    size: float,
    align: WD_ALIGN_PARAGRAPH | None,
    first_line_chars: str | None,
) -> None:
    p = par(word, text)
    assert {(east_asia(r), size_pt(r)) for r in runs_of(p)} == {(font, size)}
    assert p.alignment == align
    assert ind(p, "firstLineChars") == first_line_chars


def test_the_title_is_centred_2hao_xiaobiaosong_with_its_line_breaks(word: Document) -> None:
    p = par(word, TITLE)  # python-docx shows a line break as "\n"
    assert p.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert {(east_asia(r), size_pt(r)) for r in runs_of(p)} == {("方正小标宋简体", 22)}
    assert len(p._p.findall(f".//{qn('w:br')}")) == 2


def test_the_number_comes_before_the_title(word: Document) -> None:
    texts = [p.text for p in word.paragraphs]
    assert texts.index("岳云政办通〔2024〕3号") < texts.index(TITLE) < texts.index(DOC.recipients)


def test_headings_carry_an_outline_level(word: Document) -> None:
    levels = {
        p.text: p._p.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}").get(qn("w:val"))
        for p in word.paragraphs
        if p.text in ("一、基本情况", "（一）《2024年<政府工作报告>目标任务分解》目标任务进展情况")
    }
    assert sorted(levels.values()) == ["0", "1"]


def test_the_attachment_note_wraps_under_the_first_character_of_the_name(word: Document) -> None:
    first = par(word, f"附件：1.{TASK_TITLE}")
    second = par(word, f"2.{INDICATOR_TITLE}")
    # "附件：1." starts 2 characters in; the name starts after 3 + 1 characters, at 6.
    assert (ind(first, "leftChars"), ind(first, "hangingChars")) == ("600", "400")
    # "2." starts under "1.", at 5; its name again at 6.
    assert (ind(second, "leftChars"), ind(second, "hangingChars")) == ("600", "100")


def test_the_signature_and_date_close_the_body_right_aligned(word: Document) -> None:
    sig = par(word, "岳阳市云溪区人民政府办公室")
    date = par(word, "2024年8月9日")
    assert sig.alignment == date.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    # Name (13 characters) two characters from the right; the date (6 characters:
    # "2024" and "8", "9" count half) starts two characters right of the name: 13 − 2 − 6 + 2 = 7.
    assert (ind(sig, "rightChars"), ind(date, "rightChars")) == ("200", "700")


@pytest.mark.parametrize(
    ("signature", "date", "rights"),
    [
        ("岳阳市云溪区人民政府", datetime.date(2024, 7, 29), ("200", "350")),  # 10 and 6.5 characters
        # The date (7 characters) is longer than the name (4): the date keeps 2, the name
        # starts 2 before the date: 2 + 7 + 2 − 4 = 7 from the right.
        ("区民政局", datetime.date(2024, 12, 31), ("700", "200")),
    ],
)
def test_the_signature_rule_for_short_and_long_names(
    signature: str, date: datetime.date, rights: tuple[str, str]
) -> None:
    doc = OfficialDoc("", signature, "关于某事的通知", "", [Para("正文。")], [], signature, date)
    out = BytesIO()
    render_docx(doc, out)
    paragraphs = docx.Document(BytesIO(out.getvalue())).paragraphs
    assert (ind(paragraphs[-2], "rightChars"), ind(paragraphs[-1], "rightChars")) == rights
    assert paragraphs[-1].text == f"{date.year}年{date.month}月{date.day}日"


# --- page numbers -----------------------------------------------------------------------------


def test_odd_and_even_pages_have_their_own_footers(word: Document) -> None:
    assert word.settings.odd_and_even_pages_header_footer


@pytest.mark.parametrize(
    ("which", "align", "side"),
    [
        ("footer", WD_ALIGN_PARAGRAPH.RIGHT, "rightChars"),
        ("even_page_footer", WD_ALIGN_PARAGRAPH.LEFT, "leftChars"),
    ],
)
def test_page_numbers_are_dashed_4hao_songti_on_the_outer_side(
    word: Document, which: str, align: WD_ALIGN_PARAGRAPH, side: str
) -> None:
    footer = getattr(word.sections[0], which)
    assert not footer.is_linked_to_previous
    (p,) = footer.paragraphs
    assert p.alignment == align
    assert ind(p, side) == "100"  # one character from the edge
    assert p.text == "— 1 —"
    instructions = [t.text for t in p._p.iter(qn("w:instrText"))]
    assert [i.strip() for i in instructions] == ["PAGE"]
    kinds = [f.get(qn("w:fldCharType")) for f in p._p.iter(qn("w:fldChar"))]
    assert kinds == ["begin", "separate", "end"]
    assert {(east_asia(r), size_pt(r)) for r in runs_of(p)} == {("宋体", 14)}


def test_annex_sections_inherit_the_page_numbers(word: Document) -> None:
    assert [s.footer.is_linked_to_previous for s in word.sections[1:]] == [True, True]


# --- annexes --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("attr", "expected"),
    [
        ("page_width", 297.0),
        ("page_height", 210.0),
        ("top_margin", 28.0),
        ("bottom_margin", 26.0),
        ("left_margin", 35.0),
        ("right_margin", 37.0),
    ],
)
def test_each_annex_is_a_new_landscape_section(word: Document, attr: str, expected: float) -> None:
    assert len(word.sections) == 3
    for section in word.sections[1:]:
        assert section.start_type == WD_SECTION.NEW_PAGE
        assert section.orientation == WD_ORIENT.LANDSCAPE
        assert mm(getattr(section, attr)) == pytest.approx(expected, abs=0.1)


def test_each_annex_starts_with_its_label_then_its_centred_title(word: Document) -> None:
    texts = [p.text for p in word.paragraphs]
    for label, title in (("附件1", TASK_TITLE), ("附件2", INDICATOR_TITLE)):
        i = texts.index(label)
        assert texts[i + 1 : i + 3] == ["", title]  # the title on the third line
        title_par = word.paragraphs[i + 2]
        assert title_par.alignment == WD_ALIGN_PARAGRAPH.CENTER
        assert {(east_asia(r), size_pt(r)) for r in runs_of(title_par)} == {("方正小标宋简体", 22)}


def _repeats(row: BaseOxmlElement) -> bool:
    return row.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None


def test_header_rows_repeat_on_each_page(word: Document) -> None:
    tasks, indicators = word.tables
    assert [_repeats(tr) for tr in tasks._tbl.tr_lst] == [True, True] + [False] * len(TASKS)
    assert [_repeats(tr) for tr in indicators._tbl.tr_lst] == [True] + [False] * len(INDICATORS)


def _section_block_mm(section: Section) -> float:
    return mm(section.page_width) - mm(section.left_margin) - mm(section.right_margin)


def test_tables_fill_the_text_block(word: Document) -> None:
    for table in word.tables:
        widths = [int(g.get(qn("w:w"))) for g in table._tbl.tblGrid.findall(qn("w:gridCol"))]
        assert sum(widths) / 1440 * 25.4 == pytest.approx(_section_block_mm(word.sections[1]), abs=0.5)
        layout = table._tbl.tblPr.find(qn("w:tblLayout"))
        assert layout is not None and layout.get(qn("w:type")) == "fixed"


def tc_at(table: Table, row: int, col: int) -> BaseOxmlElement:
    """The w:tc covering grid column `col` of a row, as stored (python-docx's table.cell
    answers a vertical continuation with the cell above)."""
    at = 0
    for tc in table._tbl.tr_lst[row].tc_lst:
        if at <= col < at + tc.grid_span:
            return tc
        at += tc.grid_span
    raise AssertionError(f"no cell at ({row}, {col})")


def v_merge(table: Table, row: int, col: int) -> str | None:
    return tc_at(table, row, col).vMerge


def test_the_task_table_header_merges(word: Document) -> None:
    table = word.tables[0]
    assert table.cell(0, 4).text == "工作进度"
    assert tc_at(table, 0, 4).grid_span == 3
    assert [table.cell(1, c).text for c in (4, 5, 6)] == ["基本完成", "常态化或按时序推进", "相对滞后"]
    assert [v_merge(table, r, c) for r in (0, 1) for c in range(4)] == ["restart"] * 4 + ["continue"] * 4
    assert (v_merge(table, 0, 4), v_merge(table, 1, 4)) == (None, None)
    assert table.cell(0, 0).text == "序号"


def test_the_task_table_body(word: Document) -> None:
    table = word.tables[0]
    row = [table.cell(4, c).text for c in range(7)]  # task 57, the third body row
    assert row == ["57", TASKS[2].text, "区交通局\n区物流发展服务中心", TASKS[2].progress, "", "", "√"]


def test_the_indicator_table_merges_vertically(word: Document) -> None:
    table = word.tables[1]
    # 类别 省级 down body rows 0-7 (table rows 1-8), 市级 alone on row 9.
    assert [v_merge(table, r, 0) for r in range(1, 10)] == ["restart"] + ["continue"] * 7 + [None]
    assert (table.cell(1, 0).text, table.cell(9, 0).text) == (
        "省级\n重点\n民生\n实事",
        "市级\n重点\n民生\n实事",
    )
    # 关爱特殊群体: body rows 5-7 (table rows 6-8), across both name columns.
    assert [v_merge(table, r, 2) for r in (6, 7, 8)] == ["restart", "continue", "continue"]
    assert [tc_at(table, r, 2).grid_span for r in (6, 7, 8)] == [2, 2, 2]
    assert table.cell(6, 2).text == "关爱特殊群体"
    # 区残联 down table rows 7-8, not 6 (区妇联).
    assert [v_merge(table, r, 6) for r in (6, 7, 8)] == [None, "restart", "continue"]
    assert (table.cell(6, 6).text, table.cell(7, 6).text) == ("区妇联", "区残联")
    # 序号 1 over two rows.
    assert [v_merge(table, r, 1) for r in (1, 2)] == ["restart", "continue"]
    assert table.cell(1, 1).text == "1"


def test_the_task_note_follows_its_table(word: Document) -> None:
    assert "注：第48、57项为区级民生实事。" in [p.text for p in word.paragraphs]


def test_a_portrait_annex_keeps_the_body_margins() -> None:
    annex = task_annex(TASKS[:1], TASK_TITLE, None)
    annex.landscape = False
    doc = OfficialDoc(
        "",
        "",
        "关于某事的通知",
        "",
        [Para("正文。")],
        [TASK_TITLE],
        "区政府",
        datetime.date(2024, 1, 2),
        [annex],
    )
    out = BytesIO()
    render_docx(doc, out)
    section = docx.Document(BytesIO(out.getvalue())).sections[1]
    assert section.orientation == WD_ORIENT.PORTRAIT
    assert (mm(section.left_margin), mm(section.top_margin)) == (
        pytest.approx(28, abs=0.1),
        pytest.approx(37, abs=0.1),
    )


@settings(max_examples=25, deadline=None)
@given(st.text(), st.text())
def test_any_text_renders(body: str, task_text: str) -> None:
    task = Task(seq=1, text=task_text, lead_units=[body])
    doc = OfficialDoc(
        body, body, body, body, [Para(body), Heading(1, body)], [body], body, datetime.date(2024, 1, 1)
    )
    doc.annexes = [task_annex([task], body, body)]
    out = BytesIO()
    render_docx(doc, out)
    assert len(docx.Document(BytesIO(out.getvalue())).sections) == 2


# --- through LibreOffice --------------------------------------------------------------------


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _found(needle: str, hay: str) -> bool:
    """Whether the text is in the PDF: whole, or (for a table row split over a page break,
    whose cells' pieces then alternate) as an in-order subsequence within a short stretch."""
    if needle in hay:
        return True
    window = 3 * len(needle) + 200
    start = hay.find(needle[0])
    while start != -1:
        at = start
        for ch in needle[1:]:
            at = hay.find(ch, at + 1, start + window)
            if at == -1:
                break
        else:
            return True
        start = hay.find(needle[0], start + 1)
    return False


@pytest.fixture(scope="module")
def pdf(docx_path: Path) -> Path:
    return to_pdf([docx_path])[0]


def _page_count(path: Path) -> int:
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
        return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))  # type: ignore[union-attr]
    return len(re.findall(rb"/Type\s*/Page\b", path.read_bytes()))


def test_libreoffice_renders_a_plausible_number_of_pages(pdf: Path) -> None:
    # At least the body and one page per annex; a short bulletin stays well under a dozen pages.
    assert 3 <= _page_count(pdf) <= 12


def test_every_item_is_in_the_pdf(pdf: Path) -> None:
    # -raw keeps LibreOffice's drawing order, cell by cell, where the default layout
    # mode interleaves the lines of neighbouring cells.
    text = _squeeze(
        subprocess.run(
            ["pdftotext", "-raw", str(pdf), "-"], check=True, capture_output=True, text=True
        ).stdout
    )
    expected = [DOC.number, OPENING, BASICS, PROBLEM, "附件1", "附件2", "2024年8月9日", "—1—"]
    expected += (
        [t.text for t in TASKS] + [t.progress for t in TASKS] + [u for t in TASKS for u in t.lead_units]
    )
    expected += [i.indicator for i in INDICATORS] + [i.progress for i in INDICATORS] + ["100.45%", "85%"]
    expected += [n for i in INDICATORS for n in i.names]
    missing = [e for e in expected if not _found(_squeeze(e), text)]
    assert missing == []
    assert not _found("免去丁先波同志区应急管理局执法局局长职务", text)  # the check can fail
