"""Uploads are checked by size and by content before anything reads them, and wait privately for their confirmation."""

from __future__ import annotations

import io
import os
import stat
import time
import zipfile

import docx
import openpyxl
import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from duban.errors import InvalidInput
from duban.web import uploads
from duban.web.uploads import FileKind, LimitedUploadHandler, check_upload

NOTICE = "岳阳市云溪区人民政府\n关于张三同志职务任免的通知\n张三同志任区统计局副局长。\n"


def _docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("关于张三同志职务任免的通知")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _xlsx() -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["序号", "目标任务", "牵头单位"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def _file(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def _refusal(name: str, data: bytes, **kwargs) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidInput) as caught:
        check_upload(_file(name, data), **kwargs)
    return caught.value.message


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("任免.docx", _docx(), FileKind.DOCX),
        ("进展.xlsx", _xlsx(), FileKind.XLSX),
        ("通知.txt", NOTICE.encode("utf-8"), FileKind.TEXT),
        ("通知.txt", NOTICE.encode("gb18030"), FileKind.TEXT),
        ("通知.txt", NOTICE.encode("utf-16"), FileKind.TEXT),  # Notepad's "Unicode", with its BOM
        ("通知.txt", _docx(), FileKind.DOCX),  # the content decides, not the name
        ("通知", _xlsx(), FileKind.XLSX),
    ],
)
def test_it_tells_the_kind_by_content(name, data, kind):
    upload = check_upload(_file(name, data))

    assert (upload.kind, upload.data, upload.name) == (kind, data, name)
    assert upload.sha256 == __import__("hashlib").sha256(data).hexdigest()


def test_it_keeps_only_the_file_name_of_a_path():
    assert check_upload(_file("C:\\Users\\dcs\\通知.txt", NOTICE.encode())).name == "通知.txt"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("通知.pdf", b"%PDF-1.7\n...", "是 PDF"),
        ("通知.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "旧版 Word/Excel"),
        ("通知.docx", NOTICE.encode(), "已损坏或不是有效的Word 文档（.docx）"),
        ("表.xlsx", _xlsx()[:-300], "已损坏或不是有效的Excel 表格（.xlsx）"),
        ("任免.docx", _docx()[: len(_docx()) // 2], "已损坏"),
        ("压缩包.zip", _zip({"readme.txt": b"hello"}), "不是 Word（.docx）或 Excel（.xlsx）文件"),
        ("图片.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "不是可读取的文本文件"),
        ("空.txt", b"  \n", "是空的"),
    ],
)
def test_it_refuses_damaged_empty_and_wrong_type_files_in_chinese(name, data, message):
    assert message in _refusal(name, data)


def test_a_word_file_whose_main_part_is_damaged_is_refused():
    good = _zip({"word/document.xml": b"<w:document/>" * 1000})
    start = good.index(b"word/document.xml") + len("word/document.xml") + 10
    damaged = good[:start] + bytes(b ^ 0xFF for b in good[start : start + 20]) + good[start + 20 :]

    assert "已损坏" in _refusal("任免.docx", damaged)


def test_a_zip_that_expands_far_beyond_its_size_is_refused(settings):
    settings.DUBAN_UPLOAD_MAX_MB = 1
    bomb = _zip({"word/document.xml": b"<w:document/>", "filler.bin": b"\0" * (30 * 1024 * 1024)})

    assert "已损坏" in _refusal("任免.docx", bomb)


def test_only_the_kinds_a_page_accepts_pass():
    message = _refusal("通知.txt", NOTICE.encode(), allowed=(FileKind.DOCX, FileKind.XLSX))

    assert message == "文件“通知.txt”是文本文件（.txt），这里只接受Word 文档（.docx）、Excel 表格（.xlsx）"


def test_a_file_over_the_limit_is_refused_with_the_limit(settings):
    settings.DUBAN_UPLOAD_MAX_MB = 1
    limit = 1024 * 1024

    assert check_upload(_file("a.txt", b"a" * limit)).size == limit
    assert _refusal("b.txt", b"a" * (limit + 1)) == "文件“b.txt”超过上传大小上限 1 MB，请压缩或拆分后再上传"


def test_a_missing_file_is_asked_for():
    with pytest.raises(InvalidInput, match="请选择要上传的文件"):
        check_upload(None)


def test_the_handler_passes_on_one_byte_past_the_limit_and_drops_the_rest(settings):
    settings.DUBAN_UPLOAD_MAX_MB = 1
    limit = 1024 * 1024
    handler = LimitedUploadHandler()
    chunk = b"x" * (64 * 1024)
    passed = b""
    for start in range(0, 3 * limit, len(chunk)):
        out = handler.receive_data_chunk(chunk, start)
        passed += out or b""
        if start > limit:
            assert out is None

    assert len(passed) == limit + 1


# --- the stash -------------------------------------------------------------------------------


@pytest.fixture
def data_dir(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.DATA_DIR = tmp_path
    return tmp_path


def _upload(text: str = NOTICE) -> uploads.Upload:
    return check_upload(_file("通知.txt", text.encode()))


def test_a_stash_gives_back_the_same_bytes_to_the_same_user(data_dir):
    upload = _upload()

    kept = uploads.stash(upload, user_id=7)
    found, data = uploads.take(kept.token, upload.sha256, user_id=7)

    assert data == upload.data
    assert (found.name, found.kind, found.size) == ("通知.txt", FileKind.TEXT, upload.size)
    folder = data_dir / "uploads"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert {stat.S_IMODE(p.stat().st_mode) for p in folder.iterdir()} == {0o600}
    assert len(kept.token) == 32


def test_another_user_or_another_hash_does_not_get_it(data_dir):
    upload = _upload()
    kept = uploads.stash(upload, user_id=7)

    with pytest.raises(InvalidInput, match="已过期或已经导入"):
        uploads.take(kept.token, upload.sha256, user_id=8)
    with pytest.raises(InvalidInput, match="与预览时不一致"):
        uploads.take(kept.token, "0" * 64, user_id=7)
    with pytest.raises(InvalidInput, match="已过期或已经导入"):  # a mismatch removes it
        uploads.take(kept.token, upload.sha256, user_id=7)


def test_a_stash_changed_on_disk_is_refused(data_dir):
    upload = _upload()
    kept = uploads.stash(upload, user_id=7)
    (data_dir / "uploads" / f"{kept.token}.bin").write_bytes(b"changed")

    with pytest.raises(InvalidInput, match="与预览时不一致"):
        uploads.take(kept.token, upload.sha256, user_id=7)


@pytest.mark.parametrize("token", ["../../secret.key", "", "a" * 31, "x/" + "a" * 30])
def test_a_token_names_nothing_outside_the_folder(data_dir, token):
    with pytest.raises(InvalidInput, match="已过期或已经导入"):
        uploads.take(token, "0" * 64, user_id=7)


def test_a_stash_lasts_a_day(data_dir):
    upload = _upload()
    with time_machine.travel("2024-07-29 09:00 +0800", tick=False):
        kept = uploads.stash(upload, user_id=7)
    with time_machine.travel("2024-07-30 08:59 +0800", tick=False):
        assert uploads.take(kept.token, upload.sha256, user_id=7)[1] == upload.data
    with time_machine.travel("2024-07-30 09:01 +0800", tick=False), pytest.raises(InvalidInput):
        uploads.take(kept.token, upload.sha256, user_id=7)
    assert list((data_dir / "uploads").iterdir()) == []


def test_stale_stashes_are_removed_by_the_next_one(data_dir):
    old = uploads.stash(_upload(), user_id=7)
    day_ago = time.time() - uploads.STASH_SECONDS - 60
    for suffix in (".bin", ".json"):
        os.utime(data_dir / "uploads" / f"{old.token}{suffix}", (day_ago, day_ago))

    new = uploads.stash(_upload("另一份"), user_id=7)

    assert sorted(p.name for p in (data_dir / "uploads").iterdir()) == [
        f"{new.token}.bin",
        f"{new.token}.json",
    ]


def test_discard_removes_both_files(data_dir):
    kept = uploads.stash(_upload(), user_id=7)

    uploads.discard(kept.token)

    assert list((data_dir / "uploads").iterdir()) == []
