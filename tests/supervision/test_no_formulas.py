"""No spreadsheet duban writes holds a formula that came from user text (issue 9).

Payloads go where users and imports put text — progress, remarks, item texts, unit names — and
every generated workbook is opened on every sheet: the bulletin's annexes (`duban bulletin
--format xlsx` and the page's download), the return forms (`duban round forms` and the page's
zip). No cell is a formula, and each payload is there verbatim, as text.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date, timedelta
from io import StringIO
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from duban.core.render.sheet import is_formula_like
from duban.supervision.choices import Duty, ListKind
from duban.supervision.models import Entry, Item, ItemUnit, Round, TaskList
from duban.supervision.services import create_bulletin, open_round
from duban.units.models import Unit
from tests.registry_fixtures import OPERATOR

PAYLOADS = [
    '=HYPERLINK("http://x","y")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
]


@pytest.fixture
def planted(personas) -> dict[str, list[str]]:
    """The payloads in the half-year round's progress, item texts and unit names, and in a July round."""
    where: dict[str, list[str]] = {"progress": [], "item": [], "unit": [], "written": [], "remark": []}
    tasks = Round.objects.get(task_list__kind=ListKind.TASKS, period="2024年上半年")
    entries = list(Entry.objects.filter(round=tasks).order_by("item__order")[: len(PAYLOADS) * 2])
    for payload, entry in zip(PAYLOADS, entries, strict=False):
        Entry.objects.filter(pk=entry.pk).update(progress=payload)
        where["progress"].append(payload)
    for n, (payload, entry) in enumerate(zip(PAYLOADS, entries[len(PAYLOADS) :], strict=False)):
        text = f"{payload}事项{n}"
        Item.objects.filter(pk=entry.item_id).update(text=text)
        where["item"].append(text)
    leads = list(
        Unit.objects.filter(
            pk__in=ItemUnit.objects.filter(item__task_list=tasks.task_list, duty=Duty.LEAD).values("unit")
        )
        .filter(parent__isnull=True)
        .order_by("pk")[: len(PAYLOADS)]
    )
    for n, (payload, unit) in enumerate(zip(PAYLOADS, leads, strict=False)):
        name = f"{payload}单位{n}"
        Unit.objects.filter(pk=unit.pk).update(name=name)
        where["unit"].append(name)
    # The lead unit as a document wrote it (what the bulletin's annexes print).
    for n, (payload, entry) in enumerate(zip(PAYLOADS, entries, strict=False)):
        written = f"{payload}局{n}"
        ItemUnit.objects.filter(item_id=entry.item_id, duty=Duty.LEAD).update(as_written=written)
        where["written"].append(written)
    july = open_round(
        OPERATOR,
        TaskList.objects.get(kind=ListKind.TASKS),
        period="2024年1-7月",
        as_of=date(2024, 7, 31),
        deadline=timezone.localdate() + timedelta(days=7),
    )
    for payload, entry in zip(
        PAYLOADS, Entry.objects.filter(round=july).order_by("item__order"), strict=False
    ):
        Entry.objects.filter(pk=entry.pk).update(remark=payload, progress=payload)
        where["remark"].append(payload)
    return where


def _texts(data: bytes, name: str) -> set[str]:
    """Every text cell of every sheet; fails on any formula, or formula-like text not stored as text."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    texts = set()
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{name}!{ws.title}!{cell.coordinate}: formula {cell.value!r}"
                if isinstance(cell.value, str):
                    texts.add(cell.value)
                    if is_formula_like(cell.value):
                        assert cell.data_type == "s" and cell.quotePrefix, f"{name}!{cell.coordinate}"
    return texts


def _missing(payloads: list[str], texts: set[str]) -> list[str]:
    return [p for p in payloads if not any(p in t for t in texts)]


def test_the_bulletin_annexes_from_the_command_and_the_page(planted, personas, client, tmp_path: Path):
    tasks = Round.objects.get(task_list__kind=ListKind.TASKS, period="2024年上半年")
    indicators = Round.objects.get(task_list__kind=ListKind.INDICATORS, period="2024年上半年")
    out = tmp_path / "附件.xlsx"
    call_command("bulletin", str(tasks.pk), "--format", "xlsx", "-o", str(out), stdout=StringIO())
    from_command = _texts(out.read_bytes(), "bulletin (command)")

    bulletin = create_bulletin(personas.actor(personas.officer), [tasks, indicators])
    client.force_login(personas.officer)
    response = client.get(reverse("supervision:bulletin_download", args=[bulletin.pk, "xlsx"]))
    assert response.status_code == 200
    from_page = _texts(response.content, "bulletin (page)")
    for texts in (from_command, from_page):
        assert _missing(planted["progress"] + planted["item"] + planted["written"], texts) == []


def test_the_return_forms_from_the_command_and_the_page(planted, personas, client, tmp_path: Path):
    july = Round.objects.get(task_list__kind=ListKind.TASKS, period="2024年1-7月")
    call_command("round", "forms", str(july.pk), "-o", str(tmp_path), stdout=StringIO())
    files = sorted(tmp_path.glob("*.xlsx"))
    assert files
    from_command: set[str] = set()
    for path in files:
        from_command |= _texts(path.read_bytes(), path.name)

    client.force_login(personas.officer)
    response = client.get(reverse("supervision:round_forms", args=[july.pk]))
    assert response.status_code == 200
    from_page: set[str] = set()
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        names = [n for n in archive.namelist() if n.endswith(".xlsx")]
        assert len(names) == len(files)
        for name in names:
            from_page |= _texts(archive.read(name), name)
    # Last round's progress and this round's progress and remarks are on the forms, verbatim.
    for texts in (from_command, from_page):
        assert (
            _missing(planted["progress"] + planted["remark"] + planted["item"] + planted["unit"], texts) == []
        )
