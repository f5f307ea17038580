"""The 任务分解 notice of a list: the office issues the list to the units as a Word document."""

from __future__ import annotations

from django.utils import timezone

from duban.core.render.spec import Annex, AnnexTable, HeaderCell, OfficialDoc, Para
from duban.supervision.choices import Duty, ListKind
from duban.supervision.models import TaskList


def decomposition_notice(task_list: TaskList) -> OfficialDoc:
    """The list's items with their lead and related units, as the annex of a notice to the units."""
    items = task_list.items.open().order_by("order").prefetch_related("units__unit", "units__group")
    rows = []
    for item in items:
        links = list(item.units.all())
        lead = "、".join(link.as_written for link in links if link.duty == Duty.LEAD)
        related = "、".join(link.as_written for link in links if link.duty == Duty.RELATED)
        rows.append([str(item.seq), item.text, lead, related])
    table = AnnexTable(
        header=[
            [HeaderCell("序号"), HeaderCell("目标任务"), HeaderCell("牵头单位"), HeaderCell("相关责任单位")]
        ],
        rows=rows,
        col_widths_mm=[15, 120, 45, 45],
    )
    kind = ListKind(task_list.kind).label
    office = (
        f"{task_list.region.city}{task_list.region.county}人民政府办公室" if task_list.region.county else ""
    )
    return OfficialDoc(
        number="",
        issuer=office,
        title=f"关于印发《{task_list.title}》的通知",
        recipients="各有关单位",
        body=[
            Para(
                f"现将《{task_list.title}》印发给你们，共{len(rows)}项{kind}，请各牵头单位会同相关责任单位"
                "认真抓好落实，按月报送进展情况。"
            )
        ],
        attachments=[task_list.title],
        signature=office,
        date=timezone.localdate(),
        annexes=[Annex(label="附件", title=task_list.title, table=table)],
    )
