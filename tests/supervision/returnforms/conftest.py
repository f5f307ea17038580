"""Rounds to write return forms for, and helpers to fill them in as a unit would."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from io import StringIO
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command

from duban.supervision.choices import ListKind
from duban.supervision.models import Round, TaskList
from duban.supervision.services import open_round
from tests.registry_fixtures import OPERATOR

HEADER_ROW = 4  # title, unit line, instructions, then the header
FIRST = HEADER_ROW + 1


def open_july(kind: str) -> Round:
    """A new July round of the list, as `duban round open` makes it."""
    return open_round(
        OPERATOR,
        TaskList.objects.get(kind=kind),
        period="2024年1-7月",
        as_of=date(2024, 7, 31),
        deadline=date(2024, 8, 5),
    )


@pytest.fixture
def tasks_round(imported) -> Round:
    return open_july(ListKind.TASKS)


@pytest.fixture
def indicators_round(imported) -> Round:
    return open_july(ListKind.INDICATORS)


def form_of(paths: list[Path], unit: str, suffix: str) -> Path:
    [path] = [p for p in paths if p.name.startswith(f"{unit}-") and p.suffix == suffix]
    return path


def sheet_rows(path: Path) -> list[dict[str, object]]:
    ws = openpyxl.load_workbook(path).worksheets[0]
    header = [c.value for c in ws[HEADER_ROW]]
    rows = [dict(zip(header, row, strict=True)) for row in ws.iter_rows(min_row=FIRST, values_only=True)]
    return [r for r in rows if r["事项编号"] is not None]  # the item rows, not the signers' line under them


def fill(path: Path, cells: dict[int, dict[str, object]]) -> Path:
    """Type into the form as a unit would: {sheet row: {header: value}}."""
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    col = {c.value: c.column for c in ws[HEADER_ROW]}
    for row, values in cells.items():
        for header, value in values.items():
            ws.cell(row, col[header]).value = value
    wb.save(path)
    return path


def stored(rnd: Round) -> list[tuple[str, Decimal | None, str, str]]:
    return [(e.progress, e.percent, e.self_status, e.remark) for e in rnd.entries.order_by("item__order")]


def run_round(*args: str) -> str:
    out = StringIO()
    call_command("round", *args, stdout=out)
    return out.getvalue()
