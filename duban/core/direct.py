"""The common clause lines of a 任免通知, read directly: one pattern instead of the general machinery.

Nearly every line of an archive is one clause of a few shapes: "X同志任A；" (A may carry
bracketed notes), "X同志任A，免去其B职务；", "免去X同志B职务；", and, almost as often, "免去X同志的B
职务", "任命X为A", "聘任X为A", "解聘X的A职务", "X同志挂职任A", "X同志不再担任A职务", "X同志为A",
several people before 同志 ("X、Y同志任A"), and a second part "，兼任B" / "，免去其B职务" /
"，试用期一年". Such a clause, in Chinese characters only, is read here by one pattern, at a
fraction of the cost of `duban.core.appointments`' general path. Whatever the patterns take must
read exactly as the general path reads it: the guards below send every doubtful clause there,
and tests/core/test_appointments_fastpath.py compares both paths on generated lines.
"""

from __future__ import annotations

import re

from duban.core.clauses import (
    CLOSE,
    GROUP_WORDS,
    NORMALISE,
    NOT_A_DECISION,
    NOT_A_DECISION_WORDS,
    NUMBERING,
    _parse_posts,
    by_first_character,
    normalise,
    strip_duty_word,
)
from duban.core.model import Action, Appointment, Paragraph
from duban.core.posts import post_facts

# The members, read once: an enum member read through its class costs ten times a global here.
_APPOINT, _REMOVE = Action.APPOINT, Action.REMOVE

_HAN = "[\u4e00-\u9fff]"
# Possessive: what may follow a post (（, ，, ；, 。, the end) is never a character of it, so giving
# characters back can never make a match; without it, a line of two clauses failed the patterns
# only after backtracking through every character of its first post.
_COMMON_POST = r"[\u4e00-\u9fff、]++(?:（[\u4e00-\u9fff、]++）[\u4e00-\u9fff、]*+)*+"
_COMMON_LINE = re.compile(
    rf"(?:(?P<name>{_HAN}{{2,4}})同志任(?P<post>{_COMMON_POST})(?:，免去其(?P<old>{_COMMON_POST}))?"
    rf"|免去(?P<removed>{_HAN}{{2,4}})同志(?P<from>{_COMMON_POST}))[；。]?"
)


def _han_without(chars: str) -> str:
    """A character class of the CJK block without the given characters."""
    points = sorted(ord(c) for c in chars)
    ranges, low = [], 0x4E00
    for point in points:
        if low < point:
            ranges.append(f"{chr(low)}-{chr(point - 1)}")
        low = point + 1
    ranges.append(f"{chr(low)}-\u9fff")
    return "[" + "".join(ranges) + "]"


# A name's characters: not those that end a name on the general path (同志, 的, 为).
_NAME_CHAR = _han_without("同的为")
_NAMES = rf"{_NAME_CHAR}{{2,4}}(?:、{_NAME_CHAR}{{2,4}})*"
_MORE_LINE = re.compile(
    rf"(?:(?P<verb>任命|聘任|聘用)(?P<vnames>{_NAME_CHAR}{{2,4}})(?:同志)?为(?P<vpost>{_COMMON_POST})"
    rf"|(?P<rverb>免去|解聘|免除)(?P<rnames>{_NAMES})(?P<rsep>同志的|同志|的)(?P<rpost>{_COMMON_POST})"
    rf"|(?P<names>{_NAMES})同志(?P<after>挂职任|不再担任|任|为)(?P<post>{_COMMON_POST}))"
    rf"(?:，(?:(?P<cont>兼任|免去其)(?P<cpost>{_COMMON_POST})|试用期(?:为)?(?P<term>{_HAN}+)))?[；。]?"
)
# Under a section heading (一、任职 / 二、免职): "X为A" and "X的A职务" / "X同志A职务".
_SECTION_NAMES = rf"{_han_without('同的为任')}{{2,4}}(?:、{_han_without('同的为任')}{{2,4}})*"
_SECTION_APPOINT = re.compile(rf"(?P<names>{_SECTION_NAMES})为(?P<post>{_COMMON_POST})[；。]?")
_SECTION_REMOVE = re.compile(rf"(?P<names>{_NAMES})(?P<sep>同志的|同志|的)(?P<post>{_COMMON_POST})[；。]?")
# How a post may not open after "X同志" under 二、免职: the general path reads a verb there first.
_VERB_STARTS = tuple("不被挂任聘免兼担代为")
# The kind of a part of a clause: (action, mode, every post concurrent).
_Kind = tuple[Action, str, bool]
_APPOINTED: _Kind = (Action.APPOINT, "任", False)
_REMOVED: _Kind = (Action.REMOVE, "免去", False)
_CONCURRENT: _Kind = (Action.APPOINT, "任", True)  # "，兼任B"
# The kind of each shape's verb; the verb before a name reads as the general path reads it.
_MORE_VERBS: dict[str, _Kind] = {
    "任命": (Action.APPOINT, "任命", False),
    "聘任": (Action.APPOINT, "聘任", False),
    "聘用": (Action.APPOINT, "聘任", False),
    "免去": _REMOVED,
    "解聘": (Action.REMOVE, "解聘", False),
    "免除": (Action.REMOVE, "免除", False),
    "挂职任": (Action.APPOINT, "挂职", False),
    "不再担任": (Action.REMOVE, "不再担任", False),
    "任": _APPOINTED,
    "为": (Action.APPOINT, "为", False),
}
# Words the general path reads before or instead of the shapes above: 决定 (decided by), 辞去
# (a resignation), 被 (passive); with them, those of a clause that decides nothing
# (NOT_A_DECISION, which refuses the clause too): one search for both.
_GENERAL_WORDS = re.compile(by_first_character(["决定", "辞去", "被", *NOT_A_DECISION_WORDS]))
# A preface with nothing after its colon, which _read_line would skip as boilerplate: no list
# number, heading or bracket can open it, so the general path reads it as nothing too.
_PREFACE = re.compile(r"(?:经|根据|按照)[\u4e00-\u9fff，、]*：")
# Names the general path reads differently: a verb or connective opening the part, 其 after 免去.
# A proposal's heading ("建议免去", "拟任职") also opens like a name.
_UNCOMMON_NAME_STARTS = (
    "任命",
    "聘任",
    "聘用",
    "免去",
    "免除",
    "解聘",
    "决定",
    "并",
    "另",
    "其",
    "拟",
    "建议",
    "提请",
)
# Every name reaching _emit is two to four CJK characters (the patterns' groups), for which NAME
# only tests the opening words: one startswith does both tests, at a third of NAME's cost.
_DOUBTFUL_NAME_STARTS = _UNCOMMON_NAME_STARTS + GROUP_WORDS
_DOUBTFUL_FIRST = frozenset(word[0] for word in _DOUBTFUL_NAME_STARTS)

# What an Appointment takes from a post of a common clause:
# (action, post, org, title, probation, concurrent, mode, rank, acting).
_PlannedItem = tuple[Action, str, str, str, str | None, bool, str, bool, bool]
# One part of a clause: its kind and its post list as written.
_Part = tuple[_Kind, str]


def _read_common_line(
    paragraph: Paragraph, items: list[Appointment], warnings: list[str]
) -> list[str] | None:
    """Read a line of the common shapes, appending to items/warnings; None for any other line."""
    text = paragraph.text
    match = _COMMON_LINE.fullmatch(text)
    if match is None:
        return None  # most lines of a varied archive: tested before anything else is made
    raw = text[:-1] if text.endswith(("；", "。")) else text
    return _read_matched(match, text, raw, paragraph.line, items, warnings, False, None)


# The characters a list number (NUMBERING) can open with, besides decimal digits and spaces.
_NUMBER_OPENINGS = frozenset("（一二三四五六七八九十" + "".join(map(chr, range(ord("①"), ord("⑳") + 1))))


# A line of one clause as written: nothing to normalise, no separator but one at its end, and
# no character a list number can open with (NUMBERING never matches). One test instead of
# normalising, looking for a number and for a separator: most lines of a varied archive that
# reach _read_common_clauses are such lines. Any other line is cut into its clauses below, and
# a line of one clause that only opens like a number (一把…) reads the same that way.
_ONE_CLAUSE = re.compile(
    rf"(?![{re.escape(''.join(sorted(_NUMBER_OPENINGS)))}\d\s])"
    rf"[^；。{re.escape(''.join(map(chr, NORMALISE)))}]*+[；。]?"
)


def _may_be_numbered(text: str) -> bool:
    """Whether NUMBERING can match the text: its first character can open a list number (\\d and
    \\s of a str pattern are the characters isdecimal and isspace accept). Most clause lines open
    with a name or a verb, and this test costs a fifth of the match."""
    first = text[:1]
    return first in _NUMBER_OPENINGS or first.isdecimal() or first.isspace()


def _read_common_clauses(
    paragraph: Paragraph,
    items: list[Appointment],
    warnings: list[str],
    section: tuple[Action, str] | None = None,
) -> list[str] | None:
    """A line of common clauses after a list number ("1．"), typed with half-width punctuation, or
    two and more to the line, each read directly; None when any clause is not of the common shapes.

    The general path reads such a line as the same clauses, one after the other, once it has
    normalised the punctuation (one character for one) and cut off the number; the clauses'
    raw text is cut from the line as written, as there. Under a `section` heading, the bare
    "X为A" / "X的A职务" clauses are read as well."""
    original = paragraph.text
    if _ONE_CLAUSE.fullmatch(original) is not None:
        # One clause, as written: _read_common_line has refused the first shapes.
        end = len(original) - 1 if original.endswith(("；", "。")) else len(original)
        return _read_more(original, original[:end], paragraph.line, items, warnings, section)
    text = normalise(original)
    numbering = NUMBERING.match(text) if _may_be_numbered(text) else None
    start = numbering.end() if numbering else 0
    end = len(text) - 1 if text.endswith(("；", "。")) else len(text)
    found: list[Appointment] = []
    notes: list[str] = []
    names = None
    # The clauses between "；" and "。": str.split on one separator, at a fifth of re.split's cost.
    for clause in text[start:end].replace("。", "；").split("；"):
        if not clause:
            return None
        raw = original[start : start + len(clause)]
        names = _read_common(clause, raw, paragraph.line, found, notes, section=section)
        if names is None:
            return None
        start += len(clause) + 1
    items.extend(found)
    warnings.extend(notes)
    return names


def _read_common(
    text: str,
    raw: str,
    line: int,
    items: list[Appointment],
    warnings: list[str],
    section: tuple[Action, str] | None = None,
) -> list[str] | None:
    """Read one clause of the common shapes (its terminator optional): its persons, or None."""
    match = _COMMON_LINE.fullmatch(text)
    if match is not None:
        return _read_matched(match, text, raw, line, items, warnings, True, section)
    return _read_more(text, raw, line, items, warnings, section)


def _read_matched(
    match: re.Match[str],
    text: str,
    raw: str,
    line: int,
    items: list[Appointment],
    warnings: list[str],
    more: bool,
    section: tuple[Action, str] | None,
) -> list[str] | None:
    """_read_common of a clause that _COMMON_LINE matched. Without `more`, only the first three
    shapes (任 / 任…，免去其 / 免去…同志): a line's first test (`_read_common_line`)."""
    name, appointed, removed, other, other_post = match.groups()
    if name is None:
        name, removed = other, other_post
        # After 免去 the name ends at the first "同志的", "同志" or "的".
        if "的" in name or removed.startswith("的"):
            return _read_more(text, raw, line, items, warnings, section) if more else None
    elif appointed.startswith("命为"):
        return None  # the general path reads "同志任命为" before "同志任"
    if NOT_A_DECISION.search(text):
        return None  # (the other shapes' search for _GENERAL_WORDS includes these words)
    parts: list[_Part] = [(_APPOINTED, appointed)] if appointed is not None else []
    if removed is not None:
        parts.append((_REMOVED, removed))
    return _emit([name], tuple(parts), None, text, raw, line, items, warnings)


def _read_more(
    text: str,
    raw: str,
    line: int,
    items: list[Appointment],
    warnings: list[str],
    section: tuple[Action, str] | None = None,
) -> list[str] | None:
    """The other common shapes: a verb before the name, several names, other verbs after 同志."""
    if _GENERAL_WORDS.search(text):
        return None
    match = _MORE_LINE.fullmatch(text)
    if match is None:
        return _read_section(text, raw, line, items, warnings, section) if section else None
    # The groups as a tuple, in the pattern's order (groupdict builds a dict of them every time).
    verb, vnames, vpost, rverb, rnames, rsep, rpost, anames, after, apost, cont, cpost, term = match.groups()
    verb = verb or rverb or after
    names = vnames or rnames or anames
    post = vpost or rpost or apost
    if after and after != "为" and post.startswith(("命为", "命")):
        return None  # 同志任命为 / 同志任命: a longer verb the general path reads first
    if rsep == "同志" and post.startswith("的"):
        return None  # the general path cuts at "同志的", the longest word there, whatever follows
    cpost = cpost or ""  # matched with cont, always (the type does not know)
    if "同志" in post or "同志" in cpost:
        return None  # another "同志" opens another person's clause there, as the general path reads it
    kind = _MORE_VERBS[verb]
    parts: tuple[_Part, ...]
    if cont is None:
        parts = ((kind, post),)
    elif cont == "兼任":
        parts = ((kind, post), (_CONCURRENT, cpost))
    else:
        parts = ((kind, post), (_REMOVED, cpost))
    return _emit(names.split("、"), parts, term, text, raw, line, items, warnings)


def _read_section(
    text: str, raw: str, line: int, items: list[Appointment], warnings: list[str], section: tuple[Action, str]
) -> list[str] | None:
    """ "X为A" under 一、任职, "X的A职务" / "X同志A职务" under 二、免职, as _read_section_part reads them."""
    action, mode = section
    # Every "同志" but the one after the names could be read with a verb after it first.
    if action is _APPOINT:
        match = _SECTION_APPOINT.fullmatch(text)
        if match is None or "同志" in text:
            return None
        names, post, mode = match["names"], match["post"], "为"
    else:
        match = _SECTION_REMOVE.fullmatch(text)
        if match is None or text.count("同志") > (match["sep"] != "的"):
            return None
        names, post = match["names"], match["post"]
        if match["sep"] == "同志" and post.startswith(("的", *_VERB_STARTS)):
            return None  # "同志的" is the longer word, and a verb after 同志 is read as a verb
    return _emit(names.split("、"), (((action, mode, False), post),), None, text, raw, line, items, warnings)


def _emit(
    names: list[str],
    parts: tuple[_Part, ...],
    term: str | None,
    text: str,
    raw: str,
    line: int,
    items: list[Appointment],
    warnings: list[str],
) -> list[str] | None:
    """Append the items of the persons × parts; None when a name or a part is doubtful. The
    caller has refused a clause that decides nothing (NOT_A_DECISION)."""
    for name in names:
        # The general path cuts the name at the first "同志" that a verb follows. The opening
        # words are tested only after a set look-up of the first character, which most names fail.
        if "同" in name or name[0] in _DOUBTFUL_FIRST and name.startswith(_DOUBTFUL_NAME_STARTS):
            return None
    kind, posts = parts[0]
    plans = _PLANS.get(kind) or _plans_of(kind)
    plan = plans.get(posts, _MISSING)
    if plan is _MISSING:
        plan = _plan(plans, kind, posts)
    if plan is None:
        return None
    planned, untitled = plan
    # The items of the first part, then those of the others together (the general path reads a
    # "，试用期…" after the first part into its appointments only). Every part has a post, or the
    # general path decides what to warn.
    groups = [planned]
    if len(parts) > 1:
        rest: list[_PlannedItem] = []
        for kind, posts in parts[1:]:
            plans = _PLANS.get(kind) or _plans_of(kind)
            more = plans.get(posts, _MISSING)
            if more is _MISSING:
                more = _plan(plans, kind, posts)
            if more is None:
                return None
            rest.extend(more[0])
            untitled += more[1]
        groups.append(tuple(rest))
    for post in untitled:
        warnings.append(f"第{line}行：未能识别职务名称「{post}」")
    # Persons first, as the general path makes them: each person × the part's posts, part by part.
    # Each item's fields are set here rather than through Appointment's __init__ (a Python call
    # of twelve arguments, twice the cost): every field is set, and the test comparing this path
    # with the general one (which calls __init__) finds a field left out or set wrong.
    append = items.append
    for index, group in enumerate(groups):
        on_probation = term is not None and index == 0  # "，试用期一年" after the first part
        for name in names:
            for action, post, org, title, probation, concurrent, mode, rank, acting in group:
                item = _new(Appointment)
                item.person = name
                item.action = action
                item.post = post
                item.org = org
                item.title = title
                item.probation = term if on_probation and action is _APPOINT else probation
                item.concurrent = concurrent
                item.raw = raw
                item.mode = mode
                item.rank = rank
                item.line = line
                item.acting = acting
                append(item)
    return names


_new = object.__new__


_Plan = tuple[tuple[_PlannedItem, ...], tuple[str, ...]] | None
# The plans of the parts read so far, cached part by part: a post list recurs throughout an
# archive far more often than the pair of lists of one "任A，免去其B" clause. An archive of ten
# thousand notices holds some 50,000 different parts; a smaller cache forgets them before they
# recur. Dicts looked up in _emit itself rather than an lru_cache: every clause of an archive
# asks them, and the call and the cache's recency list cost more than the look-up. One dict of
# post lists for each kind (a dozen kinds): a look-up in a dict of 50,000 entries is mostly
# waiting for memory (half a microsecond on the development machine), and a string key saves
# the wait for the key tuple that a (kind, post list) key made. Each emptied when full.
_PLANS: dict[_Kind, dict[str, _Plan]] = {}
_PLANS_SIZE = 65536
_MISSING: _Plan = ((), ())  # a plan of its own type that no part has: found by identity


def _plans_of(kind: _Kind) -> dict[str, _Plan]:
    """The dict of plans of a kind not yet in _PLANS."""
    return _PLANS.setdefault(kind, {})


def _plan(plans: dict[str, _Plan], kind: _Kind, posts: str) -> _Plan:
    """_plan_part of a part not in its kind's plans, remembered there."""
    if len(plans) >= _PLANS_SIZE:
        plans.clear()
    action, mode, concurrent = kind
    plan = plans[posts] = _plan_part(action, mode, posts, concurrent)
    return plan


def _plan_part(action: Action, mode: str, text: str, concurrent: bool) -> _Plan:
    """The items of one part and its posts without a known title, or None when it has no post.

    What read_post_list reads, without building its Reading: the posts of the list (cached by
    the list's text) and the facts of each post (cached by the post), which recur far more often
    than the part as written (its verb, its 职务, its notes)."""
    text = text.strip()
    rank = False
    if action is _REMOVE:
        if text.endswith("职级"):
            text, rank = text[:-2], True
        elif text.endswith("职务"):
            text = text[:-2]
        if text.endswith("的"):
            text = text[:-1]
    if (
        "、" not in text
        and (piece := strip_duty_word(text))
        and piece[-1] not in CLOSE
        and "代理" not in piece
    ):
        # One post without notes (most parts): what _parse_posts reads it as, without making and
        # caching its PostNote, which no other part would ask for.
        post = strip_duty_word(piece)
        if not post:
            return None
        org, title, post_rank, titled = post_facts(post)
        return ((action, post, org, title, None, concurrent, mode, rank or post_rank, False),), (
            () if titled else (post,)
        )
    posts = _parse_posts(text)
    if not posts:
        return None
    appoint = action is _APPOINT
    planned: list[_PlannedItem] = []
    untitled: list[str] = []
    for note in posts:
        org, title, post_rank, titled = post_facts(note.post)
        if not titled:
            untitled.append(note.post)
        planned.append(
            (
                action,
                note.post,
                org,
                title,
                note.probation if appoint else None,
                note.concurrent or concurrent,
                mode,
                rank or post_rank,
                note.acting,
            )
        )
    return tuple(planned), tuple(untitled)
