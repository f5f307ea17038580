"""The clauses of a 任免通知: "X同志任A，免去其B职务；" → one Appointment per person × post × action.

A body line is read in three steps:

1. normalise half-width punctuation to full-width (one character for one, so offsets into the
   line as written stay valid), drop a list number ("1." "（一）" "一、"), and recognise section
   headings ("一、任职" / "二、免职") and prefaces ending in "：" ("经研究，同意：");
2. cut the line into clauses at "；" "。" (outside brackets) and each clause into parts at "，";
3. read each part with the first construction that fits: "任命X为A", "聘任X为A", "免去X同志A职务",
   "解聘X的A职务", "X同志任A" (and 挂职任 / 为 / 兼任 …), "免去其A职务" (其 = the clause's person), a
   trailing "试用期一年", and under a section heading the bare "X为A" / "X的A职务".

A list of posts "A（兼）、B（试用期一年）" is cut at "、"; a bracket at the end of a post is a note
on that post only (兼 → concurrent, 试用期… → probation) and is not part of the post. Persons are
found by trying every cut after two characters where what precedes is a valid name (two to four
Chinese characters, or names joined by "·") and what follows is the expected word (同志, 为, 的 …),
so a 为 or 的 inside a name (李为民) does not end it early.

The few line shapes that make up nearly every notice ("X同志任A；", "X同志任A，免去其B职务；",
"免去X同志B职务；", "经研究，同意：") are read first by one pattern each, with the same result as the
steps above (tests/core/test_appointments_fastpath.py compares both); every other line takes the steps.
"""

from __future__ import annotations

import re
from operator import attrgetter

from duban.core.clauses import (
    NOT_A_DECISION,
    NUMBERING,
    PROBATION,
    PostNote,
    Reading,
    find_top,
    names_of,
    normalise,
    parse_posts,
    read_post_list,
    spans,
    split_described_persons,
    split_persons,
    split_top,
)
from duban.core.direct import _PREFACE, _read_common_clauses, _read_common_line
from duban.core.model import Action, Appointment, Paragraph
from duban.core.posts import ends_with_title, is_rank, split_post

__all__ = ["parse_appointments", "parse_posts", "PostNote"]

# Section headings: the word decides whether bare "X为A" / "X的A职务" lines appoint or remove.
_HEADINGS = {
    "任职": (Action.APPOINT, "任"),
    "任命": (Action.APPOINT, "任命"),
    "聘任": (Action.APPOINT, "聘任"),
    "聘用": (Action.APPOINT, "聘任"),
    "挂职": (Action.APPOINT, "挂职"),
    "免职": (Action.REMOVE, "免去"),
    "免去": (Action.REMOVE, "免去"),
    "免去职务": (Action.REMOVE, "免去"),
    "解聘": (Action.REMOVE, "解聘"),
}
_HEADING = re.compile(
    r"^(?:决定|经研究决定|会议决定|研究决定)?(" + "|".join(sorted(_HEADINGS, key=len, reverse=True)) + r")"
    r"(?:人员|名单|事项|的?同志|以下同志)?$"
)
# A heading of what is only proposed ("拟任职人员", "建议任命名单", "名单（草案）"): the lines
# under it decide nothing, until the next heading.
_PROPOSED_HEADING = re.compile(
    r"^(?:拟|建议|提请)(?:"
    + "|".join(_HEADINGS)
    + r")|名单[（(]?草案[)）]?$|^[^，。；]{0,30}(?:草案|候选人)[^，。；]{0,6}$"
)
_PROPOSED: tuple[Action, str] = (Action.APPOINT, "拟")  # the section of such a heading
# Words of a preface ("经区人民政府研究决定：") or a closing line ("以上同志任职时间…"): never warned about.
_BOILERPLATE = re.compile(
    r"^(?:以上|上述|其中|以下|特此|此复|附件|现将|根据|按照|经)|研究|决定|通知|同意|如下"
)
# What makes an unreadable part worth a warning.
_CLAUSE_HINT = re.compile(r"同志|职务|职级|^任命|^免去|^聘|^解聘|挂职|^免")

# Verbs after "X同志", longest first, with the mode they stand for.
_VERBS_AFTER_NAME: tuple[tuple[str, Action, str, bool], ...] = (
    ("不再担任", Action.REMOVE, "不再担任", False),
    ("被任命为", Action.APPOINT, "任命", False),
    ("被聘任为", Action.APPOINT, "聘任", False),
    ("挂职任", Action.APPOINT, "挂职", False),
    ("任命为", Action.APPOINT, "任命", False),
    ("聘任为", Action.APPOINT, "聘任", False),
    ("免去其", Action.REMOVE, "免去", False),
    ("挂职", Action.APPOINT, "挂职", False),
    ("挂任", Action.APPOINT, "挂职", False),
    ("聘为", Action.APPOINT, "聘任", False),
    ("兼任", Action.APPOINT, "任", True),
    ("担任", Action.APPOINT, "任", False),
    ("代理", Action.APPOINT, "代理", False),
    ("免去", Action.REMOVE, "免去", False),
    ("任", Action.APPOINT, "任", False),
    ("为", Action.APPOINT, "为", False),
)
# The same verbs where a name is written without 同志 ("张三被任命为…"): only the unmistakable ones.
_BARE_AFTER_NAME = {"被任命为": _VERBS_AFTER_NAME[1], "被聘任为": _VERBS_AFTER_NAME[2]}
# Verbs before the name: "任命X为A", "免去X同志A职务" — the words allowed between name and post.
_VERBS_BEFORE_NAME: tuple[tuple[str, Action, str, tuple[str, ...]], ...] = (
    ("任命", Action.APPOINT, "任命", ("同志为", "为")),
    ("聘任", Action.APPOINT, "聘任", ("同志为", "为")),
    ("聘用", Action.APPOINT, "聘任", ("同志为", "为")),
    ("免去", Action.REMOVE, "免去", ("同志的", "同志", "的", " ")),
    ("免除", Action.REMOVE, "免除", ("同志的", "同志", "的", " ")),
    ("解聘", Action.REMOVE, "解聘", ("同志的", "同志", "的", " ")),
    ("决定", Action.APPOINT, "决定", ("同志为", "为")),  # 决定张三为代理县长
)
# "决定任命…", "会议决定免去…": the verb after 决定 is the verb of the part.
_DECIDED = re.compile(r"^[\u4e00-\u9fff]{0,12}?决定(?=任命|聘任|聘用|免去|免除|解聘|接受|同意)")
# "接受张三辞去县财政局局长职务（的请求）": a removal.
_RESIGNATION = re.compile(
    r"^(?:接受|同意)(?P<names>.+?)辞去(?P<posts>.+?)(?:职务)?(?:的请求|的申请|请求|申请)?$"
)
# Continuations that refer back to the clause's person: "，免去其B职务" / "，兼任B".
_PRONOUN_VERBS: tuple[tuple[str, Action, str, bool], ...] = (
    ("决定其为", Action.APPOINT, "决定", False),
    ("任命其为", Action.APPOINT, "任命", False),
    ("免去其", Action.REMOVE, "免去", False),
    ("解聘其", Action.REMOVE, "解聘", False),
    ("兼任", Action.APPOINT, "任", True),
    ("挂职任", Action.APPOINT, "挂职", False),
    ("任", Action.APPOINT, "任", False),
)
# The delimiters after the name of "X同志任A" and its kin, built once rather than for every part.
_AFTER_NAME_DELIMITERS = tuple("同志" + v for v, *_ in _VERBS_AFTER_NAME)
_VERB_OF_DELIMITER = {"同志" + v[0]: v for v in reversed(_VERBS_AFTER_NAME)}
_PRONOUN_REFERENCES = tuple(v for v in _PRONOUN_VERBS if "其" in v[0])
_PRONOUN_CONTINUATIONS = tuple(v for v in _PRONOUN_VERBS if "其" not in v[0])
_CONNECTIVE = re.compile(r"^(?:同时|并且|并|另)")
_CONNECTIVE_STARTS = ("同时", "并", "另")  # cheap test before the regex
_IGNORED_PARTS = re.compile(r"^(?:另有任用|另有安排|退休|到龄退休|辞职|调离)$")


def parse_appointments(paragraphs: list[Paragraph]) -> tuple[list[Appointment], list[str]]:
    """Read the body lines of one 任免通知 into Appointments (document order) and warnings."""
    items: list[Appointment] = []
    warnings: list[str] = []
    section: tuple[Action, str] | None = None
    persons: list[str] = []  # the last person(s) named, for a clause opening with "免去其"
    for paragraph in paragraphs:
        if paragraph.text.endswith("：") and _PREFACE.fullmatch(paragraph.text):
            continue  # "经研究，同意：" reads as nothing and changes neither section nor persons
        common = None
        if section != _PROPOSED:
            common = _read_common_line(paragraph, items, warnings)
            if common is None:
                common = _read_common_clauses(paragraph, items, warnings, section)
        if common is not None:
            persons = common
            continue
        key = (paragraph.text, section, not persons)
        known = _READ_AS_NOTHING.get(key, _UNKNOWN)
        if known is not _UNKNOWN:
            section = known  # type: ignore[assignment]
            continue
        read = len(items), len(warnings)
        section_after, persons = _read_line(paragraph, section, persons, items, warnings)
        if read == (len(items), len(warnings)):
            if len(_READ_AS_NOTHING) >= _READ_AS_NOTHING_SIZE:
                _READ_AS_NOTHING.clear()
            _READ_AS_NOTHING[key] = section_after
        section = section_after
    return unique(items), warnings


# Lines the general path reads as nothing (no item, no warning), with the section after them:
# "特此通知。", the headings "一、任职" / "（二）免职". Nearly every notice has some, and each cost
# the whole general path. Such a reading depends on the line's text, the section before it and
# whether a person is named before it ("其" refers back to them): the persons only matter when
# items are made for them, and then the line is not cached. Bounded: emptied when full.
_READ_AS_NOTHING: dict[tuple[str, tuple[Action, str] | None, bool], tuple[Action, str] | None] = {}
_READ_AS_NOTHING_SIZE = 8192
_UNKNOWN = object()


# What makes two items one decision; attrgetter builds the tuples in C, for every item of an archive.
_KEY = attrgetter("person", "action", "post", "concurrent", "acting")


def unique(items: list[Appointment]) -> list[Appointment]:
    """The items without repeats: a decision stated twice in one text (a headline and its
    paragraph, a summary and the list) is one decision."""
    if len(set(map(_KEY, items))) == len(items):
        return items  # the usual case: one pass, no copy
    seen: set[tuple[str, Action, str, bool, bool]] = set()
    out = []
    for item in items:
        key = _KEY(item)
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


# --- lines and clauses -----------------------------------------------------------------------


def _read_line(
    paragraph: Paragraph,
    section: tuple[Action, str] | None,
    persons: list[str],
    items: list[Appointment],
    warnings: list[str],
) -> tuple[tuple[Action, str] | None, list[str]]:
    """Read one body line, appending to items/warnings; return the section and last persons."""
    original = paragraph.text
    text = normalise(original)
    numbering = NUMBERING.match(text)
    start = numbering.end() if numbering else 0
    heading = _heading(text[start:])
    if heading:
        return heading, persons
    if _PROPOSED_HEADING.search(text[start:].rstrip("：:。；")):
        return _PROPOSED, persons
    colon = find_top(text, "：", start)
    if colon >= 0:
        head = text[start:colon]
        heading = _heading(head)
        if heading or _BOILERPLATE.search(head):
            section = heading or section
            start = colon + 1
    if section == _PROPOSED:
        return section, persons  # under "拟任职人员": nothing is decided
    end = len(text.rstrip())
    if text[start:end].endswith("."):
        end -= 1  # a half-width full stop ends the line ("1." numbering is already cut off)
    carried: tuple[Action, str] | None = None  # "决定任命A为X；B为Y": the verb goes on in the line
    for clause_start, clause_end in spans(text, start, end, "；。"):
        clause = text[clause_start:clause_end].strip()
        if not clause:
            continue
        raw = original[clause_start:clause_end].strip()
        persons, carried = _read_clause(
            clause, raw, paragraph.line, section, persons, items, warnings, carried
        )
    return section, persons


def _read_clause(
    clause: str,
    raw: str,
    line: int,
    section: tuple[Action, str] | None,
    persons: list[str],
    items: list[Appointment],
    warnings: list[str],
    carried: tuple[Action, str] | None = None,
) -> tuple[list[str], tuple[Action, str] | None]:
    """Read the "，"-separated parts of one clause; return the persons it was about and the verb
    that carries on ("任命A为X，B为Y": the 任命 of A's part)."""
    last: list[Appointment] = []  # the items of the previous part, for a following "试用期一年"
    parts = [p.strip() for p in split_top(clause, "，")]
    for index, part in enumerate(p for p in parts if p):
        probation = PROBATION.match(part)
        if probation and last:
            for item in last:
                if item.action is Action.APPOINT:
                    item.probation = probation.group(1).strip()
            continue
        if NOT_A_DECISION.search(part):
            carried = None
            continue  # a proposal, an election, a biography: nothing decided here
        reading = _read_part(part, section, persons, continuation=index > 0, carried=carried)
        if reading is not None:
            carried = (reading.action, reading.mode) if reading.verb_first else carried
        if reading is None:
            if _IGNORED_PARTS.match(part) or _BOILERPLATE.search(part):
                continue
            if _CLAUSE_HINT.search(part) or section is not None:
                warnings.append(f"第{line}行：无法识别的任免条款「{part}」")
            continue
        if not reading.persons:
            warnings.append(f"第{line}行：「{part}」中的“其”指代不明")
            continue
        persons = reading.persons
        for post in reading.posts:
            if not ends_with_title(post.post):
                warnings.append(f"第{line}行：未能识别职务名称「{post.post}」")
        last = [
            _appointment(reading, person, post, raw, line) for person in persons for post in reading.posts
        ]
        items.extend(last)
    return persons, carried


def _read_part(
    part: str,
    section: tuple[Action, str] | None,
    persons: list[str],
    *,
    continuation: bool,
    carried: tuple[Action, str] | None = None,
) -> Reading | None:
    """The first construction that reads the part, or None."""
    # "同时免去其…", "并兼任…"
    bare = _CONNECTIVE.sub("", part, count=1) if part.startswith(_CONNECTIVE_STARTS) else part
    if "决定" in bare:
        bare = part = _DECIDED.sub("", bare, count=1)  # "会议决定任命…": the verb follows 决定
    for verb, action, mode, concurrent in _PRONOUN_REFERENCES:
        # "免去其" always refers back (even across clauses); it is read before "免去X" would
        # take "其区" for a name.
        if bare.startswith(verb):
            return read_post_list(list(persons), action, mode, bare[len(verb) :], concurrent)
    if "辞去" in part and (resigned := _resignation(part)) is not None:
        return resigned
    for verb, action, mode, delimiters in _VERBS_BEFORE_NAME:
        if part.startswith(verb):
            rest = part[len(verb) :]
            # "任命[current post]张三为…": a descriptor before the name.
            found = split_persons(rest, delimiters) or split_described_persons(rest, delimiters)
            reading = read_post_list(found[0], action, mode, found[2], False) if found else None
            if reading:
                reading.verb_first = True
                return reading
    found = split_persons(part, _AFTER_NAME_DELIMITERS)
    if found:
        names, delimiter, rest = found
        verb, action, mode, concurrent = _VERB_OF_DELIMITER[delimiter]
        return read_post_list(names, action, mode, rest, concurrent)
    if "被" in part and (found := split_persons(part, tuple(_BARE_AFTER_NAME))):
        names, delimiter, rest = found
        _, action, mode, concurrent = _BARE_AFTER_NAME[delimiter]
        return read_post_list(names, action, mode, rest, concurrent)
    if continuation and persons:
        # A plain "，兼任B" only continues a clause already begun: at the start of a clause
        # "任志强同志…" is a name, not the verb 任.
        for verb, action, mode, concurrent in _PRONOUN_CONTINUATIONS:
            if bare.startswith(verb):
                return read_post_list(list(persons), action, mode, bare[len(verb) :], concurrent)
    if carried is not None and (shared := _read_section_part(part, carried)) is not None:
        shared.mode = carried[1]  # "任命A为X，B为Y": B is appointed by the same 任命
        return shared
    if section is not None:
        return _read_section_part(part, section)
    return None


def _resignation(part: str) -> Reading | None:
    """ "接受张三辞去县财政局局长职务的请求" → the removal of 张三 from that post."""
    m = _RESIGNATION.match(part)
    if m is None:
        return None
    names = names_of(m["names"])
    if names is None:
        return None
    return read_post_list(names, Action.REMOVE, "辞去", m["posts"], False)


def _read_section_part(part: str, section: tuple[Action, str]) -> Reading | None:
    """Under "一、任职": "X为A" / "X任A"; under "二、免职": "X的A职务" / "X同志A职务"."""
    action, mode = section
    if action is Action.APPOINT:
        found = split_persons(part, ("同志为", "同志任", "为", "任"))
        if found:
            names, delimiter, rest = found
            return read_post_list(names, action, delimiter[-1], rest, False)
        return None
    found = split_persons(part, ("同志的", "同志", "的", " "))
    if found:
        names, _, rest = found
        return read_post_list(names, action, mode, rest, False)
    return None


def _appointment(reading: Reading, person: str, note: PostNote, raw: str, line: int) -> Appointment:
    """Build one Appointment of a reading."""
    org, title = split_post(note.post)
    return Appointment(
        person=person,
        action=reading.action,
        post=note.post,
        org=org,
        title=title,
        probation=note.probation if reading.action is Action.APPOINT else None,
        concurrent=note.concurrent or reading.concurrent,
        raw=raw,
        mode=reading.mode,
        rank=reading.rank or is_rank(note.post),
        line=line,
        acting=note.acting or reading.mode == "代理",  # "X同志代理县长职务"
    )


def _heading(text: str) -> tuple[Action, str] | None:
    """The section of a heading line ("任职", "二、免职："), or None."""
    match = _HEADING.match(text.strip().rstrip("：。；").strip())
    return _HEADINGS[match.group(1)] if match else None
