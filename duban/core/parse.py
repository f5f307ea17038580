"""The core's public entry point: a file (or text) → the official documents in it."""

from __future__ import annotations

import gc
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from duban.core.appointments import parse_appointments
from duban.core.documents import Frame, iter_split_documents, read_frame
from duban.core.errors import ParseError
from duban.core.metadata import looks_like_title
from duban.core.model import Block, Kind, Paragraph, ParsedDocument, Source, Table
from duban.core.prose_tasks import parse_prose_tasks
from duban.core.readers import read_data, read_file
from duban.core.readers.txt import iter_blocks, line_text
from duban.core.script import convertible_lines, is_traditional, simplified_block, simplified_blocks
from duban.core.sections import split_sections
from duban.core.stated_counts import parse_stated_counts
from duban.core.tables import (
    category_ranges,
    classify_table,
    livelihood_seqs,
    parse_indicator_table,
    parse_measure_table,
    parse_task_table,
    task_table_has_progress,
)
from duban.core.webcopy import WebMeta, has_web_copies, iter_web_copies, read_web_copies, text_has_web_copies

_APPOINTMENT_TITLE = re.compile(r"任免|任职|免职|任命|聘任|解聘|职务")
# Documents about appointments that decide none: a proposal to the 人大常委会, a list of
# candidates or of those proposed, a 任前公示.
_PROPOSAL_TITLE = re.compile(r"提请|议案|草案|拟任|拟提拔|拟推荐|公示|候选人|补选|选举")
# Running text (a report of a 人大常委会 meeting) that states decisions under another title.
_DECISION_WORDS = re.compile(
    r"决定任命|决定免去|任命[\u4e00-\u9fff·]{2,12}为|免去[\u4e00-\u9fff·]{2,8}的|辞去|决定[\u4e00-\u9fff·]{2,5}为代理"
)


def clear_caches() -> None:
    """Forget the posts and clauses read so far (their readings are cached across documents):
    a benchmark measures an archive as a fresh process reads it."""
    from duban.core import appointments, clauses, direct, metadata, posts, script

    appointments._READ_AS_NOTHING.clear()
    direct._PLANS.clear()

    for cached in (
        script._simplified_piece,
        posts.split_post,
        posts.ends_with_title,
        posts.is_rank,
        posts.post_facts,
        posts._tail_facts,
        posts._candidates,
        clauses._parse_posts,
        metadata._number,
    ):
        cached.cache_clear()


def parse_file(path: str | Path) -> list[ParsedDocument]:
    """Read a .txt/.docx/.xlsx file and return every document in it."""
    return parse_source(read_file(path))


def parse_data(data: bytes, path: str) -> list[ParsedDocument]:
    """Parse a file's bytes already in memory (read once to hash and to parse)."""
    with collector_paused(len(data) >= _LARGE_TEXT):
        return parse_source(read_data(data, path, stream=True))


def parse_string(text: str, path: str = "") -> list[ParsedDocument]:
    """Parse text already in memory (a pasted notice)."""
    with collector_paused(len(text) >= _LARGE_TEXT):
        return parse_source(Source(path=path, blocks=[], text=text, streamed=True))


# An archive of this many lines (or characters, before it is read) and more is read and parsed
# with the cyclic garbage collector paused.
_LARGE_SOURCE = 5000
_LARGE_TEXT = 200_000


@contextmanager
def collector_paused(paused: bool) -> Iterator[None]:
    """Pause the cyclic garbage collector (not reference counting) while a large archive is read
    (and, as a decorator, for an import: `duban.intake.services`, which collects once a batch).

    Reading allocates hundreds of thousands of small objects (lines, appointments, documents)
    that form no cycles and are kept; each pass of the collector walks all of them again, which
    cost up to a third of the parse time of a 10,000-notice archive. If the collector is already
    paused (another thread parsing), it is left as it is."""
    if not paused or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        if gc.get_freeze_count() == 0:
            # What was allocated meanwhile is all in the youngest generation: the first collection
            # after the pause would walk every object of the archive read (a tenth of the parse
            # time), only to move them on. freeze + unfreeze moves every tracked object to the
            # oldest generation at no cost, where the full collections, which visit them in any
            # case, find them. Skipped when objects are frozen already (a server that freezes
            # before forking its workers): unfreeze would let them go.
            gc.freeze()
            gc.unfreeze()
        gc.enable()


def parse_source(source: Source) -> list[ParsedDocument]:
    """Split a source into documents and read each; ParseError when nothing official is found.

    Traditional script is read in simplified characters (the text as written is kept in `raw`);
    a web copy's metadata block becomes the document's metadata and its page chrome is dropped."""
    with collector_paused(len(source.blocks) >= _LARGE_SOURCE or len(source.text) >= _LARGE_TEXT):
        return list(iter_documents(source))


def iter_documents(source: Source, *, survey: bool = False) -> Iterator[ParsedDocument]:
    """`parse_source` one document at a time, so a large archive is never held parsed in memory.

    The ParseError for a file with nothing official in it comes at the end, when that is known.
    A `survey` (how many documents, whether they parse, their measures: an import's first pass)
    leaves the appointments of a numbered document unread: it is a document whatever they are,
    they raise no ParseError, and they are most of the time of reading one. Such a document has
    neither appointments nor their warnings, and may be of kind OTHER."""
    parts: Iterable[tuple[WebMeta | None, Iterable[Block]]]
    # A converted block → itself and the block as written (itself kept, so that its id is not
    # reused while it is here; a streamed source's entries go once their document is read).
    originals: dict[int, tuple[Block, Block]] = {}
    if source.streamed:
        # The text as its lines are numbered, made once (a copy of the whole text when its lines
        # end in CR LF); the lines that may hold traditional characters, found once for both
        # passes over it.
        text = line_text(source.text)
        lines = convertible_lines(text) if is_traditional(text) else frozenset()
        blocks: Iterable[Block] = _streamed_blocks(text, originals, lines)
        web = None if lines is None else text_has_web_copies(text, simplified_block, lines)
        if web is None:
            web = has_web_copies(_streamed_blocks(text, {}, lines))
        parts = iter_web_copies(blocks) if web else [(None, blocks)]
    else:
        simplified = simplified_blocks(source.blocks, source.text)
        if simplified is not None:
            originals = {
                id(new): (new, old)
                for new, old in zip(simplified, source.blocks, strict=True)
                if new is not old
            }
        parts = read_web_copies(source.blocks if simplified is None else simplified)
    warnings: list[str] = []  # of every candidate so far, for the error on a later one
    found: ParsedDocument | None = None  # the best non-document, to say what is missing
    any_document = False
    for meta, part in parts:
        for k, group in enumerate(iter_split_documents(part)):
            try:
                doc = _parse_one(group, source.path, meta if k == 0 else None, survey)
            except ParseError as exc:
                exc.warnings = warnings + exc.warnings
                raise
            if originals and not originals.keys().isdisjoint(map(id, group)):
                doc.raw = _block_text([originals[id(b)][1] if id(b) in originals else b for b in group])
                if source.streamed:
                    for b in group:
                        originals.pop(id(b), None)
            warnings.extend(doc.warnings)
            if _is_document(doc):
                any_document = True
                yield doc
            elif not any_document and (found is None or _found_score(doc) > _found_score(found)):
                found = doc
    if not any_document:
        raise ParseError(
            "未识别出公文：" + _what_is_missing(found),
            english="no official document found (no document number, title, appointment or known table)",
            path=source.path or None,
            warnings=warnings,
        )


def _streamed_blocks(
    text: str, originals: dict[int, tuple[Block, Block]], lines: frozenset[int] | None
) -> Iterator[Block]:
    """A streamed source's blocks as they are read, in simplified script (each converted one
    noted in `originals`, with the block as written). `lines`: those that may hold traditional
    characters (`convertible_lines`, found in one scan of the text; empty for a text without
    any), None when every block must be tested; the paragraph of any other line is itself in
    simplified script."""
    if lines is not None and not lines:
        return iter_blocks(text)

    def convert(block: Block) -> Block:
        new = simplified_block(block)
        if new is not block:
            originals[id(new)] = (new, block)
        return new

    return iter_blocks(text, convert, lines)


def _is_document(doc: ParsedDocument) -> bool:
    if doc.number or doc.appointments or doc.tasks or doc.indicators or doc.measures:
        return True  # tested first: the title test costs more and nearly every document passes here
    return _titled(doc) and bool(doc.recipients or doc.issuer or doc.date)


def _titled(doc: ParsedDocument) -> bool:
    return doc.title.startswith("关于") or looks_like_title(doc.title)


def _found_score(doc: ParsedDocument) -> int:
    return sum(bool(x) for x in (_titled(doc), doc.issuer, doc.date, doc.recipients))


def _what_is_missing(doc: ParsedDocument | None) -> str:
    """The user's message for a text that is not a document: what was found, what was missing."""
    records = "也没有任免事项或可识别的表格（任务、指标、措施）"
    if doc is None or not _found_score(doc):
        return "没有找到文号或期号、公文标题（如“关于……的通知”“……情况通报”）、发文机关或成文日期，" + records
    found = []
    if _titled(doc):
        found.append(f"标题“{doc.title[:40]}”")
    if doc.issuer:
        found.append(f"发文机关“{doc.issuer}”")
    if doc.date:
        found.append(f"日期{doc.date.isoformat()}")
    if doc.recipients:
        found.append("主送机关")
    missing = ["文号或期号"]
    if not _titled(doc):
        missing.append("可识别的公文标题（如“关于……的通知”“……情况通报”）")
    if not (doc.issuer or doc.date or doc.recipients):
        missing.append("发文机关、成文日期或主送机关")
    return f"找到{'、'.join(found)}，但没有{'、'.join(missing)}，{records}"


def _parse_one(
    blocks: list[Block], path: str, meta: WebMeta | None = None, survey: bool = False
) -> ParsedDocument:
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
    if meta is not None:
        _apply_web_meta(doc, meta)
    try:
        _read_tables(frame, doc, path)
    except ParseError as exc:
        exc.warnings = doc.warnings + exc.warnings
        raise
    if not (doc.tasks or doc.indicators or doc.measures) and not _APPOINTMENT_TITLE.search(doc.title):
        _read_prose_tasks(frame, doc)
    if not (doc.tasks or doc.indicators or doc.measures) and not _PROPOSAL_TITLE.search(doc.title):
        titled = bool(_APPOINTMENT_TITLE.search(doc.title)) or not doc.title
        if survey and doc.number:
            pass  # a document in any case (`_is_document`)
        elif titled or any(_DECISION_WORDS.search(p.text) for p in frame.body):
            doc.appointments, warnings = parse_appointments(frame.body)
            # Under another title, unreadable parts are ordinary sentences, not clauses to check.
            doc.warnings.extend(warnings if titled or doc.appointments else [])
    doc.kind = _kind(doc)
    if doc.kind == Kind.BULLETIN:
        doc.stated_counts = parse_stated_counts(doc.body, doc.warnings)
        doc.sections = split_sections(doc.body)
    return doc


def _read_prose_tasks(frame: Frame, doc: ParsedDocument) -> None:
    """A task list in numbered prose with "（A牵头，B配合）" notes: items without a round."""
    if not any("牵头" in p.text or "负责" in p.text for p in frame.body):
        return  # the notes name who leads: without those words there is no such list
    tasks = parse_prose_tasks(frame.body)
    if tasks:
        doc.tasks = tasks
        doc.has_progress["tasks"] = False
        doc.list_titles.setdefault("tasks", doc.title)


def _apply_web_meta(doc: ParsedDocument, meta: WebMeta) -> None:
    """What a web copy's metadata says where the document itself is silent (the text wins)."""
    doc.metadata = dict(meta.fields)
    doc.published = meta.published
    if doc.number is None:
        doc.number = meta.number
    if doc.date is None and meta.date is not None:
        doc.date = meta.date
        doc.warnings = [w for w in doc.warnings if not w.startswith("未找到成文日期")]
    if not doc.issuer:
        doc.issuer = meta.issuer
    if not doc.title:
        doc.title = meta.fields.get("标题") or meta.fields.get("名称") or meta.fields.get("信息名称") or ""


def _read_tables(frame: Frame, doc: ParsedDocument, path: str) -> None:
    for table, notes, annex in frame.tables:
        note_texts = [n.text for n in notes]
        try:
            shape = classify_table(table)
            if shape in ("tasks", "indicators", "measures"):
                doc.list_titles.setdefault(shape, annex.title or doc.title)
            if shape == "tasks":
                tasks = parse_task_table(table, doc.warnings)
                flagged: set[int] = set().union(*(livelihood_seqs(t) for t in note_texts))
                for task in tasks:
                    task.district_livelihood = task.seq in flagged
                doc.tasks.extend(tasks)
                progress = task_table_has_progress(table)
                doc.has_progress["tasks"] = doc.has_progress.get("tasks", False) or progress
            elif shape == "indicators":
                categories: dict[int, str] = {}
                for t in note_texts:
                    categories.update(category_ranges(t))
                doc.indicators.extend(parse_indicator_table(table, categories or None, doc.warnings))
                doc.has_progress["indicators"] = True
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
    if doc.tasks and not doc.indicators and not doc.has_progress.get("tasks", True):
        return Kind.TASK_DECOMPOSITION  # a task list without progress: a 分工方案, no bulletin
    series = doc.number.series if doc.number else ""
    if doc.tasks or doc.indicators or "通报" in doc.title or "督查" in series or "通报" in series:
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
