"""The words of an appointment clause: persons, posts with their bracketed notes, and splitting
at separators outside brackets. `duban.core.appointments` reads clauses with these."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from duban.core.model import Action
from duban.core.posts import KNOWN_TITLES, ends_with_title, is_rank, split_post

OPEN, CLOSE = "（［[【", "）］]】"
PROBATION = re.compile(r"^试用期(?:为)?\s*(\S.*)$")
# Words that stand where a name would but refer to a group ("以上同志任职时间…").
GROUP_WORDS = ("以上", "上述", "以下", "下列", "上列", "其中", "其他", "其余", "有关", "相关", "全体", "该")
NAME = re.compile(
    rf"^(?!{'|'.join(GROUP_WORDS)})(?:[\u4e00-\u9fff]{{2,4}}|[\u4e00-\u9fff]{{1,10}}(?:[·•・‧][\u4e00-\u9fff]{{1,10}})+)$"
)
MAX_PERSONS = 60  # characters scanned for the persons of a clause ("张三、李四、王五同志任…")


@dataclass(frozen=True)
class PostNote:
    """One post of a list with its notes: "区卫生健康局副局长（兼）" → concurrent."""

    post: str
    probation: str | None = None
    concurrent: bool = False
    acting: bool = False  # 代理县长: the post is held as acting; `post` is the post itself


def parse_posts(text: str) -> list[PostNote]:
    """Cut "A（兼）、B（试用期一年）" into posts with their trailing notes."""
    return list(_parse_posts(text))


# The same post lists recur throughout an archive; the cache holds immutable tuples and callers
# get a fresh list each time.
@lru_cache(maxsize=65536)
def _parse_posts(text: str) -> tuple[PostNote, ...]:
    """parse_posts, cached."""
    if "、" not in text:
        # One post (most lists): what the loop below gives for a single piece, without its
        # bracket scan and note reading when no bracket ends the piece and no 代理 is in it.
        piece = strip_duty_word(text)
        if not piece or piece[-1] not in CLOSE and "代理" not in piece:
            post = strip_duty_word(piece)
            return (PostNote(post),) if post else ()
    pieces = [p.strip() for p in split_top(text, "、")]
    notes: list[PostNote] = []
    pending = ""  # a piece without a title joins the next: "区发展和改革局、区粮食局局长" stays one post
    for index, piece in enumerate(pieces):
        post, brackets = strip_trailing_brackets(strip_duty_word(piece))
        if not brackets and index + 1 < len(pieces) and post and not ends_with_title(post):
            pending += post + "、"
            continue
        post = strip_duty_word(pending + post)
        pending = ""
        probation, concurrent = read_notes(brackets)
        if post:
            post = _carry_org(post, notes[-1].post if notes else "")
            post, acting = _acting(post)
            notes.append(PostNote(post, probation, concurrent, acting))
    return tuple(notes)


# Bodies inside an organisation that a list names after the organisation's first post:
# "县人民法院副院长、审判委员会委员" → both posts of the court; "县财政局局长、党组书记".
_INNER_BODIES = (
    "审判委员会",
    "检察委员会",
    "党组",
    "党委",
    "党工委",
    "党总支",
    "党支部",
    "纪检监察组",
    "机关党委",
)
_ACTING = re.compile(r"^(?P<org>.*?)代理(?P<title>[\u4e00-\u9fff]{1,6})$")


def _carry_org(post: str, previous: str) -> str:
    """A post without an organisation of its own, after one with: the organisation carries over."""
    if not previous:
        return post
    org_before, title_before = split_post(previous)
    if not org_before:
        return post
    org, _ = split_post(post)
    if not org and (post in KNOWN_TITLES or is_rank(post)) and not org_before.endswith("委"):
        # "副院长、审判员": a bare title, of the organisation itself (not of an inner body named
        # before it: "审判委员会委员、审判员" are two posts of the court). Not after a party
        # committee: in "县委常委、副县长" the second post is the government's.
        outer = next((org_before[: -len(b)] for b in _INNER_BODIES if org_before.endswith(b)), org_before)
        return (outer or org_before) + post
    if post.startswith(_INNER_BODIES) and not org_before.endswith(_INNER_BODIES):
        return org_before + post
    return post


def _acting(post: str) -> tuple[str, bool]:
    """ "县人民政府代理县长" → ("县人民政府县长", True); other posts unchanged."""
    m = _ACTING.match(post)
    if m and (m["title"] in KNOWN_TITLES or ends_with_title(m["title"])):
        return m["org"] + m["title"], True
    return post, False


# One character for one, so that indexes found in the normalised text cut the original too.
NORMALISE = str.maketrans(
    {
        ",": "，",
        ";": "；",
        ":": "：",
        "(": "（",
        ")": "）",
        "\u3000": " ",
        "\t": " ",
        "\ufeff": " ",
        "\u200b": " ",
    }
)
TO_NORMALISE = re.compile("[" + re.escape("".join(chr(c) for c in NORMALISE)) + "]")
_REPLACEMENTS = tuple((chr(source), target) for source, target in NORMALISE.items())


def normalise(text: str) -> str:
    """The text with NORMALISE applied (half-width punctuation to full-width).

    Not str.translate: with a table mapping to non-ASCII characters it looks up every character
    of a Chinese line in a dict (some 3 µs a line); one str.replace per character present costs
    a tenth of that. The replacements never produce a character another one replaces, so their
    order does not matter."""
    if TO_NORMALISE.search(text) is None:
        return text
    for source, target in _REPLACEMENTS:
        if source in text:
            text = text.replace(source, target)
    return text


NUMBERING = re.compile(
    r"^\s*(?:（[一二三四五六七八九十\d]{1,3}）|[一二三四五六七八九十]{1,3}[、．]|\d{1,3}\s*[.．、]|\d{1,3}）|[①-⑳])\s*"
)


def by_first_character(alternatives: list[str]) -> str:
    """A pattern of the alternatives (each opening with a literal character) grouped by that
    character: "拟任|拟聘|提请" → "拟(?:任|聘)|提(?:请)". The same matches; a search tries the
    alternatives of a group only where one character test lets it in, and ran a third faster on
    clause lines than the flat alternation, which it tries at every position."""
    groups: dict[str, list[str]] = {}
    for alternative in alternatives:
        first = alternative[0]
        if re.escape(first) != first:
            raise ValueError(f"not a literal first character: {alternative!r}")
        groups.setdefault(first, []).append(alternative[1:])
    return "|".join(f"{first}(?:{'|'.join(rests)})" for first, rests in groups.items())


# Clauses that decide nothing: proposals, elections, biographies, divisions of work.
NOT_A_DECISION_WORDS = [
    "拟任", "拟提名", "拟提拔", "拟推荐", "拟聘", "拟免", "提请", "草案", "补选", "选举",
    "当选", "候选", "曾任", "先后担任", "历任", "出生", "年生", "分管", "协管", r"负责.{0,20}工作",
]  # fmt: skip
NOT_A_DECISION = re.compile(by_first_character(NOT_A_DECISION_WORDS))


@dataclass
class Reading:
    """What one part of a clause says, before it becomes Appointments."""

    persons: list[str]
    action: Action
    mode: str
    posts: list[PostNote]
    concurrent: bool = False  # "兼任": every post concurrent
    rank: bool = False  # "…职级"
    verb_first: bool = False  # "任命A为X": the verb carries to "，B为Y" in the same clause


def read_post_list(
    persons: list[str], action: Action, mode: str, text: str, concurrent: bool
) -> Reading | None:
    """Read the post list of a part ("A、B职务"); None when there is no post."""
    text = text.strip()
    rank = False
    if action is Action.REMOVE:
        if text.endswith("职级"):
            text, rank = text[:-2], True
        elif text.endswith("职务"):
            text = text[:-2]
        if text.endswith("的"):
            text = text[:-1]
    posts = parse_posts(text)
    if not posts:
        return None
    return Reading(persons, action, mode, posts, concurrent, rank)


# --- persons -------------------------------------------------------------------------------


def split_persons(text: str, delimiters: tuple[str, ...]) -> tuple[list[str], str, str] | None:
    """Cut "张三、李四同志任A" after the persons: (names, the delimiter found, the rest).

    Every cut is tried from the left so that a name containing a delimiter character (李为民
    before 为) is still found whole; delimiters are tried longest first at each cut.
    """
    ordered, index_of, search = _delimiter_search(delimiters)
    # Only the cuts where some delimiter begins can succeed, so the names are checked there alone
    # (the names before a cut do not depend on which delimiter follows it). The search finds the
    # next such cut and the first delimiter, in order, that begins there.
    pos = 2
    while (found := search.search(text, pos)) is not None and found.start() <= MAX_PERSONS:
        cut = found.start()
        pos = cut + 1
        for delimiter in ordered[index_of[found.group()] :]:
            if text.startswith(delimiter, cut) and text[cut + len(delimiter) :].strip():
                names = names_of(text[:cut])
                if names is None:
                    break
                return names, delimiter, text[cut + len(delimiter) :]
    return None


@lru_cache(maxsize=64)
def _delimiter_search(
    delimiters: tuple[str, ...],
) -> tuple[tuple[str, ...], dict[str, int], re.Pattern[str]]:
    """The delimiters longest first, each one's index there, and a pattern finding the first of them."""
    ordered = tuple(sorted(delimiters, key=len, reverse=True))
    index_of: dict[str, int] = {}
    for index, delimiter in enumerate(ordered):
        index_of.setdefault(delimiter, index)
    return ordered, index_of, re.compile("|".join(re.escape(d) for d in ordered))


# Notes written after a name: 张三（女）, 李四（正科级）, 王五（挂职）.
_NAME_NOTE = re.compile(r"[（(][^（()）]{1,10}[)）]$")


def names_of(text: str) -> list[str] | None:
    """The names of "张三、李四（女）同志" or None when any is not a plausible name."""
    names = []
    for piece in text.split("、"):
        name = piece.strip().removesuffix("同志").strip()
        if name.endswith(("）", ")")):
            name = _NAME_NOTE.sub("", name).strip().removesuffix("同志").strip()
        if not NAME.match(name):
            return None
        names.append(name)
    return names


def split_described_persons(text: str, delimiters: tuple[str, ...]) -> tuple[list[str], str, str] | None:
    """ "县财政局副局长张三为A": a current post written before the name (任命[descriptor]X为A).

    The name is the two to four characters before the delimiter whose preceding words end with
    a title, so that the descriptor is a post and the name is whole."""
    for delimiter in sorted(delimiters, key=len, reverse=True):
        at = text.find(delimiter, 3)
        while 0 < at <= MAX_PERSONS:
            rest = text[at + len(delimiter) :]
            for size in (3, 2, 4):
                name, descriptor = text[at - size : at], text[: at - size]
                if len(descriptor) >= 3 and NAME.match(name) and ends_with_title(descriptor) and rest.strip():
                    return [name], delimiter, rest
            at = text.find(delimiter, at + 1)
    return None


# --- posts and notes -----------------------------------------------------------------------


def strip_duty_word(text: str) -> str:
    """Drop a trailing 职务 or 一职 (the word, not part of the post)."""
    text = text.strip()
    return text[:-2].strip() if text.endswith(("职务", "一职")) else text


def strip_trailing_brackets(text: str) -> tuple[str, list[str]]:
    """Remove the bracketed notes ending a post: "局长（兼）（试用期一年）" → 局长, [兼, 试用期一年]."""
    text = text.strip()
    notes: list[str] = []
    while text and text[-1] in CLOSE:
        depth, index = 0, len(text) - 1
        while index >= 0:
            if text[index] in CLOSE:
                depth += 1
            elif text[index] in OPEN:
                depth -= 1
                if depth == 0:
                    break
            index -= 1
        if index <= 0:
            break  # unbalanced, or the whole text is a bracket: leave it as written
        notes.insert(0, text[index + 1 : -1].strip())
        text = text[:index].rstrip()
    return text, notes


_NOTE_SEPARATORS = re.compile(r"[，、；]")


def read_notes(notes: list[str]) -> tuple[str | None, bool]:
    """The probation and concurrent flag of a post's bracketed notes."""
    probation: str | None = None
    concurrent = False
    for note in notes:
        for item in _NOTE_SEPARATORS.split(note):
            item = item.strip()
            if item in ("兼", "兼任", "兼职"):
                concurrent = True
            elif match := PROBATION.match(item):
                probation = match.group(1).strip()
    return probation, concurrent


# --- bracket-aware splitting ---------------------------------------------------------------


def spans(text: str, start: int, end: int, separators: str) -> list[tuple[int, int]]:
    """The [start, end) spans of text between separators that are outside brackets."""
    spans = []
    depth = 0
    begin = start
    # Only brackets and separators matter: jump from one to the next instead of reading every character.
    for mark in _marks(separators).finditer(text, start, end):
        index = mark.start()
        char = text[index]
        if char in OPEN:
            depth += 1
        elif char in CLOSE:
            depth = max(0, depth - 1)
        elif char in separators and depth == 0:
            spans.append((begin, index))
            begin = index + 1
    spans.append((begin, end))
    return spans


@lru_cache(maxsize=64)
def _marks(separators: str) -> re.Pattern[str]:
    """A pattern matching any bracket or separator character."""
    return re.compile("[" + re.escape(OPEN + CLOSE + separators) + "]")


def split_top(text: str, separators: str) -> list[str]:
    """Split text at separators outside brackets."""
    if separators not in text if len(separators) == 1 else not any(s in text for s in separators):
        return [text]  # nothing to split: no need to scan for brackets
    return [text[a:b] for a, b in spans(text, 0, len(text), separators)]


def find_top(text: str, char: str, start: int) -> int:
    """Index of the first char outside brackets at or after start, or -1."""
    if text.find(char, start) < 0:
        return -1  # the common case needs no bracket scan
    found = spans(text, start, len(text), char)
    return found[0][1] if len(found) > 1 else -1
