"""Plain-text reader: bytes → text (UTF-8 or GB18030) and the tab layout → blocks.

The layout is what Word writes when a document is saved as plain text: every paragraph is a
line; every table cell starts with a TAB at the start of a line, a following line without a
TAB continues that cell, an empty line closes a table row, and a non-empty line without a TAB
after an empty line ends the table.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable, Container, Iterator

from charset_normalizer import from_bytes

from duban.core.errors import ParseError
from duban.core.model import Block, Cell, Paragraph, Source, Table

# Byte-order marks decide the encoding outright (Notepad's "Unicode" is UTF-16 LE with a BOM).
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Control characters that do occur in real text files; any other one means binary data.
_TEXT_CONTROLS = set("\t\n\r\f\v\x1a")


def decode(data: bytes) -> str:
    """Bytes of a text file → str: UTF-8 (with or without BOM), UTF-16 with BOM, GB18030/GBK."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(data.decode(encoding))
            except UnicodeDecodeError as exc:
                raise _undecodable(f"{encoding}: {exc.reason}") from exc
    try:
        return _checked(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    # GB18030 is a superset of GBK and GB2312, the usual encodings of Chinese Windows files;
    # it still rejects most random bytes, and the plausibility check catches the rest.
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = ""
    if text and _plausible(text):
        return _checked(text)
    best = from_bytes(data).best()
    if best is not None:
        guessed = str(best)
        if _plausible(guessed):
            return _checked(guessed)
    raise _undecodable("neither UTF-8 nor GB18030 nor a detectable encoding")


def _checked(text: str) -> str:
    if "\x00" in text:
        raise ParseError(
            "文件含有二进制数据，不是文本文件",
            english="binary data (NUL bytes) in a text file",
        )
    return text


def _undecodable(detail: str) -> ParseError:
    return ParseError(
        "无法识别文件的文字编码（应为 UTF-8 或 GBK/GB18030 编码的文本）",
        english=f"cannot decode text: {detail}",
    )


def _plausible(text: str) -> bool:
    """Mostly Chinese, ASCII and punctuation, few control characters: text rather than noise."""
    if not text:
        return False
    good = controls = 0
    for ch in text:
        code = ord(ch)
        if ch in _TEXT_CONTROLS or 0x20 <= code < 0x7F:
            good += 1
        elif code < 0x20 or 0x7F <= code < 0xA0:
            controls += 1
        elif (
            0x4E00 <= code <= 0x9FFF  # CJK unified ideographs
            or 0x3400 <= code <= 0x4DBF  # extension A (rare characters in names)
            or 0x20000 <= code <= 0x323AF  # extensions B-H
            or 0xF900 <= code <= 0xFAFF  # compatibility ideographs
            or 0x2E80 <= code <= 0x2FDF  # radicals
            or 0x3100 <= code <= 0x31FF  # bopomofo, strokes
            or 0xFE30 <= code <= 0xFE4F  # vertical forms
            or 0x0370 <= code <= 0x04FF  # Greek and Cyrillic, both in GB2312
            or 0x20A0 <= code <= 0x20CF  # currency signs
            or 0x3000 <= code <= 0x303F  # CJK punctuation
            or 0xFF00 <= code <= 0xFFEF  # full-width forms
            or 0x2000 <= code <= 0x206F  # general punctuation: “ ” … —
            or 0x00A0 <= code <= 0x00FF  # Latin-1: ·, ×, °
            or 0x2150 <= code <= 0x22FF  # number forms, arrows, maths: Ⅰ, ≥, √
            or 0x2460 <= code <= 0x24FF  # enclosed numerals ①
            or 0x2500 <= code <= 0x27BF  # box drawing, shapes, dingbats ✓
        ):
            good += 1
    return controls * 100 <= len(text) and good * 100 >= len(text) * 95


def read_text(text: str, path: str = "") -> Source:
    """Split text in the tab layout into paragraphs and tables (1-based line numbers)."""
    return Source(path=path, blocks=list(iter_blocks(text)), text=text)


def iter_blocks(
    text: str,
    convert: Callable[[Block], Block] | None = None,
    selected: Container[int] | None = None,
) -> Iterator[Block]:
    """`read_text`'s blocks one at a time, each as soon as its last line is read: an archive is
    cut into documents as it is read, and never held as blocks (its lines' strings and objects
    were most of an import's memory, growing with the archive).

    `convert`, when given, is applied to every block made (its result is given instead): to a
    table always, to a paragraph when `selected` is None or holds its line number. A caller that
    changes some blocks (the script converter) does it here rather than in a generator of its
    own around this one, which every block of an archive would pass through."""
    rows: list[list[list[str]]] = []  # rows → cells → lines of the table being read
    row: list[list[str]] | None = None  # the open row, None after an empty line
    table_line = 0
    number = 0
    for lines in iter_line_chunks(line_text(text)):
        first = number + 1
        for number, line in enumerate(lines, first):
            if line.startswith("\t"):
                if not rows:
                    table_line = number
                if row is None:
                    row = []
                    rows.append(row)
                row.append([line[1:]])
                continue
            stripped = line.strip()
            if not stripped:
                row = None
            elif row is not None:
                row[-1].append(line)  # a wrapped line of the cell above
            else:
                if rows:  # only a table being read needs closing; most lines are running text
                    block = _table(rows, table_line)
                    if block is not None:
                        yield block if convert is None else convert(block)
                    rows, row = [], None
                # The fields set here rather than through the dataclass's __init__ (a call of
                # its own, for every line of an archive).
                paragraph = _new(Paragraph)
                paragraph.text = stripped
                paragraph.line = number
                if convert is None or selected is not None and number not in selected:
                    yield paragraph
                else:
                    yield convert(paragraph)
    if rows:
        block = _table(rows, table_line)
        if block is not None:
            yield block if convert is None else convert(block)


_new = object.__new__


def line_text(text: str) -> str:
    """The text as `iter_blocks` numbers its lines: without a byte-order mark, every line ended
    by LF alone (CR LF and CR alone are line ends too). The line of a position is one more than
    the LFs before it."""
    text = text.removeprefix("\ufeff")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


# The characters of text a chunk of lines holds (at least: it ends at the next line end).
_CHUNK = 1 << 16


def iter_line_chunks(text: str) -> Iterator[list[str]]:
    """The lines of a `line_text`, a list of those of about `_CHUNK` characters at a time.

    Not str.splitlines: it also cuts at form feeds, U+2028 and others, which would shift the
    line numbers. str.split on LF (in C) of a chunk at a time, not of the whole text, which
    would hold every line of an archive at once; a line at a time (str.find, a slice and a
    generator step for each) cost three times as much."""
    for start, end in chunk_bounds(text):
        yield text[start:end].split("\n")


def chunk_bounds(text: str) -> Iterator[tuple[int, int]]:
    """The (start, end) of each chunk of `iter_line_chunks`: whole lines, the LF at `end` (if
    any) between this chunk and the next."""
    start = 0
    size = len(text)
    while True:
        end = text.find("\n", start + _CHUNK) if start + _CHUNK < size else -1
        if end < 0:
            yield start, size
            return
        yield start, end
        start = end + 1


def _table(rows: list[list[list[str]]], line: int) -> Block | None:
    cells = [[Cell("\n".join(part.strip() for part in lines).strip()) for lines in row] for row in rows]
    if len(cells) == 1 and len(cells[0]) == 1:
        # One TAB-indented line is an indented paragraph, not a one-cell table.
        return Paragraph(cells[0][0].text, line) if cells[0][0].text else None
    return Table(rows=cells, line=line)
