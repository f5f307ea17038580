"""Drafting a 任免通知 from a list of changes (the `duban notice draft FILE` command).

The changes come from a CSV or YAML file with the columns 姓名,动作,职务,试用期,兼任 (or
person,action,post,probation,concurrent); the draft follows the conventions of the district's
own notices: appointment lines first, one per person, with that person's removals appended as
"，免去其B职务"; then one line per person who is only removed; every line ends "；" but the last "。".

The draft comes as text (`draft_notice`) or as a Word 公文 in the layout of the sample's notices
(`notice_doc` → `write_notice_docx`): 版头, "关于X等同志职务任免的通知", 主送 (`default_recipients`
writes the sample's list, with the park's 管委会 when there is one), "经研究，同意：", the items,
署名 and 成文日期 — the date the office gives, or a blank to fill in.
"""

from __future__ import annotations

import csv
import datetime
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, BinaryIO

import yaml

from duban.core.errors import ParseError
from duban.core.model import Action, Appointment
from duban.core.posts import is_rank, split_post
from duban.core.render.spec import DocKind, OfficialDoc, Para, date_text

__all__ = [
    "default_recipients",
    "draft_notice",
    "load_changes",
    "notice_doc",
    "notice_title",
    "render_body_lines",
    "write_notice_docx",
]

AGREED = "经研究，同意："

# Column names → field; Chinese and English headers are both accepted.
_COLUMNS = {
    "姓名": "person",
    "person": "person",
    "动作": "action",
    "action": "action",
    "职务": "post",
    "post": "post",
    "试用期": "probation",
    "probation": "probation",
    "兼任": "concurrent",
    "concurrent": "concurrent",
}
_REQUIRED = ("person", "action", "post")
_ACTIONS = {
    "任": Action.APPOINT,
    "任职": Action.APPOINT,
    "任命": Action.APPOINT,
    "appoint": Action.APPOINT,
    "免": Action.REMOVE,
    "免去": Action.REMOVE,
    "免职": Action.REMOVE,
    "remove": Action.REMOVE,
}
_TRUE = {"是", "兼", "兼任", "y", "yes", "true", "1", "√", "✓"}
_FALSE = {"", "否", "n", "no", "false", "0"}


def load_changes(path: str) -> list[Appointment]:
    """Read the changes of a notice from a .csv or .yaml/.yml file."""
    file = Path(path)
    suffix = file.suffix.lower()
    if suffix not in (".csv", ".yaml", ".yml"):
        raise ParseError(
            "任免名单须为 CSV 或 YAML 文件",
            english=f"unsupported changes file type {suffix!r}",
            path=path,
        )
    try:
        text = file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise ParseError(
            "无法读取任免名单文件", english=f"cannot read changes file: {error}", path=path
        ) from error
    rows = _csv_rows(text, path) if suffix == ".csv" else _yaml_rows(text, path)
    changes = [_change(row, number, path) for number, row in rows]
    if not changes:
        raise ParseError("任免名单为空", english="no changes in file", path=path)
    return changes


def draft_notice(
    changes: list[Appointment],
    *,
    issuer: str,
    number: str | None,
    date: datetime.date | None,
    recipients: str,
) -> str:
    """The text of a 任免通知: 文号, issuer, title, recipients, body, signature and date."""
    lines = render_body_lines(changes)
    recipients = recipients.strip().rstrip(":：")
    head = [number, ""] if number else []
    parts = [
        *head,
        issuer,
        notice_title(changes),
        "",
        f"{recipients}：",
        AGREED,
        *lines,
        "",
        "",
        issuer,
        date_text(date),
    ]
    return "\n".join(parts) + "\n"


def notice_title(changes: list[Appointment]) -> str:
    """关于X等同志职务任免的通知, X the first person of the body ("等" only when there are several)."""
    first = _first_person(changes)
    several = len({c.person for c in changes}) > 1
    return f"关于{first}等同志职务任免的通知" if several else f"关于{first}同志职务任免的通知"


def default_recipients(parks: Sequence[str] = (), level: str = "区") -> str:
    """The 主送 of the sample's notices: towns and sub-districts, the parks' 管委会, the departments.

    "各镇人民政府、街道办事处，绿色化工高新区管委会，区直及驻区各单位" for parks=["绿色化工高新区"];
    a name already ending in 管委会 is kept as it is.
    """
    committees = [p if p.endswith(("管委会", "管理委员会")) else f"{p}管委会" for p in parks if p.strip()]
    return "，".join(["各镇人民政府、街道办事处", *committees, f"{level}直及驻{level}各单位"])


def notice_doc(
    changes: list[Appointment],
    *,
    issuer: str,
    number: str | None,
    date: datetime.date | None,
    recipients: str,
    copy_to: Sequence[str] = (),
    printer: str = "",
    print_date: datetime.date | None = None,
) -> OfficialDoc:
    """The 任免通知 as an OfficialDoc for the GB/T 9704 renderer (`render.docx.render_docx`)."""
    return OfficialDoc(
        number=number or "",
        issuer=issuer,
        title=notice_title(changes),
        recipients=recipients,
        body=[Para(AGREED), *(Para(line) for line in render_body_lines(changes))],
        attachments=[],
        signature=issuer,
        date=date,
        kind=DocKind.APPOINTMENT,
        copy_to=list(copy_to),
        printer=printer,
        print_date=print_date,
    )


def write_notice_docx(changes: list[Appointment], out: str | Path | BinaryIO, **frame: Any) -> None:
    """Write the 任免通知 as a Word 公文; `frame` takes `notice_doc`'s keyword arguments."""
    from duban.core.render.docx import render_docx  # deferred: python-docx only when writing Word

    render_docx(notice_doc(changes, **frame), out)


def render_body_lines(changes: list[Appointment]) -> list[str]:
    """The 任免 lines of a notice: appointments (with the person's removals), then removals."""
    if not changes:
        raise ParseError("没有任免事项，无法起草通知", english="no changes to draft")
    order: list[str] = []
    appointed: dict[str, list[Appointment]] = {}
    removed: dict[str, list[Appointment]] = {}
    for change in changes:
        if change.person not in order:
            order.append(change.person)
        target = appointed if change.action is Action.APPOINT else removed
        target.setdefault(change.person, []).append(change)
    lines = []
    for person in order:
        if person in appointed:
            line = f"{person}同志任" + "、".join(_post_text(c) for c in appointed[person])
            if person in removed:
                line += "，免去其" + "、".join(_post_text(c) for c in removed[person]) + "职务"
            lines.append(line)
    for person in order:
        if person in removed and person not in appointed:
            lines.append(f"免去{person}同志" + "、".join(_post_text(c) for c in removed[person]) + "职务")
    return [line + ("。" if index == len(lines) - 1 else "；") for index, line in enumerate(lines)]


def _first_person(changes: list[Appointment]) -> str:
    """The person named in the title: the first of the body (appointments come first)."""
    for change in changes:
        if change.action is Action.APPOINT:
            return change.person
    return changes[0].person


def _post_text(change: Appointment) -> str:
    """A post with its notes as the notices write them: "…局长（兼）" / "…局长（试用期一年）"."""
    text = change.post
    if change.concurrent:
        text += "（兼）"
    if change.probation and change.action is Action.APPOINT:
        text += f"（试用期{change.probation}）"
    return text


# --- reading the file ----------------------------------------------------------------------


def _csv_rows(text: str, path: str) -> list[tuple[int, dict[str, Any]]]:
    """CSV rows as mappings, numbered as a spreadsheet shows them (the header is row 1)."""
    reader = csv.reader(text.splitlines())
    try:
        header = next(reader)
    except StopIteration:
        raise ParseError("任免名单为空", english="empty CSV file", path=path) from None
    fields = [_field(h) for h in header]
    missing = [f for f in _REQUIRED if f not in fields]
    if missing:
        raise ParseError(
            "任免名单缺少列："
            + "、".join(_CHINESE_COLUMN[f] for f in missing)
            + "（表头应为 姓名,动作,职务,试用期,兼任）",
            english=f"missing columns: {', '.join(missing)}",
            path=path,
            row=1,
        )
    rows = []
    for number, values in enumerate(reader, start=2):
        if not any(v.strip() for v in values):
            continue  # blank lines between groups are harmless
        row = {f: v for f, v in zip(fields, values, strict=False) if f}
        rows.append((number, row))
    return rows


def _yaml_rows(text: str, path: str) -> list[tuple[int, dict[str, Any]]]:
    """YAML list items as mappings, numbered from 1."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise ParseError("任免名单 YAML 格式有误", english=f"invalid YAML: {error}", path=path) from error
    if not isinstance(data, list):
        raise ParseError(
            "任免名单应为列表（每项含 姓名、动作、职务）", english="YAML root is not a list", path=path
        )
    rows = []
    for number, item in enumerate(data, start=1):
        if not isinstance(item, Mapping):
            raise ParseError(
                "任免名单的每一项应含 姓名、动作、职务",
                english="YAML item is not a mapping",
                path=path,
                row=number,
            )
        row = {field: value for key, value in item.items() if (field := _field(key))}
        rows.append((number, row))
    return rows


def _field(header: Any) -> str | None:
    """The field a column header names (姓名 / person …), or None for other columns."""
    return _COLUMNS.get(str(header).strip().lower())


_CHINESE_COLUMN = {
    "person": "姓名",
    "action": "动作",
    "post": "职务",
    "probation": "试用期",
    "concurrent": "兼任",
}


def _change(row: Mapping[str, Any], number: int, path: str) -> Appointment:
    """One row as an Appointment; a ParseError names the row when it cannot be one."""

    def fail(message: str, english: str) -> ParseError:
        return ParseError(message, english=english, path=path, row=number)

    person = _text(row.get("person")).removesuffix("同志").strip()
    post = _text(row.get("post")).removesuffix("职务").strip()
    action_text = _text(row.get("action"))
    if not person:
        raise fail("姓名为空", "empty person")
    if not post:
        raise fail("职务为空", "empty post")
    action = _ACTIONS.get(action_text.lower())
    if action is None:
        raise fail(f"动作「{action_text}」无法识别，应为“任”或“免”", f"unknown action {action_text!r}")
    probation = _text(row.get("probation")).removeprefix("试用期").removeprefix("为").strip() or None
    if probation and action is Action.REMOVE:
        raise fail("免职事项不应填写试用期", "probation on a removal")
    concurrent_value = row.get("concurrent")
    if isinstance(concurrent_value, bool):
        concurrent = concurrent_value
    else:
        flag = _text(concurrent_value).lower()
        if flag not in _TRUE | _FALSE:
            raise fail(f"兼任「{flag}」无法识别，应为“是”或留空", f"unknown concurrent flag {flag!r}")
        concurrent = flag in _TRUE
    org, title = split_post(post)
    return Appointment(
        person=person,
        action=action,
        post=post,
        org=org,
        title=title,
        probation=probation,
        concurrent=concurrent,
        mode="任" if action is Action.APPOINT else "免去",
        rank=is_rank(post),
    )


def _text(value: Any) -> str:
    """A cell value as stripped text (YAML may give numbers or None)."""
    return "" if value is None else str(value).strip()
