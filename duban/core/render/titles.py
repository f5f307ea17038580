"""Breaking a 公文 title into lines by meaning (GB/T 9704-2012 §7.3.1).

"回行时，要做到词意完整，排列对称，长短适宜，间距恰当，标题排列应当使用梯形或菱形": a line may
end only between words, never inside a unit name, a word or a number; the lines form a
trapezoid (each line longer, or each shorter, than the one above) or a diamond (longest in the
middle), never an hourglass.

The breaker has no dictionary of the language, only of the words that make up titles: the
unit names of the core's directory, a lexicon of the phrases titles are built from, and the
grammar of a title (发文机关 + 关于 + 事由 + 的 + 文种). Each possible break gets a cost — cheapest
after the issuer and before 的通知, then after 的, at punctuation and 书名号, then between known
words; a break between two characters that no rule knows is a last resort — and the cheapest
set of breaks that fits the width and the allowed shapes wins.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence

# 2号 (22 pt) characters in the 156 mm text block: ⌊442.25 / 22⌋.
TITLE_CHARS = 20
# Longer than this many lines, a "title" is a paragraph: it is wrapped, not balanced.
MAX_LINES = 5

DOC_TYPES = ("通知", "通报", "决定", "意见", "报告", "请示", "批复", "函", "纪要", "公告", "通告", "办法", "方案")  # fmt: skip

# Phrases titles are built from. A break may fall at either end of one, never inside.
_LEXICON_TEXT = """
关于 印发 转发 批转 做好 加强 进一步 开展 推进 实施 落实 贯彻 贯彻落实 建立 健全 完善 加快 深化 全面
切实 扎实 认真 做实 抓好 抓实 大抓 大抓落实 调整 公布 表彰 通报 批评 表扬 奖励 处理 成立 撤销 明确
上半年 下半年 第一季度 第二季度 第三季度 第四季度 前三季度 年度 全年 年初 年底 年中 年末 月份 以来
全区 全县 全市 全省 全镇 区政府 县政府 市政府 省政府 镇政府 人民政府 办公室 督查室 管委会 委员会
政府工作报告 政府工作 工作报告 工作 重点工作 重点 目标任务 目标 任务 分解 任务分解 责任 责任分工 目标责任
推进情况 进展情况 完成情况 落实情况 办理情况 督查情况 情况 进展 推进 完成 办理 督查 督办 调度 考核 评估
民生实事 重点民生实事 民生 实事 项目 重点项目 建设 发展 改革 安全 生产 安全生产 专项 整治 专项整治 行动
激励措施 措施 激励 二十条 十条 若干措施 实施方案 工作方案 方案 办法 细则 实施细则 意见 规定 制度 机制
职务任免 职务 任免 任职 免职 同志 等同志 干部 人员 名单 结果 通知 通报 决定 报告 请示 批复
高质量 高质量发展 经济 社会 经济社会 营商环境 优化 乡村振兴 乡村 振兴 生态 环境 保护 生态环境
"""
LEXICON = tuple(word for word in _LEXICON_TEXT.split() if word)

# Heads that a line reads well starting with ("…重点工作 | 推进情况的通报"), and modifiers or verbs
# that a line reads badly ending with ("…区政府 | 重点工作", "…进一步 | 加强"): they adjust the
# cost of a break between known words.
GOOD_STARTS = ("推进情况", "进展情况", "完成情况", "落实情况", "办理情况", "督查情况", "实施方案", "工作方案")
BAD_ENDS = (
    "区政府", "县政府", "市政府", "省政府", "全区", "全县", "全市", "全省", "进一步", "做好", "加强", "印发",
    "转发", "批转", "开展", "推进", "加快", "深化", "贯彻落实", "落实", "重点",
)  # fmt: skip


@functools.cache
def _unit_names() -> frozenset[str]:
    """Unit names of the core's directory (all levels): no line may split one."""
    from duban.core.units import builtin_units  # deferred: the directory loads YAML

    names: set[str] = set()
    for level in ("区", "县", "市"):
        for spec in builtin_units(level):
            names.update(n for n in spec.names() if len(n) >= 3)
    return frozenset(names)


_NUMBER = re.compile(r"[0-9０-９]+(?:[.．][0-9]+)?[年月日号项件条个批期次]?|[〔(（][0-9]{4}[〕)）][0-9]+号")
_OPENING = "《（(“‘〔[<"
_CLOSING = "》）)”’〕]>，、。：；！？,.:;!?"
_FORBIDDEN = float("inf")
_UNKNOWN = 20.0  # a break between two characters no rule knows: a last resort


def char_width(text: str) -> float:
    """Width in full-width characters: CJK and full-width forms count 1, the rest 0.5."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "FWA" else 0.5 for ch in text)


def title_lines(
    issuer: str, title: str, width: float = TITLE_CHARS, protect: Iterable[str] = ()
) -> list[str]:
    """The lines of a title with its issuing authority: caller's breaks kept, else broken by meaning.

    The issuer is left out when the title already starts with it; it stands on its own line
    unless the whole title fits one line.
    """
    title = title.strip()
    issuer = issuer.strip()
    if "\n" in title:
        lines = [line.strip() for line in title.split("\n") if line.strip()]
        if issuer and not lines[0].startswith(issuer):
            lines.insert(0, issuer)
        return lines
    if issuer and title.startswith(issuer):
        title = title[len(issuer) :]
    if issuer and char_width(issuer + title) <= width:
        return [issuer + title]
    # Joint issuers (联合行文) are written apart by a space: each starts a line of its own.
    issuers = issuer.split()
    words = (*protect, *(i for i in issuers if char_width(i) <= width))
    head = [line for part in issuers for line in break_title(part, width, words)]
    return [*head, *break_title(title, width, words, above=[char_width(h) for h in head])]


def break_title(
    text: str, width: float = TITLE_CHARS, protect: Iterable[str] = (), above: Sequence[float] = ()
) -> list[str]:
    """Break one title (or issuer) into lines of at most `width` characters, by meaning and shape.

    `protect` names phrases never to split (unit names the caller knows); `above` are the
    widths of lines set above this text (the issuer's), so that the shape is judged as a whole.
    """
    text = text.strip()
    if not text or char_width(text) <= width:
        return [text] if text else []
    if char_width(text) > MAX_LINES * width:  # not a title but a paragraph: just wrap it
        return _hard_wrap(text, width)
    costs = break_costs(text, protect)
    widths = [char_width(ch) for ch in text]
    best = _search(text, costs, widths, width, tuple(above))
    if best is None:  # no break fits: cut at the width, still never before closing punctuation
        return _hard_wrap(text, width)
    cuts = [0, *best, len(text)]
    return [text[a:b] for a, b in zip(cuts, cuts[1:], strict=False)]


def break_costs(text: str, protect: Iterable[str] = ()) -> list[float]:
    """For each position i (a break before text[i]), its cost; inf where a break is not allowed."""
    n = len(text)
    costs = [_UNKNOWN] * (n + 1)
    forbidden = [False] * (n + 1)
    known = [False] * (n + 1)
    for word in (*LEXICON, *_unit_names(), *(p for p in protect if p)):
        start = text.find(word)
        while start != -1:
            end = start + len(word)
            known[start] = known[end] = True
            for i in range(start + 1, end):
                forbidden[i] = True
            start = text.find(word, start + 1)
    for match in _NUMBER.finditer(text):
        for i in range(match.start() + 1, match.end()):
            forbidden[i] = True
        known[match.start()] = known[match.end()] = True
    for i in range(1, n):
        before, after = text[i - 1], text[i]
        if after in _CLOSING or before in _OPENING or forbidden[i]:
            costs[i] = _FORBIDDEN
            continue
        cost = 2.5 if known[i] else _UNKNOWN
        if known[i] and text.startswith(GOOD_STARTS, i):
            cost = 1.5
        if known[i] and text[:i].endswith(BAD_ENDS):
            cost = 4.5
        if text.startswith("关于", i):
            cost = 0.0  # 发文机关 | 关于…
        elif after == "的" and text[i + 1 :] in DOC_TYPES:
            cost = 1.0  # …情况 | 的通报
        elif before == "的":
            cost = 1.5  # 关于…的 | …
        elif before in "》、，" or after == "《":
            cost = 1.5
        elif text.endswith(text[i:]) and text[i:] in DOC_TYPES:
            cost = 3.0  # …的 | 通知: allowed, but the 文种 alone is a short last line
        if text[:i] == "关于" or text[:i] in ("关于印发", "关于转发", "关于印发《", "关于转发《"):
            cost = max(cost, 6.0)  # 关于 alone on a line says nothing
        costs[i] = cost
    costs[0] = costs[n] = _FORBIDDEN
    return costs


# Partial solutions kept per break position: enough to search every title of a few lines
# exhaustively, and to keep a long one (a pasted paragraph) linear in its length.
BEAM = 48


def _search(
    text: str, costs: list[float], widths: list[float], width: float, above: tuple[float, ...]
) -> list[int] | None:
    """The cheapest set of breaks (positions) whose lines fit `width`, judged with the lines above.

    A beam search over break positions, left to right: each position keeps the BEAM cheapest
    ways of reaching it (breaks spent so far plus the shape of the lines so far, plus one
    "line" each), and a way ends where the rest of the text fits a line.
    """
    n = len(text)
    prefix = [0.0]
    for w in widths:
        prefix.append(prefix[-1] + w)
    candidates = [i for i in range(1, n) if costs[i] != _FORBIDDEN]
    ways: dict[int, list[tuple[float, float, list[int]]]] = {0: [(0.0, 0.0, [])]}
    best: tuple[float, list[int]] | None = None

    def lines_of(cuts: list[int], end: int) -> list[float]:
        return [*above, *(prefix[b] - prefix[a] for a, b in zip([0, *cuts], [*cuts, end], strict=False))]

    for start in [0, *candidates]:
        if start not in ways:
            continue
        kept = sorted(ways.pop(start), key=lambda way: way[0])[:BEAM]
        for _, spent, cuts in kept:
            if prefix[n] - prefix[start] <= width:
                lines = lines_of(cuts, n)
                total = spent + shape_penalty(lines) + LINE_COST * (len(lines) - len(above))
                if best is None or total < best[0]:
                    best = (total, cuts)
                continue
            for i in candidates:
                if i <= start:
                    continue
                if prefix[i] - prefix[start] > width:
                    break
                new = [*cuts, i]
                lines = lines_of(new, i)
                rank = spent + costs[i] + shape_penalty(lines) + LINE_COST * (len(lines) - len(above))
                ways.setdefault(i, []).append((rank, spent + costs[i], new))
    return best[1] if best else None


LINE_COST = 4.0  # each line more than needed: fewer, fuller lines read better


def shape_penalty(lines: Sequence[float]) -> float:
    """How far line widths are from a trapezoid or a diamond: 0 for those, large for an hourglass."""
    if len(lines) < 2:
        return 0.0
    penalty = 0.0
    slack = 1.0  # a character either way still reads as the same shape
    for k in range(1, len(lines) - 1):
        if lines[k] + slack < lines[k - 1] and lines[k] + slack < lines[k + 1]:
            penalty += 30.0  # hourglass: a short line between two long ones
    # 长短适宜: a line much shorter than the longest looks like a fragment.
    longest = max(lines)
    penalty += sum(0.15 * (longest - w) for w in lines)
    if lines[-1] < 3:
        penalty += 6.0
    return penalty


def _hard_wrap(text: str, width: float) -> list[str]:
    lines: list[str] = []
    current = ""
    for ch in text:
        if current and char_width(current + ch) > width and ch not in _CLOSING:
            lines.append(current)
            current = ""
        current += ch
    return [*lines, current] if current else lines
