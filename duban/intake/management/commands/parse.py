"""`duban parse FILE... [--json]`: what the core finds in documents, without storing anything."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.core.management.base import CommandParser

from duban.cli.base import DubanCommand, UserError
from duban.core.lint import lint_all
from duban.core.model import Action, Kind, ParsedDocument
from duban.core.parse import parse_file

KIND_LABELS = {
    Kind.APPOINTMENT: "任免通知",
    Kind.BULLETIN: "督查通报",
    Kind.TASK_DECOMPOSITION: "任务分解",
    Kind.OTHER: "其他公文",
}


class Command(DubanCommand):
    help = "解析公文文件（.txt/.docx/.xlsx）并输出识别结果，不写入数据库"
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("files", nargs="+", metavar="FILE")

    def handle(self, *args: Any, **options: Any) -> None:
        documents: list[ParsedDocument] = []
        for name in options["files"]:
            documents.extend(parse_file(name))
        lint_all(documents)
        if not documents:
            raise UserError("没有找到公文", "no documents")
        if options["json"]:
            self.emit_json({"documents": [d.to_json() for d in documents]})
            return
        for doc in documents:
            self.stdout.write(summary(doc))


def summary(doc: ParsedDocument) -> str:
    """A readable Chinese summary of one parsed document."""
    lines = [f"【{doc.number or '无文号'}】{KIND_LABELS[doc.kind]}  {doc.issuer}  {doc.date or '未注明日期'}"]
    lines.append(f"  标题：{doc.title or '（无）'}")
    if doc.recipients:
        lines.append(f"  主送：{'、'.join(doc.recipients)}")
    if doc.attachments:
        lines.append(f"  附件：{'；'.join(doc.attachments)}")
    if doc.appointments:
        acts = Counter(a.action for a in doc.appointments)
        people = len({a.person for a in doc.appointments})
        probation = sum(1 for a in doc.appointments if a.probation)
        lines.append(
            f"  任免事项{len(doc.appointments)}条（涉及{people}人）：任职{acts[Action.APPOINT]}条，"
            f"免职{acts[Action.REMOVE]}条；试用期{probation}人；兼任{sum(a.concurrent for a in doc.appointments)}条"
        )
        for a in doc.appointments:
            notes = "".join(
                [f"（试用期{a.probation}）" if a.probation else "", "（兼）" if a.concurrent else ""]
            )
            verb = "任" if a.action == Action.APPOINT else "免去"
            lines.append(f"    {a.person} {verb} {a.post}{notes}")
    if doc.tasks:
        c = Counter(t.status.task_label if t.status else "未标注" for t in doc.tasks)
        lines.append(f"  目标任务{len(doc.tasks)}项：" + "，".join(f"{k}{v}项" for k, v in c.items()))
        lagging = [t for t in doc.tasks if t.status and t.status.value == "lagging"]
        for t in lagging:
            lines.append(f"    滞后 第{t.seq}项 {'、'.join(t.lead_units)}：{t.text[:40]}")
    if doc.indicators:
        cat = Counter(i.category for i in doc.indicators)
        ev = Counter(i.evaluation.indicator_label if i.evaluation else "未评价" for i in doc.indicators)
        lines.append(
            f"  民生实事指标{len(doc.indicators)}项（"
            + "，".join(f"{k}{v}项" for k, v in cat.items())
            + "）："
            + "，".join(f"{k}{v}项" for k, v in ev.items())
        )
    if doc.measures:
        lines.append(f"  激励措施{len(doc.measures)}条")
        for m in doc.measures:
            lines.append(f"    {m.seq}. 牵头：{m.lead_unit}；配合：{'、'.join(m.related_units)}")
    for s in doc.stated_counts:
        parts = "，".join(f"{_STATUS_WORDS.get(k, k)}{v}" for k, v in s.counts.items())
        lines.append(f"  文中统计：{s.total}{s.unit}{s.subject}（{parts}）")
    for w in doc.warnings:
        lines.append(f"  提示：{w}")
    return "\n".join(lines) + "\n"


_STATUS_WORDS = {"completed": "已完成", "on_schedule": "按时序推进", "lagging": "滞后"}
