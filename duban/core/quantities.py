"""Numbers with units in Chinese official texts: "2.4万方", "不低于700元/月", "90%以上".

`parse_quantity` reads one target cell; `find_quantities` lists every number + unit in a
running text with the words just before it (its label), for pairing targets with progress.

Design notes (why it is built this way):
- Values are exact `Decimal`s; Chinese multipliers (万, 亿, 千, 百万 …) are applied to the value
  and dropped from the unit, so "1992万元" and "0.1992亿元" both read 19920000 元 and compare.
- A unit is one entry of `UNITS` (the longest match wins, so 人次 beats 人 and 个百分点 beats 个),
  optionally followed by per-denominators: "元/月·人", "万吨/年".
- Qualifiers are kept apart from the value: before the number (不低于, 达到 …), between number
  and unit (余/多: "160余家") and after the unit (以上, 左右 …). When a quantity has both a
  leading and a trailing qualifier they are joined with "…" ("不低于…以上").
- `Quantity.text` is always the whole input as written (stripped); words after the unit such
  as the 面积 of "25%以上\\n面积" stay there only — the unit is "%", the value 25.
- Years and months (年, 月, 日) are deliberately not units: "2024年", "1-6月" are dates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from duban.core.model import Quantity
from duban.core.numerals import cn_number

# Base units; a multiplier may precede them ("万亩" = 万 × 亩). Longest match wins.
UNITS: tuple[str, ...] = (
    "个百分点",
    "百分点",
    "%",
    "‰",
    "元",
    "人次",
    "户次",
    "人",
    "名",
    "个月",
    "个",
    "家",
    "件",
    "项",
    "场",
    "户",
    "套",
    "所",
    "座",
    "处",
    "平方公里",
    "平方米",
    "立方米",
    "公里",
    "千米",
    "米",
    "亩",
    "公顷",
    "方",
    "吨",
    "千克",
    "公斤",
    "千瓦时",
    "千瓦",
    "兆瓦",
    "次",
    "例",
    "批",
    "辆",
    "台",
    "张",
    "床",
    "间",
    "栋",
    "幢",
    "条",
    "份",
    "根",
    "起",
    "宗",
    "笔",
    "位",
    "支",
    "只",
    "头",
    "株",
    "棵",
    "盏",
    "册",
    "本",
    "期",
    "村",
    "岁",
    "天",
    "小时",
    "分钟",
    "倍",
)

# Multipliers written between the number and the unit. "个亿" is the spoken "6个亿".
MULTIPLIERS: dict[str, Decimal] = {
    "万亿": Decimal(10) ** 12,
    "千万": Decimal(10) ** 7,
    "百万": Decimal(10) ** 6,
    "十万": Decimal(10) ** 5,
    "个亿": Decimal(10) ** 8,
    "个万": Decimal(10) ** 4,
    "亿": Decimal(10) ** 8,
    "万": Decimal(10) ** 4,
    "千": Decimal(10) ** 3,
}

PREFIX_QUALIFIERS: tuple[str, ...] = (
    "不低于",
    "不少于",
    "不超过",
    "不高于",
    "不多于",
    "不到",
    "达到",
    "提高到",
    "提高至",
    "提升到",
    "提升至",
    "增加到",
    "增加至",
    "降低到",
    "降低至",
    "降到",
    "降至",
    "控制在",
    "保持在",
    "稳定在",
    "超过",
    "突破",
    "力争",
    "至少",
    "低于",
    "高于",
    "少于",
    "多于",
    "接近",
    "约",
    "近",
    "达",
)
SUFFIX_QUALIFIERS: tuple[str, ...] = ("及以上", "及以下", "以上", "以下", "以内", "之内", "左右")
INFIX_QUALIFIERS: tuple[str, ...] = ("余", "多")
# After a Chinese numeral these read as names or idioms, not counts.
_CN_VAGUE_UNITS = frozenset({"期", "批"})
_CN_IDIOMS = ("一条龙", "一站式", "一张网", "一件事")
# One-character qualifiers that also end ordinary words: the characters before them that make
# the word (签约, 最近, 下达 …), where they are not qualifiers.
_WORD_ENDINGS: dict[str, str] = {"约": "签合节制预公条契集", "近": "最附将邻就", "达": "到抵送表下传发通"}

# Full-width forms mapped one-to-one, so spans in the normalised text are spans in the input.
_WIDTH = str.maketrans("０１２３４５６７８９．％－，", "0123456789.%-,")

_ARABIC = r"(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?"
_CN_NUM = r"[一二两三四五六七八九十][零〇一二两三四五六七八九十百千万亿]*"
_NUMBER = re.compile(rf"(?P<arabic>-?{_ARABIC})|(?P<cn>{_CN_NUM})")
_DENOMINATORS = (
    "平方米",
    "季度",
    "小时",
    "公里",
    "年",
    "月",
    "日",
    "天",
    "周",
    "人",
    "户",
    "次",
    "亩",
    "床",
    "台",
    "辆",
    "吨",
    "个",
)
_CN_DIGITS = set("零〇一二两三四五六七八九十百千万亿")


@dataclass(frozen=True)
class Found:
    """One number + unit inside a text: its quantity, span [start, end) and the label before it."""

    quantity: Quantity
    start: int  # where the number (or its leading qualifier) starts
    end: int  # just after the unit and any trailing qualifier
    label: str  # the words between the previous clause boundary or quantity and this one


# Characters that end a clause; the label of a quantity never reaches back past them.
_BOUNDARIES = set("，,。；;：:、（）()【】[]！？!?\n\t")
LABEL_CHARS = 20


def parse_quantity(text: str) -> Quantity:
    """Read a target such as "2.4万方" or "不低于700元/月"; value None when there is no number."""
    raw = text.strip() if isinstance(text, str) else ""
    matches = _scan(raw, require_unit=False)
    # Prefer the first number that carries a unit or a multiplier: "2024年完成80%" → 80%.
    chosen = next((m for m in matches if m.unit or m.multiplied), matches[0] if matches else None)
    if chosen is None:
        return Quantity(text=raw, value=None, unit="", qualifier=None)
    return Quantity(text=raw, value=chosen.value, unit=chosen.unit, qualifier=chosen.qualifier)


def find_quantities(text: str) -> list[Found]:
    """Every number with a unit (or a 万/亿 multiplier) in a running text, in order."""
    found: list[Found] = []
    previous_end = 0
    for m in _scan(text, require_unit=True):
        label = _label(text, previous_end, m.start)
        quantity = Quantity(text=text[m.start : m.end], value=m.value, unit=m.unit, qualifier=m.qualifier)
        found.append(Found(quantity=quantity, start=m.start, end=m.end, label=label))
        previous_end = m.end
    return found


def clean_decimal(value: Decimal) -> Decimal:
    """Drop trailing zeros without scientific notation: 24000.0 → 24000, 0.70 → 0.7."""
    if value == value.to_integral_value():
        try:
            return value.quantize(Decimal(1))
        except InvalidOperation:  # beyond the context's 28 digits: keep the value as it is
            return value
    return value.normalize()


# --- scanning ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Match:
    start: int
    end: int
    value: Decimal
    unit: str
    qualifier: str | None
    multiplied: bool


def _scan(text: str, *, require_unit: bool) -> list[_Match]:
    norm = text.translate(_WIDTH)
    matches: list[_Match] = []
    pos = 0
    while True:
        m = _NUMBER.search(norm, pos)
        if m is None:
            break
        pos = m.end()
        match = _read_at(norm, m, require_unit=require_unit)
        if match is not None:
            matches.append(match)
            pos = match.end
    return matches


def _read_at(norm: str, m: re.Match[str], *, require_unit: bool) -> _Match | None:
    start, end = m.start(), m.end()
    before = norm[start - 1] if start > 0 else ""
    # Codes such as S208, G0421, 6#-7# are names, not quantities.
    if before and before.isascii() and (before.isalnum() or before in "#_"):
        return None
    if m.group("arabic"):
        number = m.group("arabic")
        if number.startswith("-") and before.isdigit():
            return None
        try:
            value = Decimal(number.replace(",", ""))
        except InvalidOperation:  # pragma: no cover - the regex only admits valid numbers
            return None
    else:
        if before == "第" or before in _CN_DIGITS:  # 第一批 is an ordinal
            return None
        converted = _cn_value(m.group("cn"))
        if converted is None:
            return None
        value = converted

    rest_at = end
    infix = next((q for q in INFIX_QUALIFIERS if norm.startswith(q, rest_at)), None)
    if infix:
        rest_at += len(infix)
    multiplier, unit, unit_end = _unit_at(norm, rest_at)
    if multiplier is None and not unit:
        if infix:  # "10余" without a unit: drop the infix, it was ordinary text
            rest_at -= len(infix)
            infix = None
        if require_unit or m.group("cn"):  # a bare 一/两 is a word, not a quantity
            return None
    if m.group("cn") and (unit in _CN_VAGUE_UNITS or norm.startswith(_CN_IDIOMS, start)):
        return None  # 一期工程, 一批企业, 一条龙服务 name phases and batches, they count nothing
        unit_end = rest_at
    multiplied = multiplier is not None
    if multiplier is not None:
        value *= multiplier

    suffix = next((q for q in SUFFIX_QUALIFIERS if norm.startswith(q, unit_end)), None)
    prefix = next((q for q in PREFIX_QUALIFIERS if norm.endswith(q, 0, start)), None)
    if (
        prefix in _WORD_ENDINGS
        and start > len(prefix)
        and norm[start - len(prefix) - 1] in _WORD_ENDINGS[prefix]
    ):
        prefix = None  # 签约29个 is "signed 29", not "about 29"
    qualifiers = [q for q in (prefix, infix, suffix) if q]
    qualifier = "…".join(qualifiers) if qualifiers else None
    return _Match(
        start=start - len(prefix) if prefix else start,
        end=unit_end + (len(suffix) if suffix else 0),
        value=clean_decimal(value),
        unit=unit,
        qualifier=qualifier,
        multiplied=multiplied,
    )


def _unit_at(norm: str, at: int) -> tuple[Decimal | None, str, int]:
    """The multiplier, unit (with per-denominators) and end position after a number."""
    direct = _longest(UNITS, norm, at)
    best: tuple[Decimal | None, str, int] = (None, direct, at + len(direct))
    for word, factor in MULTIPLIERS.items():
        if norm.startswith(word, at):
            unit = _longest(UNITS, norm, at + len(word))
            # A unit that itself starts with a multiplier character (千米, 百分点) wins ties.
            if len(word) + len(unit) > len(direct):
                best = (factor, unit, at + len(word) + len(unit))
            break
    multiplier, unit, end = best
    if unit:
        while end < len(norm) and norm[end] in "/·•":
            denominator = _longest(_DENOMINATORS, norm, end + 1)
            if not denominator:
                break
            unit += norm[end] + denominator
            end += 1 + len(denominator)
    return multiplier, unit, end


def _longest(words: tuple[str, ...], text: str, at: int) -> str:
    return max((w for w in words if text.startswith(w, at)), key=len, default="")


def _cn_value(numeral: str) -> Decimal | None:
    try:
        result = cn_number(numeral)
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    try:
        return Decimal(str(result))
    except InvalidOperation:
        return None


def _label(text: str, floor: int, start: int) -> str:
    """Words before a quantity, back to a clause boundary, the previous quantity or LABEL_CHARS."""
    begin = max(floor, start - LABEL_CHARS)
    label = text[begin:start]
    for i in range(len(label) - 1, -1, -1):
        if label[i] in _BOUNDARIES:
            label = label[i + 1 :]
            break
    return label.strip()
