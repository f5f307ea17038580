"""Uploaded files: checked by size and by content (not by name) before anything reads them, and
kept privately between a preview and its confirmation.

`check_upload` is the one check every upload page uses (imports, return forms): a file over
`DUBAN_UPLOAD_MAX_MB`, a damaged Word/Excel file or one of another type is refused with a
Chinese `InvalidInput` before any record is touched. `LimitedUploadHandler` stops storing an
upload one byte past the limit, so an oversized file neither fills the disk nor gets read.

`stash` / `take` keep a checked file's bytes in the data folder (never in the session) under a
random token, bound to the user who uploaded it and to its SHA-256; a stash is good for a day.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import secrets
import time
import zipfile
import zlib
from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum
from io import BytesIO
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler

from duban.core.errors import ParseError
from duban.core.readers import decode
from duban.errors import InvalidInput

log = logging.getLogger("duban.web.uploads")


class FileKind(StrEnum):
    """What a file is, by its content."""

    TEXT = "txt"
    DOCX = "docx"
    XLSX = "xlsx"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    FileKind.TEXT: "文本文件（.txt）",
    FileKind.DOCX: "Word 文档（.docx）",
    FileKind.XLSX: "Excel 表格（.xlsx）",
}
_MAIN_PART = {FileKind.DOCX: "word/document.xml", FileKind.XLSX: "xl/workbook.xml"}
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc/.xls/.wps
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_OFFICE_SUFFIXES = {
    ".docx": FileKind.DOCX,
    ".docm": FileKind.DOCX,
    ".xlsx": FileKind.XLSX,
    ".xlsm": FileKind.XLSX,
}
# A Word or Excel file expands to a few times its size; far more is a damaged file or a zip bomb.
_MAX_EXPANSION = 20


@dataclass(frozen=True)
class Upload:
    """A checked file: its name as sent (without any folder), bytes, kind and SHA-256."""

    name: str
    data: bytes
    kind: FileKind
    sha256: str

    @property
    def size(self) -> int:
        return len(self.data)


def max_bytes() -> int:
    """The upload limit in bytes (`DUBAN_UPLOAD_MAX_MB`, default 20)."""
    return int(settings.DUBAN_UPLOAD_MAX_MB) * 1024 * 1024


def size_text(size: int) -> str:
    """A size as people read it: 812 KB, 20.5 MB."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / 1024 / 1024:.1f}".rstrip("0").rstrip(".") + " MB"


def check_upload(file: UploadedFile | None, allowed: Collection[FileKind] = tuple(FileKind)) -> Upload:
    """The file's bytes once they are known to be within the limit and of an allowed kind.

    Raises `InvalidInput` (Chinese message, English detail) for a missing, empty, oversized,
    damaged or wrong-type file.
    """
    if file is None:
        raise InvalidInput("请选择要上传的文件", "no file in the upload")
    name = Path(str(file.name or "").replace("\\", "/")).name or "未命名文件"
    limit = max_bytes()
    too_big = InvalidInput(
        f"文件“{name}”超过上传大小上限 {size_text(limit)}，请压缩或拆分后再上传",
        f"upload {name!r} over the limit of {limit} bytes",
    )
    if file.size is not None and file.size > limit:
        raise too_big
    file.seek(0)
    data = file.read(limit + 1)
    if len(data) > limit:
        raise too_big
    if not data.strip():
        raise InvalidInput(f"文件“{name}”是空的", f"empty upload {name!r}")
    kind = sniff(data, name)
    if kind not in allowed:
        wanted = "、".join(FileKind(k).label for k in allowed)
        raise InvalidInput(
            f"文件“{name}”是{kind.label}，这里只接受{wanted}",
            f"upload {name!r} is {kind}, allowed {sorted(allowed)}",
        )
    return Upload(name, data, kind, hashlib.sha256(data).hexdigest())


def sniff(data: bytes, name: str) -> FileKind:
    """The kind of a file from its bytes (the name only tells which damaged file it claims to be)."""
    if data.startswith(_OLE_MAGIC):
        raise InvalidInput(
            f"文件“{name}”是旧版 Word/Excel（.doc/.xls）或 WPS 格式，请另存为 .docx 或 .xlsx 后再上传",
            f"legacy OLE document {name!r}",
        )
    if data.startswith(b"%PDF"):
        raise InvalidInput(
            f"文件“{name}”是 PDF，不能读取，请上传 .docx、.xlsx 或 .txt 文件", f"PDF upload {name!r}"
        )
    claimed = _OFFICE_SUFFIXES.get(Path(name).suffix.lower())
    if data.startswith(_ZIP_MAGIC) or claimed is not None:
        return _office_kind(data, name, claimed)
    try:
        decode(data)
    except ParseError as exc:
        raise InvalidInput(
            f"文件“{name}”不是可读取的文本文件（{exc.message}），请上传 .docx、.xlsx 或 .txt 文件",
            f"undecodable text upload {name!r}: {exc.english}",
        ) from exc
    return FileKind.TEXT


def _office_kind(data: bytes, name: str, claimed: FileKind | None) -> FileKind:
    label = claimed.label if claimed else "Word 文档（.docx）或 Excel 表格（.xlsx）"
    damaged = f"文件“{name}”已损坏或不是有效的{label}，无法打开"
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            infos = archive.infolist()
            names = {i.filename for i in infos}
            kind = next((k for k, part in _MAIN_PART.items() if part in names), None)
            if kind is None:
                raise InvalidInput(
                    f"文件“{name}”不是 Word（.docx）或 Excel（.xlsx）文件，无法识别",
                    f"zip upload {name!r} without a Word or Excel main part",
                )
            if sum(i.file_size for i in infos) > _MAX_EXPANSION * max(len(data), max_bytes()):
                raise InvalidInput(damaged, f"zip upload {name!r} expands too far")
            archive.read(_MAIN_PART[kind])  # reading checks the part's CRC: a truncated file fails here
    except InvalidInput:
        raise
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,
        OSError,
        ValueError,
        EOFError,
        KeyError,
    ) as exc:
        raise InvalidInput(damaged, f"corrupt zip upload {name!r}: {type(exc).__name__}: {exc}") from exc
    return kind


class LimitedUploadHandler(FileUploadHandler):
    """Passes an uploaded file on to Django's handlers only up to one byte past the limit.

    The rest of the body is read and dropped: an oversized upload never fills memory or the
    temporary folder, and `check_upload` refuses it by its size with a Chinese message.
    """

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        keep = max_bytes() + 1 - start
        if keep <= 0:
            return None
        return raw_data if len(raw_data) <= keep else raw_data[:keep]

    def file_complete(self, file_size: int) -> None:
        return None


# --- kept between a preview and its confirmation ---------------------------------------------

STASH_SECONDS = 24 * 3600
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32}$")
GONE = "上传的文件已过期或已经导入，请重新上传"


@dataclass(frozen=True)
class Stashed:
    """A checked upload waiting in the data folder for its confirmation."""

    token: str
    name: str
    sha256: str
    kind: FileKind
    size: int


def stash_dir() -> Path:
    folder = Path(settings.DATA_DIR) / "uploads"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def stash(upload: Upload, user_id: int) -> Stashed:
    """Keep the upload's bytes under a new random token for its user; stale stashes are removed."""
    purge_stale()
    folder = stash_dir()
    token = secrets.token_urlsafe(24)
    meta = {
        "name": upload.name,
        "sha256": upload.sha256,
        "kind": str(upload.kind),
        "user": user_id,
        "created": time.time(),
    }
    _write_private(folder / f"{token}.bin", upload.data)
    _write_private(folder / f"{token}.json", json.dumps(meta, ensure_ascii=False).encode("utf-8"))
    return Stashed(token, upload.name, upload.sha256, upload.kind, upload.size)


def take(token: str, sha256: str, user_id: int) -> tuple[Stashed, bytes]:
    """The stashed upload of this user with this hash, or `InvalidInput` saying it is gone."""
    if not _TOKEN.match(token or ""):
        raise InvalidInput(GONE, f"malformed upload token {token!r}")
    purge_stale()
    folder = stash_dir()
    try:
        meta: dict[str, Any] = json.loads((folder / f"{token}.json").read_text(encoding="utf-8"))
        data = (folder / f"{token}.bin").read_bytes()
    except (OSError, ValueError) as exc:
        raise InvalidInput(GONE, f"upload {token} not found: {exc}") from exc
    if meta.get("user") != user_id:
        raise InvalidInput(GONE, f"upload {token} belongs to user {meta.get('user')}, not {user_id}")
    if time.time() - float(meta.get("created", 0)) > STASH_SECONDS:
        discard(token)
        raise InvalidInput(GONE, f"upload {token} expired")
    digest = hashlib.sha256(data).hexdigest()
    if digest != meta.get("sha256") or digest != sha256:
        discard(token)
        raise InvalidInput(
            "暂存的文件与预览时不一致，请重新上传", f"upload {token} hash {digest} != {sha256}"
        )
    kind = FileKind(meta.get("kind", FileKind.TEXT))
    return Stashed(token, str(meta.get("name", "")), digest, kind, len(data)), data


def discard(token: str) -> None:
    """Remove a stash (after its import, or when it is no longer good)."""
    if not _TOKEN.match(token or ""):
        return
    folder = stash_dir()
    for suffix in (".bin", ".json"):
        (folder / f"{token}{suffix}").unlink(missing_ok=True)


def purge_stale(now: float | None = None) -> int:
    """Remove stashes older than a day; the number of files removed."""
    now = time.time() if now is None else now
    removed = 0
    for path in stash_dir().iterdir():
        try:
            if now - path.stat().st_mtime > STASH_SECONDS:
                path.unlink()
                removed += 1
        except OSError as exc:  # removed meanwhile by another worker
            log.debug("stash %s: %s", path.name, exc)
    return removed


def _write_private(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
