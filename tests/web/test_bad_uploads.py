"""Every upload page refuses a bad file the same way: a Chinese message, a 4xx, nothing stored lost.

The import page (公文导入) and the return-form page (回执表) take the same bad files: oversized,
damaged Word and Excel files, a program renamed .docx, a zip that expands far beyond its size,
a zip that is no office file, a file whose name lies about its kind, an empty file. The API
takes JSON only: a file sent to it is refused too.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date, timedelta
from pathlib import Path

import docx
import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from duban.audit.models import Event
from duban.documents.models import Document
from duban.supervision.choices import ListKind
from duban.supervision.models import Entry, Round, TaskList
from duban.supervision.returnforms.writing import write_forms
from duban.supervision.services import open_round
from tests.api.conftest import api_client
from tests.registry_fixtures import OPERATOR


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def _docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("关于张三同志职务任免的通知")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _xlsx() -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["序号", "目标任务", "牵头单位"])  # type: ignore[union-attr]
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


EXE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"
    + b"\x00" * 48
    + b"This program cannot be run in DOS mode"
)
# (name, content, what the message says) — each refused on both pages.
BAD_FILES = [
    ("损坏.docx", _docx()[: len(_docx()) // 2], "已损坏"),
    ("损坏.xlsx", _xlsx()[:-300], "已损坏"),
    ("程序.docx", EXE * 50, "程序.docx"),
    (
        "炸弹.docx",
        _zip({"word/document.xml": b"<w:document/>", "filler.bin": b"\0" * (30 * 1024 * 1024)}),
        "已损坏",
    ),
    ("压缩包.xlsx", _zip({"readme.txt": b"hello"}), "压缩包.xlsx"),
    ("说明.xlsx", b"%PDF-1.7\n" + b"0" * 500, "是 PDF"),
    ("旧表.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500, "旧版 Word/Excel"),
    ("空.docx", b"", "空"),
]


@pytest.fixture(autouse=True)
def _small_limit(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.DATA_DIR = tmp_path
    settings.DUBAN_UPLOAD_MAX_MB = 1


def _stored() -> dict[str, object]:
    """What an upload must not touch: the documents, every entry's values, the audit log."""
    return {
        "documents": Document.objects.count(),
        "entries": list(
            Entry.objects.order_by("pk").values_list("pk", "version", "progress", "remark", "state")
        ),
        "events": Event.objects.count(),
    }


def _alert(html: str) -> str:
    start = (
        html.index('class="alert alert-danger"')
        if 'class="alert alert-danger"' in html
        else html.index("invalid-feedback")
    )
    return html[start : start + 400]


@pytest.fixture
def july(personas) -> Round:
    return open_round(
        OPERATOR,
        TaskList.objects.get(kind=ListKind.INDICATORS),
        period="2024年1-7月",
        as_of=date(2024, 7, 31),
        deadline=timezone.localdate() + timedelta(days=7),
    )


@pytest.mark.parametrize(("name", "data", "says"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_the_return_form_page_refuses_a_bad_file(client, personas, july, name, data, says):
    client.force_login(personas.reporter)
    before = _stored()
    response = client.post(reverse("supervision:form_upload"), {"file": SimpleUploadedFile(name, data)})
    assert response.status_code == 400
    alert = _alert(response.content.decode())
    assert says in alert, alert
    assert _stored() == before


def test_the_return_form_page_refuses_an_oversized_file(client, personas, july):
    client.force_login(personas.reporter)
    before = _stored()
    big = SimpleUploadedFile("回执表.xlsx", _xlsx() + b"\0" * (1024 * 1024))
    response = client.post(reverse("supervision:form_upload"), {"file": big})
    assert response.status_code == 400 and "超过上传大小上限 1 MB" in response.content.decode()
    assert _stored() == before


def test_the_return_form_page_reads_a_form_by_its_content_not_its_name(client, personas, july, tmp_path):
    form = next(
        p for p in write_forms(july, tmp_path / "forms") if p.suffix == ".xlsx" and "民政局" in p.name
    )
    client.force_login(personas.reporter)
    response = client.post(
        reverse("supervision:form_upload"),
        {"file": SimpleUploadedFile(Path(form).stem + ".docx", form.read_bytes())},
    )
    assert response.status_code == 200 and "没有改动" in response.content.decode()
    foreign = client.post(
        reverse("supervision:form_upload"), {"file": SimpleUploadedFile("表.xlsx", _xlsx())}
    )
    assert foreign.status_code == 400 and "回执表" in _alert(foreign.content.decode())


@pytest.mark.parametrize(("name", "data", "says"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_the_import_page_refuses_a_bad_file(client, personas, name, data, says):
    client.force_login(personas.officer)
    before = _stored()
    response = client.post("/imports/", {"file": SimpleUploadedFile(name, data)})
    assert response.status_code == 400
    assert says in response.content.decode()
    assert _stored() == before


def test_the_api_takes_no_files(personas, july):
    reporter = api_client(personas.reporter)
    entry = Entry.objects.get(round=july, item__text="建设老年助餐服务点")  # the reporter's own
    before = _stored()
    response = reporter.patch(
        f"/api/entries/{entry.pk}/",
        {"version": "1", "file": SimpleUploadedFile("a.docx", _docx())},
        format="multipart",
    )
    assert response.status_code == 415
    detail = response.json()["detail"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in detail), detail
    assert _stored() == before
