"""Metadata of an official document: 文号, dates, issuer, title, 主送机关, 附件说明."""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from duban.core.model import UNNAMED_SERIES, DocNumber
from duban.core.numerals import cn_number

# 文号: 机关代字 + 〔year〕 + serial + 号. Offices type the brackets as 〔〕, [], (), （）, 【】 or ［］.
_OPEN = re.escape("〔[(（【［﹝〖")
_CLOSE = re.escape("〕])）】］﹞〗")
NUMBER_RE = re.compile(
    rf"^\s*(?P<code>[\u4e00-\u9fffA-Za-z]{{1,20}}?)\s*[{_OPEN}]\s*(?P<year>\d{{4}})\s*[{_CLOSE}]"
    rf"\s*第?\s*(?P<serial>\d{{1,5}})\s*号\s*$"
)

_CN_DIGITS = {"〇": "0", "○": "0", "零": "0", "Ｏ": "0", "O": "0", "一": "1", "二": "2", "三": "3",
              "四": "4", "五": "5", "六": "6", "七": "7", "八": "8", "九": "9"}  # fmt: skip
_CN_NUM = "〇○零Ｏ一二三四五六七八九十"
DATE_RE = re.compile(r"^\s*(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日\s*$")
CN_DATE_RE = re.compile(
    rf"^\s*(?P<y>[{_CN_NUM}O]{{4}})\s*年\s*(?P<m>[{_CN_NUM}]{{1,3}})\s*月\s*(?P<d>[{_CN_NUM}]{{1,4}})\s*日\s*$"
)

# Words that end the name of an issuing authority (发文机关).
ISSUER_END = (
    "人民政府办公室",
    "人民政府",
    "政府办公室",
    "办公室",
    "委员会",
    "管委会",
    "管理委员会",
    "局",
    "厅",
    "委",
    "办",
    "室",  # 督查室
    "中心",
    "指挥部",
    "小组",
    "部",
    "院",
    "会",
)


# An upward document prints its 签发人 on the 文号 line: "婺府文〔2023〕3号　签发人：张三".
_SIGNER = re.compile(r"签发人\s*[：:].*$")


def parse_number(text: str) -> DocNumber | None:
    """`岳云政人〔2024〕2号` (any bracket form, any 机关代字) → DocNumber, else None."""
    if "号" not in text:
        return None  # runs on every line of an archive: most lines fail this cheap test
    return _number(text)


# A notice's 文号 line is read twice, where an archive is cut into notices and where the notice's
# header is read, one notice apart: a few lines remembered serve the second (DocNumber is frozen).
@lru_cache(maxsize=64)
def _number(text: str) -> DocNumber | None:
    if "签发人" in text:
        text = _SIGNER.sub("", text)
    m = NUMBER_RE.match(normalize_space(text))
    if not m:
        return None
    return DocNumber(code=m["code"], year=int(m["year"]), serial=int(m["serial"]))


_CN_COUNT = "〇○零一二三四五六七八九十百两"
# 督查通报第二十三期, 第8期, 2023年第8期, （第8期）, 第8期（总第123期）.
ISSUE_RE = re.compile(
    rf"^(?P<series>[\u4e00-\u9fff]{{2,12}}?)?[（(]?(?:(?P<year>\d{{4}})年)?第(?P<n>\d{{1,4}}|[{_CN_COUNT}]{{1,6}})期[）)]?"
    rf"(?:[（(]总第(?P<total>\d{{1,5}}|[{_CN_COUNT}]{{1,8}})期[）)])?$"
)
# The names of serial publications: a 督查室's bulletins and their kin.
SERIES_END = ("通报", "专报", "快报", "简报", "动态", "要情", "通讯", "参阅", "情况", "信息", "督办单")


def parse_issue(text: str, series: str = "") -> DocNumber | None:
    """`督查通报第二十三期` / `第8期` (series from the line above) → DocNumber with its series."""
    if "期" not in text:
        return None
    m = ISSUE_RE.match(normalize_space(text))
    if not m:
        return None
    name = m["series"] or series
    if m["series"] and not m["series"].endswith(SERIES_END):
        return None  # "…第8期" after other words is a sentence, not an issue line
    try:
        serial = _count(m["n"])
        total = _count(m["total"]) if m["total"] else None
    except ValueError:
        return None
    if serial <= 0:
        return None
    year = int(m["year"]) if m["year"] else 0
    name = name or UNNAMED_SERIES
    return DocNumber(code=name, year=year, serial=serial, series=name, total=total)


def _count(text: str) -> int:
    return int(text) if text.isdigit() else _cn_int(text)


NUMERIC_DATE_RE = re.compile(r"^\s*(?P<y>\d{4})\s*[-./／]\s*(?P<m>\d{1,2})\s*[-./／]\s*(?P<d>\d{1,2})\s*$")
COMPACT_DATE_RE = re.compile(r"^\s*(?P<y>(?:19|20)\d{2})(?P<m>[01]\d)(?P<d>[0-3]\d)\s*$")


def parse_date(text: str, *, compact: bool = False) -> date | None:
    """A date line → date, else None (also for impossible dates).

    `2024年7月29日`, `2023年03月08日`, `二〇二四年七月二十九日`, `2023-03-08`, `2023.3.8`, `2023/3/8`;
    with `compact`, also `20230517` (only under a 署名, where eight digits can mean nothing else)."""
    # Runs on every body line: nearly all of them fail one of these cheap tests.
    if "日" not in text and not text[:1].isdigit():
        return None
    if len(text) > 40:
        return None
    try:
        if "日" in text:
            text = normalize_space(text)
            m = DATE_RE.match(text)
            if m:
                return date(int(m["y"]), int(m["m"]), int(m["d"]))
            m = CN_DATE_RE.match(text)
            if m:
                year = int("".join(_CN_DIGITS.get(ch, ch) for ch in m["y"]))
                return date(year, _cn_int(m["m"]), _cn_int(m["d"]))
            return None
        stripped = text.strip()
        m = NUMERIC_DATE_RE.match(stripped)
        if m is None and compact:
            m = COMPACT_DATE_RE.match(stripped)
        if m:
            return date(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError:
        return None
    return None


def _cn_int(text: str) -> int:
    value = cn_number(text.replace("〇", "零").replace("○", "零"))
    return int(value)


# Compiled once: these run on every header and body line of large archives.
_SENTENCE_PUNCTUATION = re.compile(r"[，。；：,;:、（）()《》]")
_RECIPIENT_SEPARATORS = re.compile(r"[、，,；;]")
_RECIPIENT_END = re.compile(r"(各|单位|政府|办事处|管委会|部门|局|委|办|公司|同志)[：:]?$")


def normalize_space(text: str) -> str:
    """Collapse the ideographic and ordinary spaces that typesetting leaves in headers."""
    # str.split() cuts at exactly the whitespace of the regex \s (U+3000 included) and is several
    # times faster than re.sub on the short lines of a header.
    return "".join(text.split())


def looks_like_issuer(text: str) -> bool:
    """A line that is only the name of an authority (no sentence punctuation)."""
    t = normalize_space(text)
    return 2 < len(t) <= 40 and not _SENTENCE_PUNCTUATION.search(t) and t.endswith(ISSUER_END)


def split_recipients(text: str) -> list[str]:
    """`各镇人民政府、街道办事处，…区直及驻区各单位：` → the addressees as written."""
    text = text.strip().rstrip("：:").strip()
    return [p.strip() for p in _RECIPIENT_SEPARATORS.split(text) if p.strip()]


# A sentence that ends in a colon ("现将有关情况通报如下：") introduces the body; it names nobody.
_NOT_RECIPIENTS = re.compile(
    r"如下[：:]$|^(?:为|根据|按照|依据|经|现将|现就|近期|近日|日前|今年|截至|关于|对照|围绕|自)|[。；;]"
)


def looks_like_recipients(text: str) -> bool:
    """The 主送机关 line: short, ends with a colon, names bodies rather than stating something."""
    t = text.strip()
    if not t.endswith(("：", ":")) or len(t) > 120:
        return False
    if _NOT_RECIPIENTS.search(t):
        return False
    return bool(_RECIPIENT_END.search(t.rstrip("：:"))) or "各" in t


# The words a title ends with, by genre: …的通知, …情况通报, …进度公示, …工作要点, …任务分工方案.
TITLE_END = (
    "通知",
    "通报",
    "决定",
    "意见",
    "报告",
    "批复",
    "函",
    "复函",
    "公示",
    "公告",
    "通告",
    "要点",
    "方案",
    "计划",
    "安排",
    "清单",
    "名单",
    "办法",
    "细则",
    "规定",
    "纪要",
    "情况",
    "一览表",
    "明细表",
    "分解表",
    "台账",
    "汇总表",
    "进度表",
    "任务分解",
    "责任分解",
    "分工",
    "任务书",
    "决议",
    "请示",
    "简报",
    "专报",
    "快报",
)
_TITLE_NOISE = re.compile(
    r"[。；;！？!?：:]|^(?:[一二三四五六七八九十]+[、．.]|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．])"
)
_TRAILING_BRACKETS = re.compile(r"(?:[（(][^（()）]{1,20}[)）])+$")


def looks_like_title(text: str) -> bool:
    """A title line (or lines joined): no sentence punctuation, ending with a genre word."""
    t = normalize_space(text)
    if not 4 <= len(t) <= 100 or _TITLE_NOISE.search(t):
        return False
    t = _TRAILING_BRACKETS.sub("", t)  # "（2023年第3期）", "（草案）"
    return t.endswith(TITLE_END) and not looks_like_issuer(t)


ATTACHMENT_HEAD_RE = re.compile(r"^附\s*件\s*[：:]\s*(?P<rest>.*)$")
ATTACHMENT_ITEM_RE = re.compile(r"^(?P<n>\d{1,2})\s*[.．、]\s*(?P<title>.+)$")


def parse_attachments(lines: list[str]) -> list[str]:
    """The 附件说明 lines (`附件：1.…`, continuation lines, `2.…`) → attachment titles."""
    items: list[str] = []
    for i, raw in enumerate(lines):
        line = raw.strip()
        if i == 0:
            m = ATTACHMENT_HEAD_RE.match(line)
            if not m:
                return []
            line = m["rest"].strip()
            if not line:
                continue
        m = ATTACHMENT_ITEM_RE.match(line)
        if m:
            items.append(m["title"].strip())
        elif items:
            items[-1] += line  # a title broken over two lines continues without a separator
        else:
            items.append(line)  # a single attachment written without a number
    return items
