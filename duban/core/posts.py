"""Posts (职务): splitting "区统计局副局长" into its organisation and its title.

The rule, in order:

1. A rank (职级) on its own — 一级主任科员, 四级调研员, 科员 — is ("", rank); so is a bare
   title such as 副局长.
2. Otherwise collect every candidate title the post ends with: the known titles below, plus
   the open patterns "(副)?X长" / "(副)?XX长" (大队长, 站长, 副馆长 …) and "总XX师" / "总XXX师".
3. Keep the candidates whose remaining organisation is *plausible* — it ends like a unit name
   (局, 委, 办, 院, 所, 队, 中心, 会, 社, 公司, 镇, 街道办事处, 政府, 部 …) — and take the
   longest title among them: 区应急管理局专职执法副局长 → (区应急管理局, 专职执法副局长), not
   (区应急管理局专职执法, 副局长); 大队大队长 → (…大队, 大队长), not (…大队大, 队长).
4. If no candidate leaves a plausible organisation, take the longest *known* title that
   leaves a non-empty organisation; failing that the post is all title: ("", post).
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["KNOWN_TITLES", "ends_with_title", "is_rank", "post_facts", "split_post"]


def _words(text: str) -> tuple[str, ...]:
    """Whitespace-separated words: long vocabularies read better as text than as list literals."""
    return tuple(text.split())


# Known titles, kept as words rather than one big regex so the "longest plausible" rule can
# compare them; the open patterns below catch the many "…长" titles not listed here.
KNOWN_TITLES: frozenset[str] = frozenset(
    _words(
        """
    局长 副局长 专职副局长 专职执法副局长 常务副局长
    总工程师 总经济师 总会计师 总农艺师 总统计师 总规划师 总畜牧师 总兽医师 总审计师 总督学 总设计师
    主任 副主任 常务副主任 专职副主任 主任委员 副主任委员 委员 常委 委员长
    院长 副院长 所长 副所长 大队长 副大队长 中队长 副中队长 支队长 副支队长 队长 副队长
    教导员 副教导员 政委 副政委 政治委员 指导员
    部长 副部长 书记 副书记 党组书记 党组副书记 党组成员 党委书记 党委副书记 党委委员
    党工委书记 党工委副书记 党总支书记 党支部书记 纪委书记 纪工委书记 纪检组长 纪检监察组组长
    主席 副主席 理事长 副理事长 监事长 副监事长 会长 副会长 秘书长 副秘书长
    总经理 副总经理 经理 副经理 董事长 副董事长 董事 监事 监事会主席 财务总监
    镇长 副镇长 乡长 副乡长 区长 副区长 县长 副县长 市长 副市长
    处长 副处长 科长 副科长 股长 副股长 站长 副站长 馆长 副馆长 校长 副校长 园长 副园长
    行长 副行长 社长 副社长 团长 厂长 场长 组长 副组长 主编 副主编 指挥长 副指挥长
    检察长 副检察长 庭长 副庭长 审判员 检察员 审计长 主任医师
    """
    )
)

# Every length a known title has: a post is looked up by its suffixes of these lengths rather
# than compared with every title, which dominated the parse time of large archives.
_TITLE_LENGTHS: tuple[int, ...] = tuple(sorted({len(t) for t in KNOWN_TITLES}))

# 职级 (ranks) under the civil-service law: (一至四级)主任科员, (一至四级)调研员, (一二级)巡视员, 科员, 办事员.
_RANK = re.compile(r"^(?:[一二三四]级)?(?:主任科员|调研员|巡视员|科员|办事员)$")

# Open title patterns, anchored at the end of the post, with the lengths of text each can match
# (so only those suffixes are tried).
_OPEN_TITLES = (
    (re.compile(r"副?[\u4e00-\u9fff]{1,2}长$"), (2, 3, 4), "长"),
    (re.compile(r"总[\u4e00-\u9fff]{2,3}师$"), (4, 5), "师"),
)
_RANK_SUFFIX = re.compile(r"(?:[一二三四]级)?(?:主任科员|调研员|巡视员|科员|办事员)$")
_RANK_ENDS = ("科员", "调研员", "巡视员", "办事员")  # how every rank ends: a test before the regexes

# How organisation names end. Longer endings are listed for readability; the short ones
# (会, 处, 司) already cover 委员会, 办事处, 公司.
_ORG_ENDINGS = _words(
    """
    局 委 办 院 所 队 中心 会 社 站 馆 处 司 公司 集团 镇 乡 街道 办事处 政府 府 部 区 室 组 厅 署 庭
    校 园 场 台 团 科 股 盟 联 县 市 省 村 社区 厂 矿 基地 行 店 宫 库 段 监狱 党组 党委 支部 总支
    """
)


# The functions below are pure functions of a string and the same posts recur throughout an
# archive, so their results are cached.
@lru_cache(maxsize=32768)
def is_rank(post: str) -> bool:
    """True when the post's title is a rank (职级) such as 一级主任科员 rather than a position."""
    return bool(_RANK.match(split_post(post)[1]))


@lru_cache(maxsize=32768)
def ends_with_title(post: str) -> bool:
    """True when a known or patterned title (or a rank) ends the post."""
    return (
        bool(_candidates(post))
        or post in KNOWN_TITLES
        or post.endswith(_RANK_ENDS)
        and bool(_RANK.match(post))
    )


@lru_cache(maxsize=32768)
def split_post(post: str) -> tuple[str, str]:
    """Split a post into (organisation, title); see the module docstring for the rule."""
    post = post.strip()
    if not post or post in KNOWN_TITLES or post.endswith(_RANK_ENDS) and _RANK.match(post):
        return "", post
    candidates = _candidates(post)
    plausible = [t for t in candidates if _plausible_org(post[: -len(t)])]
    if len(plausible) > 1:
        # An open title that is a known one with the organisation's last character in front
        # ("局局长" of 农业农村局局长, whose 村 also ends units) cuts the organisation short.
        known = [t for t in plausible if t in KNOWN_TITLES]
        plausible = [t for t in plausible if t in KNOWN_TITLES or not any(t.endswith(k) for k in known)]
    if plausible:
        title = max(plausible, key=len)
        return post[: -len(title)], title
    known = [t for t in candidates if t in KNOWN_TITLES or t.endswith(_RANK_ENDS) and _RANK.match(t)]
    if known:
        title = max(known, key=len)
        return post[: -len(title)], title
    return "", post


@lru_cache(maxsize=65536)
def post_facts(post: str) -> tuple[str, str, bool, bool]:
    """(organisation, title, is_rank, ends_with_title) of a post, in one cached look-up: the
    fast path of appointment clauses asks all four of each new post."""
    if len(post) > _TAIL and not post[0].isspace() and not post[-1].isspace():
        size, rank, titled = _tail_facts(post[-_TAIL:])
        if size:
            return post[:-size], post[-size:], rank, titled
        return "", post, rank, titled
    org, title = split_post(post)
    return org, title, is_rank(post), ends_with_title(post)


# How much of its end the split of a post reads: its longest title (a known one, an open pattern
# or a rank such as 一级主任科员) and the longest unit ending in front of it. Every post longer than
# that splits as any other post with the same end: the facts of such posts are read once per end
# (an archive has half as many ends of this length as posts).
_RANK_LONGEST = 6
_TAIL = max(*_TITLE_LENGTHS, *(n for _, lengths, _ in _OPEN_TITLES for n in lengths), _RANK_LONGEST) + max(
    len(e) for e in _ORG_ENDINGS
)


@lru_cache(maxsize=32768)
def _tail_facts(tail: str) -> tuple[int, bool, bool]:
    """(length of the title or 0, is_rank, ends_with_title) of any post longer than _TAIL that
    ends with tail: read on one such post, a character in front of the tail (which no rule reads,
    as it stands before the longest unit ending in front of the longest title)."""
    post = "\u4e00" + tail
    org, title = split_post.__wrapped__(post)
    return (len(title) if org else 0), bool(_RANK.match(title)), ends_with_title.__wrapped__(post)


# split_post and ends_with_title of one post both need its candidates, one call after the other:
# a small cache serves the second. Callers never change the tuple.
@lru_cache(maxsize=1024)
def _candidates(post: str) -> tuple[str, ...]:
    """Titles the post ends with that leave a non-empty organisation in front."""
    size = len(post)
    found = [post[-n:] for n in _TITLE_LENGTHS if n < size and post[-n:] in KNOWN_TITLES]
    for pattern, lengths, last in _OPEN_TITLES:
        if not post.endswith(last):
            continue  # each pattern ends in one character: most posts are tried against neither
        # Try every suffix the pattern can match so that both 所长 and 所所长 are offered for 管理所所长.
        # The suffixes of the lengths that fit in front of the organisation's, each matched once.
        for n in lengths:
            if n < size:
                suffix = post[-n:]
                if pattern.fullmatch(suffix):
                    found.append(suffix)
    if post.endswith(_RANK_ENDS):
        rank = _RANK_SUFFIX.search(post)
        if rank and rank.start() > 0:
            found.append(rank.group(0))
    return tuple(found)


# The endings by length, for set look-ups: endswith with the whole tuple compares them one by one.
_ORG_ENDS_BY_LENGTH = tuple(
    (n, frozenset(e for e in _ORG_ENDINGS if len(e) == n)) for n in sorted({len(e) for e in _ORG_ENDINGS})
)


def _plausible_org(org: str) -> bool:
    """Whether text looks like the name of a unit (it ends like one)."""
    if len(org) < 2:
        return False
    return any(org[-n:] in endings for n, endings in _ORG_ENDS_BY_LENGTH)
