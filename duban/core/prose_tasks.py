"""Task lists written as numbered prose: a 任务分工方案 or 工作要点 without a table.

    一、着力稳定经济增长
    1.加快重点项目建设。全年实施重点项目100个以上。（县发改局牵头，县直各相关单位按职责分工负责）
    2.……；3.……（县财政局、县税务局牵头）

Each numbered item becomes a task; the heading (一、二、) it stands under is its category, and
the note in brackets at its end names who leads and who helps: "A、B牵头，C按职责分工负责",
"牵头单位：A；配合单位：B", "A负责", "责任单位：A、B". An item without such a note is still an
item (its units are empty); a document is read this way only when most of its items carry one,
so that an ordinary numbered body ("1.提高思想认识……") is not taken for a task list.
"""

from __future__ import annotations

import re

from duban.core.model import Paragraph, Task

_HEADING = re.compile(r"^[一二三四五六七八九十]{1,3}[、．.]\s*(?P<text>.+)$")
_SUBHEADING = re.compile(r"^[（(][一二三四五六七八九十]{1,3}[）)]\s*(?P<text>.+)$")
# An item number at the start of a line or after "；": 1. 1、 1． （1） (1) ①.
_ITEM = re.compile(
    r"(?:^|(?<=[；;。]))\s*(?:(?P<n>\d{1,3})\s*[.．、](?!\d)|[（(](?P<m>\d{1,3})[)）]|(?P<c>[①-⑳]))\s*"
)
_NOTE = re.compile(
    r"[（(](?P<note>[^（()）]*(?:牵头|负责|配合|责任单位|协办|参与|责任领导|牵头领导)[^（()）]*)[)）][。；;，,]?\s*$"
)
_CLAUSES = re.compile(r"[，,；;。]")
_UNITS = re.compile(r"[、，,]")  # not 和: 县发展和改革局 is one unit
# "牵头单位：A" / "配合单位：B" / "责任单位：A" / "牵头领导：张三"
_LABELLED = re.compile(
    r"^(?P<label>牵头单位|牵头部门|主办单位|责任单位|责任部门|配合单位|协办单位|参与单位|牵头领导|责任领导|牵头县领导)\s*[：:]\s*(?P<names>.+)$"
)
_LEAD_VERB = re.compile(r"^(?P<names>.+?)(?:牵头负责|牵头|负总责|负责)$")
_HELP_VERB = re.compile(r"^(?P<names>.+?)(?:按职责分工负责|按职责负责|按职能分工负责|配合|协办|参与|协同)$")
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def parse_prose_tasks(paragraphs: list[Paragraph]) -> list[Task]:
    """The numbered items of a prose task list, or [] when the body is not one."""
    tasks: list[Task] = []
    heading = ""
    for paragraph in paragraphs:
        text = paragraph.text.strip()
        head = _HEADING.match(text) or _SUBHEADING.match(text)
        if head and not _ITEM.match(text) and len(head["text"]) <= 40 and not _NOTE.search(text):
            heading = head["text"].rstrip("。；;：:")
            continue
        for seq, item in _items(text):
            tasks.append(_task(seq, item, heading, paragraph.line))
    noted = sum(1 for t in tasks if t.lead_units or t.related_units)
    if len(tasks) < 2 or noted * 2 < len(tasks):
        return []
    return tasks


def _items(text: str) -> list[tuple[int, str]]:
    """(number, text) of each numbered item in a line: "1.…；2.…" gives two."""
    starts = list(_ITEM.finditer(text))
    if not starts or starts[0].start() != 0 and text[: starts[0].start()].strip():
        return []
    items = []
    for k, m in enumerate(starts):
        end = starts[k + 1].start() if k + 1 < len(starts) else len(text)
        body = text[m.end() : end].strip().rstrip("；;")
        seq = int(m["n"] or m["m"]) if m["n"] or m["m"] else _CIRCLED.index(m["c"]) + 1
        if body:
            items.append((seq, body))
    return items


def _task(seq: int, text: str, heading: str, line: int) -> Task:
    leads: list[str] = []
    related: list[str] = []
    leader = ""
    note = _NOTE.search(text)
    if note:
        text = text[: note.start()].rstrip("，,；; ")
        for clause in (c.strip() for c in _CLAUSES.split(note["note"])):
            if not clause:
                continue
            labelled = _LABELLED.match(clause)
            if labelled:
                names = _names(labelled["names"])
                label = labelled["label"]
                if label.endswith("领导"):
                    leader = "、".join(names)
                elif label.startswith(("配合", "协办", "参与")) or (label.startswith("责任") and leads):
                    related.extend(names)
                else:
                    leads.extend(names)
                continue
            helping = _HELP_VERB.match(clause)
            if helping:
                related.extend(_names(helping["names"]))
                continue
            leading = _LEAD_VERB.match(clause)
            if leading:
                (related if leads and clause.endswith("负责") else leads).extend(_names(leading["names"]))
    return Task(
        seq=seq,
        text=text.rstrip("；;"),
        lead_units=list(dict.fromkeys(leads)),
        related_units=[u for u in dict.fromkeys(related) if u not in leads],
        leader=leader,
        category=heading,
        row=line,
    )


def _names(text: str) -> list[str]:
    return [n.strip() for n in _UNITS.split(text) if n.strip()]
