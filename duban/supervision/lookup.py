"""Finding the round or list a user names on the command line."""

from __future__ import annotations

from duban.commands import UserError
from duban.supervision.models import Round, TaskList


def one_round(ref: str) -> Round:
    """A round by its number (as `duban round list` shows it)."""
    if not (ref.isascii() and ref.isdigit()):
        raise UserError(f"轮次编号“{ref}”无效，请用 duban round list 查看编号", f"bad round id {ref!r}")
    rnd = Round.objects.select_related("task_list", "document").filter(pk=int(ref)).first()
    if rnd is None:
        raise UserError(f"没有编号为{ref}的调度轮次，请用 duban round list 查看", f"no round {ref}")
    return rnd


def one_list(ref: str) -> TaskList:
    """A task list by number or by exact title."""
    by_id = ref.isascii() and ref.isdigit()
    found = TaskList.objects.filter(pk=int(ref)) if by_id else TaskList.objects.filter(title=ref)
    task_list = found.first()
    if task_list is None:
        raise UserError(f"没有找到任务清单“{ref}”", f"no task list {ref!r}")
    return task_list
