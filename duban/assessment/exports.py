"""The assessment as files: an Excel workbook (ranking and breakdown sheets) and a Word 通报 with the
results as its 附件, both through the core's renderers (GB/T 9704 layout, cells written as text)."""

from __future__ import annotations

import io
from decimal import Decimal

from duban.assessment.choices import Measure
from duban.assessment.scoring import Assessment, MeasureScore
from duban.core.model import decimal_str
from duban.core.render.spec import Annex, AnnexTable, Block, DocKind, HeaderCell, OfficialDoc, Para

RANKING_WIDTHS = [14.0, 50.0, 20.0] + [23.0] * len(Measure)
BREAKDOWN_WIDTHS = [34.0, 30.0, 12.0, 50.0, 24.0, 24.0, 37.0, 14.0]


def points_text(value: Decimal) -> str:
    """A signed number of points without trailing zeros: "+2", "-0.5", "0"."""
    text = decimal_str(value.normalize() if value else Decimal(0))
    return f"+{text}" if value > 0 else text


def rule_text(measure: Measure, weight: Decimal, cap: Decimal | None) -> str:
    """One measure of the rule in words: "事项完成每项+2分，最多20分"."""
    text = f"{measure.label}每{measure.counted_in}{points_text(weight)}分"
    if cap is not None:
        text += f"，最多{'加' if weight >= 0 else '扣'}{decimal_str(cap.normalize())}分"
    return text


def rule_lines(result: Assessment) -> list[str]:
    """The rule as the files print it beside the scores."""
    rule = result.rule
    parts = [rule_text(m, rule.weight(m), rule.cap(m)) for m in Measure]
    return [
        f"考核规则：基础分{decimal_str(rule.base.normalize())}分；" + "；".join(parts) + "。",
        "只计结果，不计登录、点击、在线时长等活动；共同牵头的事项，每个牵头单位各计一次；"
        "相关责任单位不计分。",
        f"计分轮次：{'、'.join(result.rounds) or '（本年度尚无已截止的轮次）'}。",
    ]


def measure_cell(ms: MeasureScore) -> str:
    """A measure in the ranking: occurrences and the points they gave ("3次/-1.5")."""
    mark = "（封顶）" if ms.capped else ""
    return f"{ms.count}{ms.measure.counted_in}/{points_text(ms.points)}{mark}"


def title_of(result: Assessment) -> str:
    return f"{result.year}年度目标责任考核结果"


def ranking_annex(result: Assessment, label: str = "附件1") -> Annex:
    """名次, 单位, 得分 and each measure's occurrences and points; the rule in the notes."""
    header = [
        [HeaderCell("名次"), HeaderCell("单位"), HeaderCell("得分")]
        + [HeaderCell(f"{m.label}（{points_text(result.rule.weight(m))}分/{m.counted_in}）") for m in Measure]
    ]
    rows = [
        [str(u.rank), u.unit, decimal_str(u.score.normalize())] + [measure_cell(ms) for ms in u.measures]
        for u in result.units
    ]
    table = AnnexTable(header=header, rows=rows, col_widths_mm=RANKING_WIDTHS)
    return Annex(
        label=label, title=title_of(result), table=table, notes=["注：" + " ".join(rule_lines(result))]
    )


def breakdown_annex(result: Assessment, label: str = "附件2") -> Annex:
    """Every counted occurrence, by unit and item: so a unit sees why it has its score."""
    header = [[HeaderCell(c) for c in ("单位", "清单", "序号", "事项", "轮次", "计分项", "情况", "分值")]]
    rows: list[list[str]] = []
    merges: list[tuple[int, int, int, int]] = []
    for unit in result.units:
        start = len(rows)
        weights = {m: result.rule.weight(m) for m in Measure}
        for item in unit.items:
            text = item.text if not item.co_leads else f"{item.text}（与{'、'.join(item.co_leads)}共同牵头）"
            if not item.occurrences:
                rows.append(
                    [
                        unit.unit,
                        item.list_title,
                        str(item.seq),
                        text,
                        "",
                        "",
                        f"无计分情况（{item.last_status or '—'}）",
                        "",
                    ]
                )
            first = len(rows)
            for o in item.occurrences:
                points = points_text(weights[o.measure] * o.times)
                rows.append(
                    [
                        unit.unit,
                        item.list_title,
                        str(item.seq),
                        text,
                        o.period,
                        o.measure.label,
                        o.detail,
                        points,
                    ]
                )
            if len(rows) - first > 1:  # the item once beside its occurrences, as the bulletin's annexes merge
                merges += [(first, c, len(rows) - 1, c) for c in (1, 2, 3)]
        if len(rows) - start > 1:
            merges.append((start, 0, len(rows) - 1, 0))
    table = AnnexTable(header=header, rows=rows, col_widths_mm=BREAKDOWN_WIDTHS, merges=merges)
    notes = ["注：分值为按规则每次计分，未封顶；各项合计超过上限的按上限计入得分。"]
    return Annex(label=label, title=f"{title_of(result)}计分明细", table=table, notes=notes)


def xlsx_bytes(result: Assessment) -> bytes:
    """The workbook: the ranking sheet and the breakdown sheet, printable on A4."""
    from duban.core.render.xlsx import render_xlsx

    buffer = io.BytesIO()
    render_xlsx([ranking_annex(result, "排名"), breakdown_annex(result, "明细")], buffer)
    return buffer.getvalue()


def office_of(result: Assessment) -> str:
    region = result.region
    return (
        f"{region.city}{region.county}人民政府办公室"
        if region.county
        else f"{region.full_name}人民政府办公室"
    )


def official_doc(result: Assessment) -> OfficialDoc:
    """A 通报 of the results in the bulletin layout, the ranking as its 附件."""
    office = office_of(result)
    annex = ranking_annex(result, "附件")
    annex.notes = []
    body: list[Block] = [
        Para(
            f"根据{result.year}年度目标任务调度、审核和通报情况，按照考核规则，对各牵头单位"
            f"{result.year}年度目标责任落实情况进行了考核，现将考核结果予以通报。"
        ),
        *[Para(line) for line in rule_lines(result)],
        Para(
            "各单位可在督办系统中查看本单位的计分明细；对结果有异议的，请于通报印发后5个工作日内向督查室反映。"
        ),
    ]
    return OfficialDoc(
        number="",
        issuer=office,
        title=f"关于{title_of(result)}的通报",
        recipients="各有关单位",
        body=body,
        attachments=[annex.title],
        signature=office,
        date=None,
        annexes=[annex],
        kind=DocKind.BULLETIN,
    )


def docx_bytes(result: Assessment) -> bytes:
    from duban.core.render.docx import render_docx

    buffer = io.BytesIO()
    render_docx(official_doc(result), buffer)
    return buffer.getvalue()


def text_of(result: Assessment) -> str:
    """The ranking as plain text (the command line's default)."""
    lines = [f"{result.region} {title_of(result)}（{result.as_of:%Y-%m-%d}计算）", *rule_lines(result), ""]
    for u in result.units:
        parts = "，".join(f"{ms.measure.label}{measure_cell(ms)}" for ms in u.measures if ms.count)
        lines.append(f"{u.rank:>3}  {u.unit}  {decimal_str(u.score)}分  （{parts or '无计分情况'}）")
    if not result.units:
        lines.append("（无计分单位）")
    return "\n".join(lines) + "\n"
