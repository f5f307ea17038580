"""The frame of a Word 公文 (GB/T 9704-2012): 版头, title, 主送, headings, signature, date and 版记."""

import datetime
from io import BytesIO

import docx
import pytest
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.text.paragraph import Paragraph

from duban.core.render.docx import render_docx
from duban.core.render.spec import DocKind, Heading, OfficialDoc, Para

OFFICE = "岳阳市云溪区人民政府办公室"
RECIPIENTS = "各镇人民政府、街道办事处，绿色化工高新区管委会，区直及驻区各单位"
TITLE = "关于2024年上半年区政府重点工作推进情况的通报"


def bulletin(**changes: object) -> OfficialDoc:
    doc = OfficialDoc(
        number="岳云政办通〔2024〕3号",
        issuer=OFFICE,
        title=TITLE,
        recipients=RECIPIENTS,
        body=[
            Para("为贯彻党的二十届三中全会精神，现将有关情况通报如下："),
            Heading(1, "一、基本情况"),
            Heading(2, "（一）目标任务进展情况"),
            Heading(3, "1.经济指标"),
            Heading(4, "（1）地区生产总值"),
            Heading(1, "二、提高思想认识，奋力创优争先。", run_in="省政府大抓落实工作激励措施二十条紧扣……"),
        ],
        attachments=[],
        signature=OFFICE,
        date=datetime.date(2024, 8, 9),
        kind=DocKind.BULLETIN,
    )
    for name, value in changes.items():
        setattr(doc, name, value)
    return doc


def rendered(doc: OfficialDoc) -> Document:
    out = BytesIO()
    render_docx(doc, out)
    return docx.Document(BytesIO(out.getvalue()))


@pytest.fixture(scope="module")
def word() -> Document:
    return rendered(
        bulletin(copy_to=["区委办", "区人大办"], printer=OFFICE, print_date=datetime.date(2024, 8, 10))
    )


def par(word: Document, text: str) -> Paragraph:
    return next(p for p in word.paragraphs if p.text == text)


def run_props(run: BaseOxmlElement) -> dict[str, str | None]:
    r_pr = run.find(qn("w:rPr"))
    assert r_pr is not None

    def val(tag: str, attr: str = "w:val") -> str | None:
        el = r_pr.find(qn(tag))
        return None if el is None else el.get(qn(attr))

    return {
        "font": val("w:rFonts", "w:eastAsia"),
        "size": val("w:sz"),
        "color": val("w:color"),
        "scale": val("w:w"),
        "underline": val("w:u"),
    }


# --- 版头 -----------------------------------------------------------------------------------


def test_the_mark_is_the_issuer_and_wenjian_in_red_xiaobiaosong_first(word: Document) -> None:
    first = word.paragraphs[0]
    assert first.text == OFFICE + "文件"
    assert first.alignment == WD_ALIGN_PARAGRAPH.CENTER
    (run,) = first._p.iter(qn("w:r"))
    props = run_props(run)
    assert (props["font"], props["color"], props["size"]) == ("方正小标宋简体", "FF0000", "84")
    # 15 characters of 42 pt would be 630 pt on a 442 pt line: narrowed to ⌊442.2 / 630 × 100⌋ %.
    assert props["scale"] == "70"


def test_the_number_stands_two_lines_under_the_mark_above_the_red_line(word: Document) -> None:
    texts = [p.text for p in word.paragraphs]
    assert texts[:4] == [OFFICE + "文件", "", "", "岳云政办通〔2024〕3号"]
    bottom = word.paragraphs[3]._p.find(f"{qn('w:pPr')}/{qn('w:pBdr')}/{qn('w:bottom')}")
    assert bottom is not None
    assert (bottom.get(qn("w:val")), bottom.get(qn("w:color"))) == ("single", "FF0000")


@pytest.mark.parametrize(
    ("kind", "mark"),
    [
        (DocKind.APPOINTMENT, "岳阳市云溪区人民政府办公室文件"),
        (DocKind.ORDER, "岳阳市云溪区人民政府办公室"),
        (DocKind.FORM, ""),
    ],
)
def test_the_mark_follows_the_kind(kind: DocKind, mark: str) -> None:
    assert bulletin(kind=kind).mark_text() == mark


def test_the_callers_mark_wins() -> None:
    assert rendered(bulletin(mark="云溪区人民政府督查室")).paragraphs[0].text == "云溪区人民政府督查室"


def test_a_letter_puts_its_mark_and_double_rules_in_the_first_page_header() -> None:
    word = rendered(bulletin(number="岳云政办函〔2024〕9号"))
    section = word.sections[0]
    assert section.different_first_page_header_footer
    (head,) = section.first_page_header.paragraphs
    assert head.text == OFFICE  # a letter's mark has no 文件
    rule = head._p.find(f"{qn('w:pPr')}/{qn('w:pBdr')}/{qn('w:bottom')}")
    assert (rule.get(qn("w:val")), rule.get(qn("w:color"))) == ("thickThinSmallGap", "FF0000")
    foot = section.first_page_footer.paragraphs[0]
    assert foot.text == ""  # §10.1: no page number on the first page, only the lower double rule
    assert foot._p.find(f"{qn('w:pPr')}/{qn('w:pBdr')}/{qn('w:top')}").get(qn("w:val")) == "thinThickSmallGap"
    number = par(word, "岳云政办函〔2024〕9号")
    assert number.alignment == WD_ALIGN_PARAGRAPH.RIGHT


# --- title, 主送, headings -------------------------------------------------------------------


def test_the_title_carries_the_issuer_broken_by_meaning(word: Document) -> None:
    title = par(word, f"{OFFICE}\n关于2024年上半年区政府重点工作\n推进情况的通报")
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert {run_props(r)["font"] for r in title._p.iter(qn("w:r"))} == {"方正小标宋简体"}


def test_the_recipients_end_with_one_full_width_colon(word: Document) -> None:
    assert RECIPIENTS + "：" in [p.text for p in word.paragraphs]
    again = rendered(bulletin(recipients=RECIPIENTS + "："))
    assert RECIPIENTS + "：" in [p.text for p in again.paragraphs]


@pytest.mark.parametrize(
    ("text", "font"),
    [
        ("一、基本情况", "黑体"),
        ("（一）目标任务进展情况", "楷体_GB2312"),
        ("1.经济指标", "仿宋_GB2312"),
        ("（1）地区生产总值", "仿宋_GB2312"),
    ],
)
def test_heading_levels_have_their_fonts(word: Document, text: str, font: str) -> None:
    assert {run_props(r)["font"] for r in par(word, text)._p.iter(qn("w:r"))} == {font}


def test_a_run_in_heading_keeps_its_font_and_the_rest_is_fangsong(word: Document) -> None:
    p = next(p for p in word.paragraphs if p.text.startswith("二、提高思想认识"))
    fonts = [(r.xpath("string(.)"), run_props(r)["font"]) for r in p._p.iter(qn("w:r"))]
    assert fonts == [
        ("二、提高思想认识，奋力创优争先。", "黑体"),
        ("省政府大抓落实工作激励措施二十条紧扣……", "仿宋_GB2312"),
    ]


# --- signature and date ---------------------------------------------------------------------


def test_a_missing_date_is_a_visible_blank_never_another_date() -> None:
    word = rendered(bulletin(date=None))
    last = word.paragraphs[-1]
    assert last.text == "\u3000\u3000年\u3000月\u3000日"
    underlined = [r.text for r in last.runs if r.font.underline]
    assert underlined == ["\u3000\u3000", "\u3000", "\u3000"]
    assert word.paragraphs[-2].text == OFFICE


def test_the_signature_and_date_stay_with_the_end_of_the_body(word: Document) -> None:
    texts = [p.text for p in word.paragraphs]
    end = texts.index("2024年8月9日")
    keeps = [p.paragraph_format.keep_with_next for p in word.paragraphs[end - 3 : end + 1]]
    assert keeps == [True, True, True, None]  # last body paragraph, blank, signature → date


def test_a_sealed_document_dates_four_characters_from_the_right() -> None:
    word = rendered(bulletin(sealed=True))
    date = par(word, "2024年8月9日")
    assert date._p.find(f"{qn('w:pPr')}/{qn('w:ind')}").get(qn("w:rightChars")) == "400"


# --- 版记 -----------------------------------------------------------------------------------


def _box_texts(word: Document) -> list[str]:
    boxes = list(word.element.body.iter(qn("w:txbxContent")))
    assert len(boxes) == 1
    return [p.xpath("string(.)") for p in boxes[0].iter(qn("w:p"))]


def test_the_colophon_lists_copies_and_the_printer_between_rules(word: Document) -> None:
    texts = _box_texts(word)
    assert [t for t in texts if t] == ["抄送：区委办，区人大办。", f"{OFFICE}2024年8月10日印发"]
    rules = [
        el.get(qn("w:sz"))
        for el in word.element.body.iter(qn("w:bottom"))
        if el.getparent().tag == qn("w:pBdr")
    ]
    assert rules[-3:] == ["8", "6", "8"]  # thick over 抄送, thin between, thick under 印发


def test_the_colophon_sits_on_the_bottom_of_the_text_block(word: Document) -> None:
    anchor = next(word.element.body.iter(qn("wp:anchor")))
    offset = int(anchor.find(f"{qn('wp:positionV')}/{qn('wp:posOffset')}").text)
    height = int(anchor.find(qn("wp:extent")).get("cy"))
    section = word.sections[-1]
    assert offset + height == int(section.page_height) - int(section.bottom_margin)


def test_no_colophon_unless_configured() -> None:
    word = rendered(bulletin())
    assert list(word.element.body.iter(qn("w:txbxContent"))) == []


def test_a_supervision_order_names_its_office_in_the_head_not_the_title() -> None:
    order = bulletin(
        kind=DocKind.ORDER,
        issuer="岳阳市云溪区人民政府督查室",
        number="",
        title="督办单（黄色）",
        recipients="区人力资源和社会保障局",
        body=[Para("你单位牵头的下列事项需要催办："), Para("1. 第9项 落实就业优先政策（逾期未报送）")],
        signature="岳阳市云溪区人民政府督查室",
    )
    texts = [p.text for p in rendered(order).paragraphs if p.text]
    assert texts[:3] == ["岳阳市云溪区人民政府督查室", "督办单（黄色）", "区人力资源和社会保障局："]
