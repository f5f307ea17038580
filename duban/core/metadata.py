"""Metadata of an official document: 文号, dates, issuer, title, 主送机关, 附件说明."""

from __future__ import annotations

import re
from datetime import date

import cn2an

from duban.core.model import DocNumber

# 文号: 机关代字 + 〔year〕 + serial + 号. Offices type the brackets as 〔〕, [], (), （）, 【】 or ［］.
_OPEN = re.escape("〔[(（【［")
_CLOSE = re.escape("〕])）】］")
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
)


def parse_number(text: str) -> DocNumber | None:
    """`岳云政人〔2024〕2号` (any bracket form) → DocNumber, else None."""
    if "号" not in text:
        return None  # runs on every line of an archive: most lines fail this cheap test
    m = NUMBER_RE.match(normalize_space(text))
    if not m:
        return None
    return DocNumber(code=m["code"], year=int(m["year"]), serial=int(m["serial"]))


def parse_date(text: str) -> date | None:
    """`2024年7月29日` or `二〇二四年七月二十九日` → date, else None (also for impossible dates)."""
    if "日" not in text:
        return None  # runs on every body line: most lines fail this cheap test
    text = normalize_space(text)
    m = DATE_RE.match(text)
    try:
        if m:
            return date(int(m["y"]), int(m["m"]), int(m["d"]))
        m = CN_DATE_RE.match(text)
        if m:
            year = int("".join(_CN_DIGITS.get(ch, ch) for ch in m["y"]))
            return date(year, _cn_int(m["m"]), _cn_int(m["d"]))
    except ValueError:
        return None
    return None


def _cn_int(text: str) -> int:
    value = cn2an.cn2an(text.replace("〇", "零").replace("○", "零"), "smart")
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


def looks_like_recipients(text: str) -> bool:
    """The 主送机关 line: short, ends with a colon, names bodies rather than stating something."""
    t = text.strip()
    if not t.endswith(("：", ":")) or len(t) > 120:
        return False
    return bool(_RECIPIENT_END.search(t.rstrip("：:"))) or "各" in t


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
