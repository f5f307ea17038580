"""Traditional script: a text in traditional characters is read in simplified ones.

The records (names, posts, units) are kept in simplified characters so that they match the
rest of the archive; the document's text as written is kept beside them (`ParsedDocument.raw`).
OpenCC (the pure-Python build from PyPI) converts by phrases, which a character table cannot;
it is imported only when a traditional text turns up, so start-up and ordinary parsing do not
pay for loading its dictionaries.
"""

from __future__ import annotations

import re
from functools import cache
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


def simplified_blocks(blocks: list[Block], text: str = "") -> list[Block] | None:
    """The blocks in simplified script, or None when none of them is in traditional script.

    `text` is the source's whole text where the reader kept it: one search over it is faster
    than a walk of the blocks."""
    if not is_traditional(text or _text_of(blocks)):
        return None
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            out.append(Paragraph(to_simplified(block.text), block.line))
        else:
            rows = [[Cell(to_simplified(c.text), c.merged) for c in row] for row in block.rows]
            out.append(Table(rows=rows, line=block.line))
    return out
