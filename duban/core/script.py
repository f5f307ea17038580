"""Traditional script: a text in traditional characters is read in simplified ones.

The records (names, posts, units) are kept in simplified characters so that they match the
rest of the archive; the document's text as written is kept beside them (`ParsedDocument.raw`).
OpenCC (the pure-Python build from PyPI) converts by phrases, which a character table cannot;
it is imported only when a traditional text turns up, so start-up and ordinary parsing do not
pay for loading its dictionaries.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from duban.core.model import Block, Cell, Paragraph, Table

# Frequent characters of official texts that exist only in traditional script (OpenCC changes
# each of them). 於 and 臺 are left out: both also occur in simplified texts, in names.
_TRADITIONAL_ONLY = (
    "這們會國學發開關與書長門時東車見說親業應縣區鎮辦員機處經濟農務級總實現點號計劃進設項導組織產調規質"
    "領網義環條歲樂萬億衛體醫藥療認識議論請讓變將對當從來後無過還問題華廣陽島灣選舉聯繫統費據數標準備價"
    "幣銀錢鐵線電話視頻圖財稅職責護隊鄉黨報達資訊態勢雖邊檢驗證為範圍屬頭單牽訂優強擔專歸確積極復雜簡傳"
    "遞續紀錄聯參與試"
)
_TRADITIONAL = re.compile(f"[{_TRADITIONAL_ONLY}]")


def is_traditional(text: str) -> bool:
    """Whether a text uses traditional-only characters (then it is converted)."""
    return _TRADITIONAL.search(text) is not None


@cache
def _converter() -> Any:
    from opencc import OpenCC  # imported here: loading the dictionaries costs tens of milliseconds

    return OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional → simplified by OpenCC's phrase tables; other text unchanged."""
    if not text:
        return text
    return str(_converter().convert(text))


def _text_of(blocks: list[Block]) -> str:
    """All text of the blocks, joined (for sources that were not read as one text)."""
    parts: list[str] = []
    for b in blocks:
        if isinstance(b, Paragraph):
            parts.append(b.text)
        else:
            parts.extend(c.text for row in b.rows for c in row)
    return "\n".join(parts)


@cache
def _convertible() -> frozenset[str] | None:
    """The characters without which OpenCC's t2s returns a text unchanged.

    A conversion changes a text only where a dictionary entry whose value differs from its key
    matches, and an entry matches only where every character of its key is there: one
    character of each such key (the first that changes) is enough. Blocks without any of them
    are left as they are, which is what converting them would give, at no cost (in a large
    archive with one traditional notice, converting every line was most of the parse time)."""
    import opencc  # imported here for the same reason as in _converter

    try:
        root = Path(opencc.__file__).parent
        config = json.loads((root / "config" / "t2s.json").read_text(encoding="utf-8"))
        chars: set[str] = set()
        for name in _dictionary_files(config):
            for line in (root / "dictionary" / name).read_text(encoding="utf-8").splitlines():
                key, _, values = line.partition("\t")
                value = values.split(" ")[0]
                if key and value != key:
                    chars.add(next((k for k, v in zip(key, value, strict=False) if k != v), key[0]))
    except (OSError, ValueError, KeyError, AttributeError):
        return None  # the dictionaries are not where this build keeps them: convert every block
    return frozenset(chars)


def _dictionary_files(config: Any) -> list[str]:
    """The dictionary files an OpenCC configuration names, wherever they are nested."""
    if isinstance(config, dict):
        found = [config["file"]] if isinstance(config.get("file"), str) else []
        return found + [f for v in config.values() for f in _dictionary_files(v)]
    if isinstance(config, list):
        return [f for v in config for f in _dictionary_files(v)]
    return []


@cache
def _searches() -> tuple[Callable[[str], re.Match[str] | None], Callable[[str], re.Match[str] | None]] | None:
    """Searches for `_convertible()`'s characters of the Basic Multilingual Plane and for any
    character beyond it; None when the convertible characters are unknown.

    A compiled character class is several times faster than `frozenset.isdisjoint`, which
    hashes every character of the text; it runs on every line of an archive that holds a
    traditional notice. re matches a class with characters beyond the plane one character at a
    time, so those few (rare characters of names) are looked up in `_RARE`, in the rare text
    that has such characters."""
    common = _common_pattern()
    if common is None:
        return None
    return common.search, _BEYOND_PLANE.search


_BEYOND_PLANE = re.compile("[\U00010000-\U0010ffff]")


@cache
def _common_pattern() -> re.Pattern[str] | None:
    """A character class of `_convertible()`'s characters of the Basic Multilingual Plane."""
    chars = _convertible()
    if chars is None:
        return None
    return re.compile("[" + "".join(re.escape(c) for c in sorted(chars) if c <= "\uffff") + "]")


@cache
def _rare() -> frozenset[str]:
    """The convertible characters beyond the Basic Multilingual Plane."""
    return frozenset(c for c in _convertible() or () if c > "\uffff")


@cache
def _may_change() -> Callable[[str], bool] | None:
    """A test for any of `_convertible()`'s characters in a text, or None when they are unknown."""
    searches = _searches()
    if searches is None:
        return None
    common, beyond = searches
    rare = _rare()

    def may_change(text: str) -> bool:
        return common(text) is not None or beyond(text) is not None and not rare.isdisjoint(text)

    return may_change


def _simplified(text: str) -> str:
    """to_simplified, skipped where no character could change, converted piece by piece.

    OpenCC's `convert` cuts the text at its separators (punctuation, spaces) and converts each
    piece on its own, the separators kept as they are: converting the pieces here, each only if
    it holds a convertible character and each cached, gives the same text. The pieces of a
    traditional archive recur (the prefaces, the units and their posts, the signatures), and
    OpenCC's pure-Python matching costs tens of microseconds a piece."""
    may_change = _may_change()
    if may_change is None:
        return to_simplified(text)
    if not may_change(text):
        return text
    separators = getattr(_converter(), "split_chars_re", None)
    if not isinstance(separators, re.Pattern):
        return to_simplified(text)  # another build of OpenCC: convert the text as a whole
    pieces = separators.split(text)
    for index in range(0, len(pieces), 2):  # even indexes: the text between separators
        if may_change(pieces[index]):
            pieces[index] = _simplified_piece(pieces[index])
    return "".join(pieces)


@lru_cache(maxsize=16384)
def _simplified_piece(piece: str) -> str:
    """One piece between OpenCC's separators, converted (the cache of `_simplified`)."""
    chain = _chain()
    if chain is None or len(piece) > _LONGEST_PIECE:
        return to_simplified(piece)
    for group in chain:
        piece = _convert_group(piece, group, 0, 0)
    return piece


# One dictionary of OpenCC's chain: its longest key, its entries (key → the first of its
# values) and, for each character that opens a key, the lengths of the keys it opens, longest first.
# The last of a group, if its keys are single characters, is also a table for str.translate: a
# piece it converts is each character replaced on its own.
_Dictionary = tuple[int, dict[str, str], dict[str, tuple[int, ...]], dict[int, str] | None]
# Longer pieces (a table cell without punctuation) are left to OpenCC: the recursion below goes
# one level deeper for each match.
_LONGEST_PIECE = 300


@cache
def _chain() -> list[list[_Dictionary]] | None:
    """OpenCC's own dictionaries, indexed by their keys' first characters; None when this build of
    OpenCC keeps them otherwise."""
    groups = getattr(_converter(), "_dict_chain_data", None)
    if not isinstance(groups, list):
        return None
    chain: list[list[_Dictionary]] = []
    try:
        for group in groups:
            dictionaries: list[_Dictionary] = []
            for longest, _shortest, entries in group:
                lengths: dict[str, set[int]] = {}
                for key in entries:
                    lengths.setdefault(key[0], set()).add(len(key))
                firsts = {c: tuple(sorted(n, reverse=True)) for c, n in lengths.items()}
                values = {k: v.split(" ")[0] for k, v in entries.items()}
                single = all(len(k) == 1 for k in values)
                table = {ord(k): v for k, v in values.items()} if single else None
                dictionaries.append((int(longest), values, firsts, table))
            chain.append(dictionaries)
    except (TypeError, ValueError, AttributeError, IndexError):
        return None
    return chain


def _convert_group(text: str, group: list[_Dictionary], index: int, hint: int) -> str:
    """OpenCC's conversion of a piece by one group of dictionaries, without its parse tree.

    OpenCC replaces the longest key of the group's first dictionary found in the text (the
    leftmost of that length), converts the text to its left and to its right the same way, with
    keys no longer than the one found, and hands a text where that dictionary finds no key to
    the next dictionary. It tries every substring of every length, longest first; here only the
    lengths of the keys each character opens are tried, which finds the same key."""
    if index == len(group):
        return text
    longest, values, firsts, table = group[index]
    if table is not None and index == len(group) - 1:
        return text.translate(table)
    limit = min(len(text), longest, hint) if hint else min(len(text), longest)
    size, at, end = 0, -1, len(text)
    for i, char in enumerate(text):
        lengths = firsts.get(char)
        if lengths is None:
            continue
        for length in lengths:
            if length <= size:
                break  # shorter than the key found already (which stands further left)
            if length <= limit and i + length <= end and text[i : i + length] in values:
                size, at = length, i
                break
        if size == limit:
            break  # no longer key can be found
    if at < 0:
        return _convert_group(text, group, index + 1, 0)
    left = _convert_group(text[:at], group, index, size) if at else ""
    right = text[at + size :]
    return left + values[text[at : at + size]] + (_convert_group(right, group, index, size) if right else "")


def simplified_blocks(blocks: list[Block], text: str = "") -> list[Block] | None:
    """The blocks in simplified script, or None when none of them is in traditional script.

    `text` is the source's whole text where the reader kept it: one search over it is faster
    than a walk of the blocks. A block that conversion would leave unchanged is returned as it
    is (the same object), so a caller can tell which blocks were converted."""
    if not is_traditional(text or _text_of(blocks)):
        return None
    return list(iter_simplified(blocks, text))


def iter_simplified(blocks: Iterable[Block], text: str = "") -> Iterator[Block]:
    """`simplified_blocks` one block at a time, for a text known to hold traditional script
    (each block is converted on its own: a streamed source is converted as it is read)."""
    searches = _searches()
    # With the whole text at hand, one search tells whether any line can hold a rare character:
    # if none can, a line without the common ones is left as it is by the one test below.
    common = searches[0] if searches is not None and text and searches[1](text) is None else None
    for block in blocks:
        if common is not None and isinstance(block, Paragraph) and common(block.text) is None:
            yield block
        else:
            yield simplified_block(block)


def simplified_block(block: Block) -> Block:
    """The block in simplified script: itself (the same object) when conversion leaves it unchanged."""
    if isinstance(block, Paragraph):
        converted = _simplified(block.text)
        return block if converted == block.text else Paragraph(converted, block.line)
    rows = [[Cell(_simplified(c.text), c.merged) for c in row] for row in block.rows]
    same = all(
        c.text == o.text
        for row, orow in zip(rows, block.rows, strict=True)
        for c, o in zip(row, orow, strict=True)
    )
    return block if same else Table(rows=rows, line=block.line)


def convertible_lines(text: str) -> frozenset[int] | None:
    """The numbers (from 1) of the lines of text that hold a character conversion could change;
    None when one search cannot tell (the convertible characters unknown, or characters beyond
    the Basic Multilingual Plane in the text, which `_simplified` looks up one by one).

    One scan of the whole text instead of a search of each line: in a large archive with some
    traditional notices, three lines in a hundred hold such a character, and testing every
    line on its own was a twentieth of the parse time. `text` as its lines are numbered
    (`duban.core.readers.txt.line_text`)."""
    pattern = _common_pattern()
    if pattern is None or _BEYOND_PLANE.search(text) is not None:
        return None
    lines: set[int] = set()
    line, at = 1, 0  # the line of `at`, the start of a line
    count, find, search = text.count, text.find, pattern.search
    # A line is noted at its first such character and the search goes on from the next line:
    # a traditional line holds a dozen of them, and every match was a step of this loop.
    while (match := search(text, at)) is not None:
        start = match.start()
        line += count("\n", at, start)
        lines.add(line)
        end = find("\n", start)
        if end < 0:
            break
        at, line = end + 1, line + 1
    return frozenset(lines)
