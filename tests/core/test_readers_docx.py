"""The .docx reader: document order, merged cells, the sample's tables, damaged files."""

from __future__ import annotations

import random
import zipfile
from pathlib import Path

import docx
import pytest

from duban.core.errors import ParseError
from duban.core.model import Cell, Paragraph, Source, Table
from duban.core.readers import read_file
from duban.core.tables import parse_indicator_table, parse_measure_table, parse_task_table

from .builders import sample_source, sample_tables, source_to_docx

PARSERS = {
    "tasks": parse_task_table,
    "indicators": parse_indicator_table,
    "measures": parse_measure_table,
}


def only_table(source: Source) -> Table:
    (table,) = [b for b in source.blocks if isinstance(b, Table)]
    return table


def test_it_keeps_paragraphs_and_tables_in_document_order(tmp_path: Path):
    document = docx.Document()
    document.add_paragraph("附件1")
    document.add_paragraph("")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "序号", "目标任务"
    table.cell(1, 0).text, table.cell(1, 1).text = "1", "新增上市企业1家"
    document.add_paragraph("注：第1项为区级民生实事。")
    document.save(str(tmp_path / "a.docx"))

    blocks = read_file(tmp_path / "a.docx").blocks
    assert blocks == [
        Paragraph("附件1", 1),
        Table([[Cell("序号"), Cell("目标任务")], [Cell("1"), Cell("新增上市企业1家")]], 3),
        Paragraph("注：第1项为区级民生实事。", 4),
    ]


def test_it_reads_horizontal_merges_once_and_vertical_continuations_as_merged(tmp_path: Path):
    document = docx.Document()
    table = document.add_table(rows=3, cols=4)
    for c, text in enumerate(["序号", "牵头单位", "工作进度"]):
        table.cell(0, c).text = text
    table.cell(0, 2).merge(table.cell(0, 3))  # gridSpan
    for c, text in enumerate(["13", "区卫健局", "", "√"]):
        table.cell(1, c).text = text
    table.cell(2, 0).text = "14"
    table.cell(2, 3).text = "√"
    table.cell(1, 1).merge(table.cell(2, 1))  # vMerge restart / continue
    table.cell(2, 2).paragraphs[0].text = "第一段"
    table.cell(2, 2).add_paragraph("")
    table.cell(2, 2).add_paragraph("第二段")
    document.save(str(tmp_path / "merged.docx"))

    rows = only_table(read_file(tmp_path / "merged.docx")).rows
    assert rows == [
        [Cell("序号"), Cell("牵头单位"), Cell("工作进度")],
        [Cell("13"), Cell("区卫健局"), Cell(""), Cell("√")],
        [Cell("14"), Cell("", merged=True), Cell("第一段\n第二段"), Cell("√")],
    ]


@pytest.mark.parametrize("kind", ["tasks", "indicators", "measures"])
def test_the_sample_tables_read_from_word_give_the_same_records(tmp_path: Path, kind: str):
    path = source_to_docx(sample_source(kind), tmp_path / f"{kind}.docx")
    source = read_file(path)
    table = only_table(source)
    original = sample_tables()[kind]

    with zipfile.ZipFile(path) as archive:
        xml = archive.read("word/document.xml").decode()
    if kind != "measures":  # real merges in the file, not empty cells
        assert "<w:gridSpan" in xml and '<w:vMerge w:val="restart"/>' in xml
    assert isinstance(source.blocks[0], Paragraph)
    assert table.texts() == original.texts()
    merged = sum(c.merged for row in table.rows for c in row)
    assert merged > 0 if kind != "measures" else merged == 0
    assert PARSERS[kind](table) == PARSERS[kind](original)


def test_a_docx_named_txt_is_still_read_as_word(tmp_path: Path):
    path = source_to_docx(Source("", [Paragraph("岳云政人〔2024〕2号")]), tmp_path / "a.docx")
    renamed = path.rename(tmp_path / "a.txt")
    assert read_file(renamed).blocks == [Paragraph("岳云政人〔2024〕2号", 1)]


def _docx_bytes(tmp_path: Path) -> bytes:
    return source_to_docx(sample_source("measures"), tmp_path / "whole.docx").read_bytes()


def _without_document_xml(tmp_path: Path) -> bytes:
    path = tmp_path / "other.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    return path.read_bytes()


def _broken_document_xml(tmp_path: Path) -> bytes:
    path = tmp_path / "broken.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document>not xml")
    return path.read_bytes()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda tmp: random.Random(7).randbytes(3000), "已损坏"),
        (lambda tmp: _docx_bytes(tmp)[:2000], "已损坏"),
        (lambda tmp: _docx_bytes(tmp)[: len(_docx_bytes(tmp)) - 30], "已损坏"),
        (_broken_document_xml, "已损坏"),
        (_without_document_xml, "无法识别"),
    ],
    ids=["random-bytes", "truncated-head", "truncated-tail", "broken-xml", "zip-without-document"],
)
def test_a_damaged_docx_raises_a_parse_error_naming_the_file(tmp_path: Path, make, message):
    path = tmp_path / "任务分解.docx"
    path.write_bytes(make(tmp_path))
    with pytest.raises(ParseError) as exc:
        read_file(path)
    assert message in exc.value.message
    assert exc.value.path == str(path)
    assert "任务分解.docx" in str(exc.value)


def test_an_empty_word_document_raises_a_parse_error(tmp_path: Path):
    path = tmp_path / "empty.docx"
    docx.Document().save(str(path))
    with pytest.raises(ParseError, match="没有可读取的内容"):
        read_file(path)
