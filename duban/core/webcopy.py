"""Web copies: what a clerk pastes from a government site, around the document itself.

A government site prints a metadata block before the text — key–value lines or a table with
索引号, 文号, 发布机构, 成文日期, 发布日期, 主题分类, 有效性 … — and page chrome around it
(发布时间…来源…浏览次数, 字体：[大 中 小], 分享, 打印, 关闭), and repeats the title as the page's
heading above the document's own header. `read_web_copies` reads the metadata (it is kept as
the document's metadata), drops the block and the chrome, keeps a repeated title once, and
cuts a source that holds several pages at each metadata block.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Collection, Container, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache

from duban.core.metadata import normalize_space, parse_number
from duban.core.model import Block, DocNumber, Paragraph, Table
from duban.core.readers.txt import chunk_bounds, line_text


# Keys only a web page writes: one of them makes a line metadata.
def _words(text: str) -> list[str]:
    """Whitespace-separated words: a long vocabulary reads better as text than as a list literal."""
    return text.split()


_STRONG_KEYS = _words(
    "索引号 信息索引号 发布机构 公开责任部门 发布日期 发布时间 公开日期 主题分类 有效性 时效性 浏览次数"
    " 浏览量 阅读次数 阅读量 访问量 访问次数 点击数 点击量 点击率 信息来源 文章来源 体裁分类 公开方式"
    " 公开范围 组配分类 服务对象 发布文号 生效日期 废止日期 信息名称 统一登记号 登记号 内容分类"
)
# Keys that also head ordinary lines ("时间：2023年3月8日上午"): metadata only beside another key.
_WEAK_KEYS = _words(
    "文号 发文字号 成文日期 发文日期 发文机关 发文单位 来源 作者 时间 日期 标题 名称 分类 责任编辑 编辑 关键词 主题词"
)
_KEYS = tuple(sorted(_STRONG_KEYS + _WEAK_KEYS, key=len, reverse=True))
# Keys are sometimes spaced out for alignment ("索 引 号："): allow spaces between characters.
_KEY_PATTERN = "|".join(r"\s*".join(map(re.escape, key)) for key in _KEYS)
_PAIR = re.compile(rf"(?P<key>{_KEY_PATTERN})\s*[：:]\s*")
_FIRST_CHARS = frozenset(key[0] for key in _KEYS) | frozenset("|｜【[打关分收扫视默返上下字当您首我")
# Words of the page around a document, alone or in brackets, several to a line.
_CHROME_WORD = re.compile(
    r"(?:[【\[［(（]\s*)?(?:打印本页|打印|关闭窗口|关闭本页|关闭|分享到|分享|收藏|保存|返回顶部|返回|"
    r"扫一扫在手机打开当前页|扫一扫|视力保护色|默认|我要纠错|字体|字号|大|中|小|[上下]一篇)"
    r"(?:\s*[】\]］)）])?\s*[：:]?"
)
# How a chrome line opens: a cheap test before the patterns below.
_CHROME_STARTS = (
    "【", "[", "［", "(", "（", "|", "｜", "打印", "关闭", "分享", "收藏", "保存", "扫一扫", "视力", "默认", "返回",
    "上一", "下一", "当前位置", "您的位置", "您现在", "首页", "我要", "字体", "字号", "大", "中", "小",
)  # fmt: skip
_CHROME_LINE = re.compile(
    r"^(?:[上下]一篇|上一条|下一条|当前位置|您的位置|您现在的位置)\s*[：:]|^首页\s*[>＞»/]"
)
_FONT = re.compile(r"(?:字体|字号)\s*[：:]?\s*[\[【［(（]?\s*大\s*中\s*小\s*[\]】］)）]?")
_DATE_IN = re.compile(r"(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})")
# How far below the page's heading the document's own title may repeat it (文号, 发文机关 between).
_TITLE_REPEAT_WINDOW = 15


@dataclass
class WebMeta:
    """The metadata block of a web copy, read before it is dropped."""

    fields: dict[str, str] = field(default_factory=dict)  # key (spaces removed) → value as written

    @property
    def number(self) -> DocNumber | None:
        """The 文号 the page states."""
        for key in ("文号", "发文字号", "发布文号"):
            if key in self.fields and (number := parse_number(self.fields[key])):
                return number
        return None

    @property
    def date(self) -> datetime.date | None:
        """The 成文日期 the page states."""
        return self._date("成文日期", "发文日期")

    @property
    def published(self) -> datetime.date | None:
        """The publication date the page states (发布日期, 发布时间, 公开日期)."""
        return self._date("发布日期", "发布时间", "公开日期", "时间", "日期")

    @property
    def issuer(self) -> str:
        """The issuing authority the page states."""
        for key in ("发文机关", "发文单位", "发布机构", "公开责任部门"):
            if self.fields.get(key):
                return self.fields[key]
        return ""

    def _date(self, *keys: str) -> datetime.date | None:
        for key in keys:
            m = _DATE_IN.search(self.fields.get(key, ""))
            if m:
                try:
                    return datetime.date(int(m[1]), int(m[2]), int(m[3]))
                except ValueError:
                    continue
        return None


def has_web_copies(blocks: Iterable[Block]) -> bool:
    """Whether `read_web_copies` would cut anything out of these blocks (its first pass)."""
    for block in blocks:
        if isinstance(block, Paragraph) and block.text[:1] not in _FIRST_CHARS:
            continue
        if _metadata(block) is not None or _is_chrome_block(block):
            return True
    return False


def text_has_web_copies(
    text: str, convert: Callable[[Block], Block] | None = None, selected: Collection[int] = ()
) -> bool | None:
    """`has_web_copies` of `iter_blocks(text, convert, selected)`, read from the text without
    making its blocks; None when the text has a table (a line opening with a TAB), whose blocks
    only `iter_blocks` can make.

    Without tables every non-empty line is a paragraph of its stripped text, and only one that
    opens with a key's or the chrome's first character can be metadata or chrome: a search of
    the text finds those lines. A source without web copies (nearly every one) was read twice
    before, once to find none (an eighth of the parse of 10,000 copies of the sample's
    notices). `convert` is applied to the paragraph of each line in `selected` (those the
    converter may change), each of which is tested. Read a chunk at a time, in order: the
    search stops at the first web page's block."""
    text = line_text(text)
    opening, opening_after_lf = _openings()
    wanted = sorted(selected)
    taken = 0  # of wanted
    number = 0  # the lines before the chunk
    for start, end in chunk_bounds(text):
        chunk = text[start:end]
        if chunk.startswith("\t") or "\n\t" in chunk:
            return None  # (tested chunk by chunk: the search mostly stops in the first)
        lines = chunk.split("\n")
        first, last = number + 1, number + len(lines)
        candidates = {first} if opening.match(chunk) else set()
        line, at = first, 0
        for match in opening_after_lf.finditer(chunk):
            line += chunk.count("\n", at, match.start() + 1)
            at = match.start() + 1
            candidates.add(line)
        while taken < len(wanted) and wanted[taken] <= last:
            candidates.add(wanted[taken])
            taken += 1
        for n in sorted(candidates):
            stripped = lines[n - first].strip()
            if stripped and _web_block(Paragraph(stripped, n), convert, selected):
                return True
        number = last
    return False


@cache
def _openings() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A line whose first character, after any spaces, can open metadata or chrome: at the start
    of a chunk, and after a LF (a search for a pattern opening with a literal character skips to
    its occurrences; one opening with ^ is tried at every position, three times slower).
    Compiled when first asked: the class of some seventy characters costs milliseconds, which
    every start of the command line would pay."""
    opening = rf"[^\S\n]*[{re.escape(''.join(sorted(_FIRST_CHARS)))}]"
    return re.compile(opening), re.compile(rf"\n{opening}")


def _web_block(block: Paragraph, convert: Callable[[Block], Block] | None, selected: Container[int]) -> bool:
    """Whether has_web_copies would stop at this paragraph (converted as iter_blocks does it)."""
    if convert is not None and block.line in selected:
        return has_web_copies([convert(block)])
    return has_web_copies([block])


def iter_web_copies(blocks: Iterable[Block]) -> Iterator[tuple[WebMeta | None, list[Block]]]:
    """`read_web_copies` part by part, as the blocks come: each part is given when the next
    begins (a streamed source). The same rules, applied in the same order: the first part's
    heading joins the second once the second is complete, and not before, as in the original,
    where the joining comes after every part is cut."""
    parts: list[tuple[WebMeta | None, list[Block]]] = [(None, [])]
    first: list[Block] | None = None  # the first part, held while it may be a heading to join
    count = 0  # the parts begun so far

    def done(meta: WebMeta | None, kept: list[Block]) -> tuple[WebMeta | None, list[Block]]:
        return meta, _drop_repeated_title(kept) if meta else kept

    in_block = False
    for block in blocks:
        # Most lines are neither metadata nor chrome after one look-up of their first character.
        if (isinstance(block, Paragraph) and block.text[:1] not in _FIRST_CHARS) or (
            (pairs := _metadata(block)) is None and not _is_chrome_block(block)
        ):
            in_block = False
            parts[-1][1].append(block)
            continue
        if pairs is None:
            continue  # page chrome
        current_meta, current = parts[-1]
        joins = current_meta is not None and _only_a_heading(current)
        if not in_block and not joins:
            parts.append((WebMeta(), []))
            count += 1
            meta, kept = parts.pop(0)
            if count == 1 and _only_a_heading(kept):
                first = kept
            elif count == 2 and first is not None:
                yield meta, _drop_repeated_title(first + kept) if meta else first + kept
                first = None
            else:
                yield done(meta, kept)
        in_block = True
        meta = parts[-1][0]
        assert meta is not None  # noqa: S101 — narrows a type the code guarantees; not a check of input
        for key, value in pairs:
            meta.fields.setdefault(key, value)
    meta, kept = parts.pop()
    if first is not None and count >= 1:
        # The first part a heading and the second the last: joined (`read_web_copies`' last rule).
        yield (meta, _drop_repeated_title(first + kept) if meta else first + kept)
    else:
        yield done(meta, kept)


def read_web_copies(blocks: list[Block]) -> list[tuple[WebMeta | None, list[Block]]]:
    """Cut a source at each metadata block; drop the blocks, the page chrome and a repeated title."""
    # One cheap pass first: nearly every source is no web copy, and then nothing else runs.
    if not has_web_copies(blocks):
        return [(None, blocks)]
    return list(iter_web_copies(blocks))


def _only_a_heading(blocks: list[Block]) -> bool:
    return len(blocks) <= 3 and all(isinstance(b, Paragraph) and len(b.text) <= 60 for b in blocks)


def _metadata(block: Block) -> list[tuple[str, str]] | None:
    """The key–value pairs of a metadata line or table, or None when the block is something else."""
    if isinstance(block, Table):
        pairs = _cell_pairs([c.text.strip() for row in block.rows for c in row])
        # A table of weak keys only ("时间", "内容" …) is the document's own table.
        if not pairs or not any(key in _STRONG_KEYS for key, _ in pairs):
            return None
    else:
        text = block.text.strip()
        if not text or text[0] not in _FIRST_CHARS:
            return None  # most lines of a document: one set look-up
        if text[0] in "|｜":
            pairs = _cell_pairs([c.strip() for c in re.split(r"[|｜]", text)])
        else:
            pairs = _line_pairs(text)
    if not pairs:
        return None
    if len(pairs) < 2 and not any(key in _STRONG_KEYS for key, _ in pairs):
        return None
    return pairs


def _line_pairs(text: str) -> list[tuple[str, str]] | None:
    """ "索引号：X  主题分类：Y" → pairs, when the line is nothing but pairs (and chrome words)."""
    if _PAIR.match(text) is None:
        return None  # the line does not open with a key: no metadata (and no scan of it)
    matches = list(_PAIR.finditer(text))
    if not matches or matches[0].start() != 0:
        return None
    pairs = []
    for k, m in enumerate(matches):
        end = matches[k + 1].start() if k + 1 < len(matches) else len(text)
        value = _FONT.sub("", text[m.end() : end]).strip()
        pairs.append((normalize_space(m["key"]), value))
    return pairs


def _cell_pairs(cells: list[str]) -> list[tuple[str, str]] | None:
    """Cells of a metadata table: "索引号", "X", "主题分类", "Y" or "索引号：X" each."""
    cells = [c for c in cells if c]
    pairs: list[tuple[str, str]] = []
    i = 0
    while i < len(cells):
        inline = _line_pairs(cells[i])
        if inline:
            pairs.extend(inline)
            i += 1
            continue
        key = normalize_space(cells[i]).rstrip("：:")
        if key not in _KEYS or i + 1 >= len(cells):
            return None
        pairs.append((key, cells[i + 1]))
        i += 2
    return pairs or None


def _is_chrome_block(block: Block) -> bool:
    return isinstance(block, Paragraph) and _is_chrome(block.text)


def _is_chrome(text: str) -> bool:
    """A line made only of the page's words: 打印, 关闭, 字体：[大 中 小], 分享到 …"""
    t = text.strip()
    if not t or len(t) > 60 or not t.startswith(_CHROME_STARTS):
        return False
    if _CHROME_LINE.match(t):
        return True
    rest = _CHROME_WORD.sub("", _FONT.sub("", t))
    return not rest.strip(" 　|｜/·•-—")


def _drop_repeated_title(blocks: list[Block]) -> list[Block]:
    """The page's heading repeated by the document's own title lines below it: keep the latter."""
    first = next((i for i, b in enumerate(blocks) if isinstance(b, Paragraph) and b.text.strip()), None)
    if first is None:
        return blocks
    heading = normalize_space(blocks[first].text)  # type: ignore[union-attr]
    window = blocks[first + 1 : first + 1 + _TITLE_REPEAT_WINDOW]
    texts = [normalize_space(b.text) if isinstance(b, Paragraph) else "" for b in window]
    for i in range(len(texts)):
        joined = ""
        for j in range(i, min(i + 4, len(texts))):
            if not texts[j]:
                break
            joined += texts[j]
            if joined == heading or (heading.endswith(joined) and joined.startswith("关于") and j > i):
                return blocks[:first] + blocks[first + 1 :]
            if len(joined) >= len(heading):
                break
    return blocks
