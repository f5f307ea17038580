"""Word documents as LibreOffice lays them out: 28 characters × 22 lines, 版头, signature, 版记.

Every document is rendered, converted to PDF by LibreOffice once for the module, and measured
from the PDF's text boxes (pdftotext -bbox): characters per full body line, lines per body page,
where the signature and the 版记 fall.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest

from duban.core.model import ParsedDocument
from duban.core.parse import parse_file
from duban.core.render.annexes import indicator_annex, task_annex
from duban.core.render.docx import render_docx
from duban.core.render.spec import DocKind, OfficialDoc, Para
from duban.core.sections import section_blocks, split_sections
from tests.conftest import SAMPLE
from tests.core.office import Line, Page, pdf_pages, pdf_text, to_pdf

PT_PER_MM = 72 / 25.4
BLOCK_LEFT = 28 * PT_PER_MM  # 79.4 pt
BLOCK_RIGHT = (210 - 26) * PT_PER_MM  # 521.6 pt
BLOCK_BOTTOM = (297 - 35) * PT_PER_MM  # 742.7 pt
PAGE_NUMBER = re.compile(r"^—\d+—$")
# Bodies that end on every line of a page in turn: a filler of n lines, then a 3-line paragraph.
ENDINGS = range(14, 36)
FILLER = "各单位要对照目标任务逐项梳理明确责任和时间节点确保按期完成"  # 28 characters


def _docs(sample: list[ParsedDocument]) -> dict[str, OfficialDoc]:
    bulletin, appointment, notice = sample[2], sample[0], sample[3]
    docs = {
        "bulletin": OfficialDoc(
            number=str(bulletin.number),
            issuer=bulletin.issuer,
            title=bulletin.title,
            recipients="、".join(bulletin.recipients),
            body=section_blocks(bulletin.sections),
            attachments=bulletin.attachments,
            signature=bulletin.issuer,
            date=datetime.date(2024, 8, 9),
            annexes=[
                task_annex(bulletin.tasks, bulletin.attachments[0]),
                indicator_annex(bulletin.indicators, bulletin.attachments[1]),
            ],
            kind=DocKind.BULLETIN,
            copy_to=["区委办", "区人大办", "区政协办"],
            printer=bulletin.issuer,
            print_date=datetime.date(2024, 8, 9),
        ),
        "appointment": OfficialDoc(
            str(appointment.number),
            appointment.issuer,
            appointment.title,
            "各镇人民政府、街道办事处，绿色化工高新区管委会，区直及驻区各单位",
            [Para(p) for p in appointment.body],
            [],
            appointment.issuer,
            appointment.date,
            kind=DocKind.APPOINTMENT,
            copy_to=["区委组织部"],
            printer="岳阳市云溪区人民政府办公室",
            print_date=appointment.date,
        ),
        "letter": OfficialDoc(
            str(notice.number),
            notice.issuer,
            notice.title,
            "、".join(notice.recipients),
            section_blocks(split_sections(notice.body)),
            [],
            notice.issuer,
            notice.date,
            kind=DocKind.NOTICE,
        ),
    }
    for n in ENDINGS:
        body = [Para(FILLER * n), Para(FILLER * 2 + "现将有关情况通报如下。")]
        docs[f"ending-{n}"] = OfficialDoc(
            "某政办通〔2024〕1号",
            "某区人民政府办公室",
            "关于某事的通报",
            "各单位",
            body,
            [],
            "某区人民政府办公室",
            datetime.date(2024, 8, 9),
        )
    return docs


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("layout")
    paths = []
    for name, doc in _docs(parse_file(SAMPLE)).items():
        paths.append(out / f"{name}.docx")
        render_docx(doc, paths[-1])
    return {pdf.stem: pdf for pdf in to_pdf(paths)}


@pytest.fixture(scope="module")
def pdfs(converted: dict[str, Path]) -> dict[str, list[Page]]:
    return {name: pdf_pages(pdf) for name, pdf in converted.items()}


def _text_lines(page: Page) -> list[Line]:
    return [line for line in page.lines if not PAGE_NUMBER.match(line.text)]


def _portrait(page: Page) -> bool:
    return page.height > page.width


def _body_pages(pages: list[Page]) -> list[Page]:
    """The portrait pages between the first (版头) and the one holding the signature."""
    body = []
    for page in pages[1:]:
        if not _portrait(page) or any(_is_date(line) for line in page.lines):
            break
        body.append(page)
    return body


def _is_date(line: Line) -> bool:
    return bool(re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", line.text))


def _full(line: Line) -> bool:
    """A line set to the right edge of the text block (not a paragraph's short last line)."""
    return line.x1 >= BLOCK_RIGHT - 8


CHAR_PT = 15.75  # 16 pt condensed by 0.25 pt


def _characters(line: Line) -> int:
    """Characters a line holds, counting a first line's indent (two characters) as characters."""
    return len(line.text) + round((line.x0 - BLOCK_LEFT) / CHAR_PT)


@pytest.mark.parametrize(("name", "least"), [("bulletin", 40), ("appointment", 5)])
def test_full_body_lines_hold_28_characters(pdfs: dict[str, list[Page]], name: str, least: int) -> None:
    # Pages after the first (whose 版头 is set larger), portrait (not the annex tables).
    lines = [line for page in pdfs[name][1:] if _portrait(page) for line in _text_lines(page)]
    measured = [_characters(line) for line in lines if _full(line) and line.full_width_only]
    assert len(measured) >= least
    assert {n for n in measured if not 27 <= n <= 29} == set()
    assert sorted(measured)[len(measured) // 2] == 28


def test_body_pages_hold_22_lines(pdfs: dict[str, list[Page]]) -> None:
    pages = _body_pages(pdfs["bulletin"])
    assert len(pages) >= 6
    counts = [len(_text_lines(page)) for page in pages]
    # 22 a page; one fewer where a paragraph's first line would stand alone at the foot.
    assert {n for n in counts if not 21 <= n <= 23} == set(), counts
    assert counts.count(22) >= len(counts) // 2


def test_lines_are_spaced_on_the_22_line_grid(pdfs: dict[str, list[Page]]) -> None:
    page = _body_pages(pdfs["bulletin"])[0]
    ys = [line.y for line in _text_lines(page)]
    gaps = {b - a for a, b in zip(ys, ys[1:], strict=False)}
    assert gaps <= {28, 29}  # lines' lower edges, rounded to whole points
    assert (ys[-1] - ys[0]) / (len(ys) - 1) == pytest.approx(28.95, abs=0.1)  # 579 twips


def test_the_first_page_opens_with_the_red_head_and_the_number(pdfs: dict[str, list[Page]]) -> None:
    first = _text_lines(pdfs["bulletin"][0])
    assert [line.text for line in first[:5]] == [
        "岳阳市云溪区人民政府办公室文件",
        "岳云政办通〔2024〕3号",
        "岳阳市云溪区人民政府办公室",
        "关于2024年上半年区政府重点工作",
        "推进情况的通报",
    ]
    # §7.2.2: the mark's top 35 mm under the top of the text block (37 mm from the paper's edge).
    mark_top = first[0].y - 42 * 1.3
    assert abs(mark_top - 72 * PT_PER_MM) < 6 * PT_PER_MM


def test_every_item_of_the_annexes_is_in_the_pdf(converted: dict[str, Path]) -> None:
    text = re.sub(r"\s+", "", pdf_text(converted["bulletin"], "-raw"))
    sample = parse_file(SAMPLE)[2]
    wanted = [t.text for t in sample.tasks] + [i.indicator for i in sample.indicators]
    missing = [w for w in wanted if re.sub(r"\s+", "", w)[:40] not in text]
    assert missing == []


@pytest.mark.parametrize("n", ENDINGS)
def test_the_signature_never_stands_alone_on_a_page(pdfs: dict[str, list[Page]], n: int) -> None:
    pages = pdfs[f"ending-{n}"]
    page = next(p for p in pages if any(_is_date(line) for line in p.lines))
    lines = _text_lines(page)
    above = lines[: next(i for i, line in enumerate(lines) if line.text == "某区人民政府办公室")]
    assert len(above) >= 2  # at least the end of the body comes with it


def test_the_colophon_ends_on_the_bottom_of_the_last_page(pdfs: dict[str, list[Page]]) -> None:
    for name in ("bulletin", "appointment"):
        lines = _text_lines(pdfs[name][-1])
        assert lines[-1].text.endswith("印发")
        assert abs(lines[-1].y - BLOCK_BOTTOM) < 8


def test_the_colophon_page_after_annexes_is_even_and_unnumbered(pdfs: dict[str, list[Page]]) -> None:
    pages = pdfs["bulletin"]
    assert len(pages) % 2 == 0
    assert [line.text for line in pages[-1].lines][0] == "抄送：区委办，区人大办，区政协办。"
    assert not any(PAGE_NUMBER.match(line.text) for line in pages[-1].lines)


def test_a_letter_has_no_page_number_on_its_first_page(pdfs: dict[str, list[Page]]) -> None:
    first, second = pdfs["letter"][:2]
    assert first.lines[0].text == "岳阳市云溪区人民政府办公室"
    assert first.lines[1].text == "岳云政办函〔2024〕9号"
    assert not any(PAGE_NUMBER.match(line.text) for line in first.lines)
    assert any(line.text == "—2—" for line in second.lines)
