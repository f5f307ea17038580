"""Official documents inside a source: splitting notices apart and reading their frame.

A frame is what every 公文 shares — 文号, 发文机关, 标题, 主送机关, 正文, 附件说明, 署名, 成文日期, then
the annexes. The records inside (appointments, tasks, indicators, measures) are read by the
shape parsers; `duban.core.parse` puts the two together.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date

from duban.core.metadata import (
    SERIES_END,
    looks_like_issuer,
    looks_like_recipients,
    looks_like_title,
    normalize_space,
    parse_attachments,
    parse_date,
    parse_issue,
    parse_number,
    split_recipients,
)
from duban.core.model import Block, DocNumber, Paragraph, Table

ANNEX_LABEL_RE = re.compile(r"^附\s*件\s*(?P<n>\d{1,2})?\s*$")
NOTE_RE = re.compile(r"^(注|备注)\s*[：:]")
# How far into a document the 主送机关 line may stand: the header is a handful of lines.
_HEADER_LIMIT = 10


@dataclass
class Annex:
    """One 附件 after the signature: its label, title lines, tables and the notes under them."""

    label: str = ""
    title: str = ""
    tables: list[Table] = field(default_factory=list)
    note_after: dict[int, list[Paragraph]] = field(default_factory=dict)  # table index → its notes


@dataclass
class Frame:
    """The frame of one document, with its body paragraphs and annexes separated."""

    number: DocNumber | None = None
    issuer: str = ""
    title: str = ""
    recipients: list[str] = field(default_factory=list)
    body: list[Paragraph] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)
    signature: str = ""
    date: date | None = None
    annexes: list[Annex] = field(default_factory=list)
    line: int = 0
    warnings: list[str] = field(default_factory=list)

    @property
    def tables(self) -> list[tuple[Table, list[Paragraph], Annex]]:
        """Every table of the document with the notes that follow it and its annex."""
        out: list[tuple[Table, list[Paragraph], Annex]] = []
        for annex in self.annexes:
            for i, table in enumerate(annex.tables):
                out.append((table, annex.note_after.get(i, []), annex))
        return out


_ATTACHMENT_START = re.compile(r"^附\s*件\s*[：:]")  # compiled once: tried on every body line


def split_documents(blocks: list[Block]) -> list[list[Block]]:
    """Cut a source holding several notices back to back at each 文号 line."""
    return list(iter_split_documents(blocks))


def iter_split_documents(blocks: Iterable[Block]) -> Iterator[list[Block]]:
    """`split_documents` one document at a time, as the blocks come (a streamed source)."""
    current: list[Block] = []
    for block in blocks:
        # "号" first: a cheap test that nearly every line of an archive fails, before the call.
        if (
            isinstance(block, Paragraph)
            and "号" in block.text
            and parse_number(block.text)
            and _has_content(current)
        ):
            yield current
            current = []
        current.append(block)
    if _has_content(current):
        yield current


def _has_content(blocks: list[Block]) -> bool:
    return any(isinstance(b, Table) or b.text.strip() for b in blocks)


def read_frame(blocks: list[Block]) -> Frame:
    """Separate one document's header, body, 附件说明, signature and annexes."""
    frame = Frame(line=_first_line(blocks))
    i = 0
    first = blocks[0] if blocks else None
    if isinstance(first, Paragraph) and (number := parse_number(first.text)):
        frame.number = number
        i = 1
    elif isinstance(first, Paragraph) and "期" in "".join(
        b.text for b in blocks[:3] if isinstance(b, Paragraph)
    ):
        i = _read_masthead(blocks, frame)
    i = _read_header(blocks, i, frame)
    i = _read_body(blocks, i, frame)
    if frame.date is None:
        frame.date = _adoption_date(frame.body[:3])
    _read_annexes(blocks, i, frame)
    if not frame.issuer and frame.signature:
        frame.issuer = frame.signature
    return frame


def _first_line(blocks: list[Block]) -> int:
    return blocks[0].line if blocks else 0


# The red line under a masthead, typed as a row of rules.
_RULE = re.compile(r"^[━─—\-=＝_＿·•★☆\s]{3,}$")
_ISSUER_AND_DATE = re.compile(r"^(?P<issuer>\S.*?)\s*(?P<date>\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)$")


def _read_masthead(blocks: list[Block], frame: Frame) -> int:
    """The 版头 of a serial bulletin: series name, issue line, "issuer  date"; the index after it.

    督查通报 / 第8期 / 某县人民政府督查室　　2023年5月17日 (or 督查通报第二十三期 on one line, the
    issuer and date on lines of their own). Nothing is taken unless an issue line is found."""
    series = ""
    i = 0
    while i < min(len(blocks), 4):
        block = blocks[i]
        if not isinstance(block, Paragraph):
            return 0
        text = normalize_space(block.text)
        issue = parse_issue(text, series)
        if issue is not None:
            frame.number = issue
            i += 1
            break
        if not series and not frame.issuer and looks_like_issuer(text):
            frame.issuer = text  # "某县人民政府办公室" printed above the series name
            i += 1
            continue
        if series or not text.endswith(SERIES_END) or len(text) > 16:
            frame.issuer = ""
            return 0
        series = text
        i += 1
    else:
        frame.issuer = ""
        return 0
    while i < len(blocks) and isinstance(blocks[i], Paragraph):
        text = blocks[i].text.strip()  # type: ignore[union-attr]
        both = _ISSUER_AND_DATE.match(text)
        if _RULE.match(text):
            pass
        elif both and looks_like_issuer(both["issuer"]) and (when := parse_date(both["date"])):
            frame.issuer, frame.date = normalize_space(both["issuer"]), when
        elif looks_like_issuer(text) and (not frame.issuer or frame.issuer == text):
            frame.issuer = normalize_space(text)
        elif (when := parse_date(text)) is not None and frame.date is None:
            frame.date = when
        else:
            break
        i += 1
    if frame.date is not None and frame.number is not None and not frame.number.year:
        frame.number = replace(frame.number, year=frame.date.year)
    return i


def _read_header(blocks: list[Block], i: int, frame: Frame) -> int:
    """Issuer and title lines up to the 主送机关 line; returns the index after it.

    A document may have no 主送机关 (an annex-only table, a 印发 attachment): then the header is
    the issuer/title lines and the body starts at the first line that is neither.
    """
    header: list[Paragraph] = []
    j = i
    while j < len(blocks) and j - i < _HEADER_LIMIT:
        block = blocks[j]
        if not isinstance(block, Paragraph):
            break
        if looks_like_recipients(block.text):
            _assign_header(header, frame)
            frame.recipients = split_recipients(block.text)
            return j + 1
        header.append(block)
        j += 1
    # No 主送机关: keep only the leading issuer/title lines as header.
    taken: list[Paragraph] = []
    k = 0
    while k < len(header):
        text = normalize_space(header[k].text)
        if looks_like_issuer(text) or text.startswith("关于") or (taken and _continues_title(taken, text)):
            taken.append(header[k])
            k += 1
            continue
        # A title without 关于 ("…情况通报", "…任务分工方案"), possibly over two or three lines.
        n = _title_run(header, k)
        if n:
            taken.extend(header[k : k + n])
        break
    if not taken and header and not frame.number:
        taken = [header[0]]  # an untitled table's caption line is its title
    _assign_header(taken, frame)
    return i + len(taken)


def _title_run(header: list[Paragraph], k: int) -> int:
    """How many lines from k form a title by themselves (1 to 3), or 0."""
    joined = ""
    for n in range(1, 4):
        if k + n > len(header):
            return 0
        joined += normalize_space(header[k + n - 1].text)
        if looks_like_title(joined):
            return n
        if len(joined) > 60:
            return 0
    return 0


def _continues_title(taken: list[Paragraph], text: str) -> bool:
    """A title broken over lines: the previous line started a title that has not ended yet."""
    last = normalize_space(taken[-1].text)
    return last.startswith("关于") and not last.endswith(
        ("通知", "通报", "决定", "意见", "报告", "批复", "函")
    )


def _assign_header(lines: list[Paragraph], frame: Frame) -> None:
    texts = [normalize_space(p.text) for p in lines if p.text.strip()]
    issuer_parts: list[str] = []
    title_parts: list[str] = []
    for text in texts:
        if not title_parts and looks_like_issuer(text):
            issuer_parts.append(text)
            continue
        if not title_parts and "关于" in text and not text.startswith("关于"):
            head, _, tail = text.partition("关于")
            if looks_like_issuer(head):  # "某某人民政府关于…的通知" on one line
                issuer_parts.append(head)
                text = "关于" + tail
        title_parts.append(text)
    frame.issuer = "".join(issuer_parts) or frame.issuer  # a masthead may have named it already
    frame.title = "".join(title_parts)


# "____年__月__日": a 成文日期 left for the office to fill in (duban writes drafts that way).
_BLANK_DATE = re.compile(r"^[_＿\s]*年[_＿\s]*月[_＿\s]*日$")


def _read_body(blocks: list[Block], i: int, frame: Frame) -> int:
    """Body paragraphs, then 附件说明, then 署名 and 成文日期. Returns the index of the annexes."""
    attachment_lines: list[str] = []
    blank_date = False
    j = i
    while j < len(blocks):
        block = blocks[j]
        if isinstance(block, Table):
            return j  # a table right after the body: an annex without a label
        text = block.text.strip()
        # A label or 附件说明 starts with 附: the regexes run only on such lines.
        annex_like = text.startswith("附")
        if annex_like and ANNEX_LABEL_RE.match(normalize_space(text)):
            break
        # parse_date's own first test, here: nearly every body line fails it, and a call costs more.
        date_here = parse_date(text) if "日" in text or text[:1].isdigit() else None
        if (
            date_here is None
            and len(text) == 8
            and text.isdigit()
            and _under_signature(frame, attachment_lines)
        ):
            date_here = parse_date(text, compact=True)
        if date_here is None and "年" in text and _BLANK_DATE.match(text):
            blank_date = True
        if date_here or blank_date:
            frame.date = date_here
            if attachment_lines and looks_like_issuer(attachment_lines[-1]):
                # 附件说明 then 署名: the signature is not part of the last attachment's title.
                frame.signature = normalize_space(attachment_lines.pop())
                j += 1
                break
            prev = frame.body[-1] if frame.body else None
            if prev is not None and looks_like_issuer(prev.text):
                frame.signature = normalize_space(prev.text)
                frame.body.pop()
            j += 1
            break
        if attachment_lines or (annex_like and _ATTACHMENT_START.match(text)):
            attachment_lines.append(text)
        else:
            # The block itself when stripping left its text as it is (nothing changes a Paragraph).
            frame.body.append(block if text is block.text else Paragraph(text, block.line))
        j += 1
    frame.attachments = parse_attachments(attachment_lines)
    if frame.date is None and frame.number is not None and not blank_date:
        frame.warnings.append("未找到成文日期（署名下一行的日期）")
    return j


# A 人大常委会 decision is dated by the session that adopted it, in brackets under the title:
# "（2023年6月28日青石县第十八届人民代表大会常务委员会第十二次会议通过）".
_ADOPTED = re.compile(r"^[（(](?P<date>\d{4}年\d{1,2}月\d{1,2}日)[^（()）]*(?:通过|批准)[)）]$")


def _adoption_date(lines: list[Paragraph]) -> date | None:
    for line in lines:
        m = _ADOPTED.match(normalize_space(line.text))
        if m:
            return parse_date(m["date"])
    return None


def _under_signature(frame: Frame, attachment_lines: list[str]) -> bool:
    """Whether the line being read follows an issuer's name (a compact 20230517 is then a date)."""
    last = attachment_lines[-1] if attachment_lines else (frame.body[-1].text if frame.body else "")
    return bool(last) and looks_like_issuer(last)


def _read_annexes(blocks: list[Block], i: int, frame: Frame) -> None:
    annex: Annex | None = None
    for block in blocks[i:]:
        if isinstance(block, Paragraph):
            text = normalize_space(block.text)
            label = ANNEX_LABEL_RE.match(text)
            if label:
                annex = Annex(label=text)
                frame.annexes.append(annex)
                continue
            if annex is None:
                annex = Annex()
                frame.annexes.append(annex)
            if NOTE_RE.match(text):
                annex.note_after.setdefault(max(len(annex.tables) - 1, 0), []).append(block)
            elif not annex.tables:
                annex.title += text
        else:
            if annex is None:
                annex = Annex()
                frame.annexes.append(annex)
            annex.tables.append(block)
