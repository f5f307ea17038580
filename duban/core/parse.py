"""The core's public entry point: a file (or text) → the official documents in it."""

from __future__ import annotations

import re
from pathlib import Path

from duban.core.appointments import parse_appointments
from duban.core.documents import Frame, read_frame, split_documents
from duban.core.errors import ParseError
from duban.core.model import Block, Kind, Paragraph, ParsedDocument, Source, Table
from duban.core.readers import read_data, read_file, read_text
from duban.core.sections import split_sections
from duban.core.stated_counts import parse_stated_counts
from duban.core.tables import (
    category_ranges,
    classify_table,
    livelihood_seqs,
    parse_indicator_table,
    parse_measure_table,
    parse_task_table,
)

_APPOINTMENT_TITLE = re.compile(r"任免|任职|免职|任命|聘任|解聘|职务")


def parse_file(path: str | Path) -> list[ParsedDocument]:
    """Read a .txt/.docx/.xlsx file and return every document in it."""
    return parse_source(read_file(path))


def parse_data(data: bytes, path: str) -> list[ParsedDocument]:
    """Parse a file's bytes already in memory (read once to hash and to parse)."""
    return parse_source(read_data(data, path))


def parse_string(text: str, path: str = "") -> list[ParsedDocument]:
    """Parse text already in memory (a pasted notice)."""
    return parse_source(read_text(text, path))


def parse_source(source: Source) -> list[ParsedDocument]:
    """Split a source into documents and read each; ParseError when nothing official is found."""
    documents = [_parse_one(group, source.path) for group in split_documents(source.blocks)]
    documents = [d for d in documents if _is_document(d)]
    if not documents:
        raise ParseError(
            "未识别出公文：没有找到文号、标题、任免事项或可识别的表格",
            english="no official document found (no document number, title, appointment or known table)",
            path=source.path or None,
        )
    return documents


def _is_document(doc: ParsedDocument) -> bool:
    return bool(
        doc.number
        or doc.appointments
        or doc.tasks
        or doc.indicators
        or doc.measures
        or (doc.title.startswith("关于") and doc.recipients)
    )


def _parse_one(blocks: list[Block], path: str) -> ParsedDocument:
    frame = read_frame(blocks)
    doc = ParsedDocument(
        kind=Kind.OTHER,
        number=frame.number,
        issuer=frame.issuer,
        title=frame.title,
        date=frame.date,
        recipients=frame.recipients,
        attachments=frame.attachments,
        body=[p.text for p in frame.body],
        warnings=list(frame.warnings),
        text=_block_text(blocks),
        path=path,
        line=frame.line,
    )
    _read_tables(frame, doc, path)
    if not (doc.tasks or doc.indicators or doc.measures) and (
        _APPOINTMENT_TITLE.search(doc.title) or not doc.title
    ):
        doc.appointments, warnings = parse_appointments(frame.body)
        doc.warnings.extend(warnings)
    doc.kind = _kind(doc)
    if doc.kind == Kind.BULLETIN:
        doc.stated_counts = parse_stated_counts(doc.body)
        doc.sections = split_sections(doc.body)
    return doc


def _read_tables(frame: Frame, doc: ParsedDocument, path: str) -> None:
    for table, notes, annex in frame.tables:
        note_texts = [n.text for n in notes]
        try:
            shape = classify_table(table)
            if shape in ("tasks", "indicators", "measures"):
                doc.list_titles.setdefault(shape, annex.title or doc.title)
            if shape == "tasks":
                tasks = parse_task_table(table)
                flagged: set[int] = set().union(*(livelihood_seqs(t) for t in note_texts))
                for task in tasks:
                    task.district_livelihood = task.seq in flagged
                doc.tasks.extend(tasks)
            elif shape == "indicators":
                categories: dict[int, str] = {}
                for t in note_texts:
                    categories.update(category_ranges(t))
                doc.indicators.extend(parse_indicator_table(table, categories or None))
            elif shape == "measures":
                doc.measures.extend(parse_measure_table(table))
            else:
                doc.warnings.append(f"第{table.line}行起的表格未能识别（不是任务、指标或措施表），已跳过")
        except ParseError as exc:
            if exc.path is None:
                exc.path = path or None
            if exc.line is None and table.line:
                exc.line = table.line
            raise


def _kind(doc: ParsedDocument) -> Kind:
    if doc.measures or "任务分解" in doc.title and not (doc.tasks or doc.indicators):
        return Kind.TASK_DECOMPOSITION
    if doc.tasks or doc.indicators or "通报" in doc.title:
        return Kind.BULLETIN
    if doc.appointments or _APPOINTMENT_TITLE.search(doc.title):
        return Kind.APPOINTMENT
    return Kind.OTHER


def _block_text(blocks: list[Block]) -> str:
    """The document's text, canonical across readers, for content hashing."""
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            lines.append(block.text.strip())
        elif isinstance(block, Table):
            lines.extend("\t".join(c.text for c in row) for row in block.rows)
    return "\n".join(lines)
