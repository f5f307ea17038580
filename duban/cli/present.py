"""The command line's JSON for the application layer's typed results (the `--json` contract)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

from duban.core.model import decimal_str
from duban.core.shares import format_percent
from duban.intake.records import DocResult
from duban.personnel.queries import History
from duban.supervision.checks import CheckResult
from duban.supervision.compare import Comparison
from duban.supervision.models import Round
from duban.supervision.queries import Responsibility


def iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def history_json(h: History) -> dict[str, Any]:
    p = h.person
    return {
        "name": p.name,
        "id": p.pk,
        "region": str(p.region),
        "needs_review": p.needs_review,
        "review_note": p.review_note,
        "events": [
            {
                "date": iso(e.date),
                "document": e.document,
                "action": str(e.action),
                "post": e.post,
                "probation": e.probation,
                "concurrent": e.concurrent,
                "match_basis": e.match_basis,
            }
            for e in h.events
        ],
        "tenures": [
            {
                "post": t.post,
                "unit": t.unit,
                "start": iso(t.start),
                "end": iso(t.end),
                "probation_end": iso(t.probation_end),
                "concurrent": t.concurrent,
            }
            for t in h.tenures
        ],
    }


def responsibilities_json(found: list[Responsibility]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {"leads": [], "related": []}
    for r in found:
        out["leads" if r.duty == "lead" else "related"].append(
            {
                "document": r.document,
                "list": r.list_title,
                "kind": r.kind,
                "seq": r.seq,
                "text": r.text,
                "via": r.via,
            }
        )
    return out


def round_json(rnd: Round) -> dict[str, Any]:
    return {
        "id": rnd.pk,
        "list": rnd.task_list.title,
        "list_id": rnd.task_list_id,
        "kind": rnd.task_list.kind,
        "period": rnd.period,
        "as_of": rnd.as_of.isoformat(),
        "deadline": iso(rnd.deadline),
        "state": rnd.state,
        "tolerance": decimal_str(rnd.tolerance),
        "entries": rnd.entries.count(),
    }


def check_json(result: CheckResult) -> dict[str, Any]:
    return {
        "flags": [
            {"seq": f.seq, "text": f.text, "units": f.units, "message": f.message} for f in result.flags
        ],
        "pairs": [
            {
                "seq": p.seq,
                "label": p.label,
                "target": p.target,
                "actual": p.actual,
                "share": None if p.share is None else format_percent(p.share),
                "kind": p.kind,
            }
            for p in result.pairs
        ],
        "missing": [{"seq": m.seq, "text": m.text, "units": m.units} for m in result.missing],
        "lint": result.lint,
    }


def comparison_json(result: Comparison) -> dict[str, Any]:
    return {
        "round": result.current.pk,
        "previous": result.previous.pk if result.previous else None,
        "changes": [
            {"seq": c.seq, "text": c.text, "before": c.before, "after": c.after, "direction": c.direction}
            for c in result.changes
        ],
        "copied": [
            {"seq": c.seq, "text": c.text, "similarity": c.similarity, "identical": c.identical}
            for c in result.copied
        ],
    }


def doc_result_json(r: DocResult) -> dict[str, Any]:
    d = asdict(r)
    d["status"] = str(r.outcome)  # the name earlier versions used
    d["outcome"] = str(r.outcome)
    d["changes"] = [
        {"where": c.where, "field": c.field, "label": c.label, "old": c.old, "new": c.new} for c in r.changes
    ]
    return d
