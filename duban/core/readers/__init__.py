"""Readers: a .txt, .docx or .xlsx file → `Source` (paragraphs and tables in order).

`read_file` decides the format from the content first (a .docx saved as .txt is still a Word
file) and the extension second, and turns every failure into a `ParseError`. The Word and
Excel readers (python-docx, openpyxl) are imported when a Word or Excel file turns up, so that
start-up and the reading of text files do not pay for loading them.
"""

from __future__ import annotations

import zipfile
from io import BytesIO
from pathlib import Path

from duban.core.errors import ParseError
from duban.core.model import Source
from duban.core.readers.txt import decode, iter_blocks, read_text

__all__ = ["decode", "read_docx", "read_file", "read_text", "read_xlsx"]

_WORD_SUFFIXES = {".docx", ".docm", ".dotx"}
_EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xltx"}
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc/.xls/.wps


def read_docx(data: bytes, path: str = "") -> Source:
    """A .docx file's paragraphs and tables in document order (python-docx loaded on first use)."""
    from duban.core.readers.docx import read_docx as read

    return read(data, path)


def read_xlsx(data: bytes, path: str = "") -> Source:
    """A .xlsx file's sheets as tables (openpyxl loaded on first use)."""
    from duban.core.readers.xlsx import read_xlsx as read

    return read(data, path)


def read_file(path: str | Path) -> Source:
    """Read a file of any supported format; ParseError (Chinese + English) when it cannot be read."""
    return read_data(read_bytes(path), str(path))


def read_data(data: bytes, name: str, *, stream: bool = False) -> Source:
    """Read a file's bytes already in memory; `name` gives the suffix and names the file in errors.

    `stream`: a text file's blocks are not read now but as the parser goes (`Source.streamed`),
    so that an archive is never held as blocks; Word and Excel files are read whole."""
    if not data.strip():
        raise ParseError("文件为空", english="empty file", path=name)
    kind = _kind(data, Path(name).suffix.lower(), name)
    if kind == "text":
        try:
            text = decode(data)
        except ParseError as exc:
            exc.path = name
            raise
        if stream:
            if next(iter_blocks(text), None) is None:
                raise ParseError("文件中没有可读取的内容", english="no content in file", path=name)
            return Source(path=name, blocks=[], text=text, streamed=True)
        source = read_text(text, name)
    else:
        label = "Word 文档（.docx）" if kind == "docx" else "Excel 表格（.xlsx）"
        try:
            source = read_docx(data, name) if kind == "docx" else read_xlsx(data, name)
        except Exception as exc:  # python-docx/openpyxl raise a dozen types on damaged files
            raise ParseError(
                f"文件已损坏或不是有效的{label}，无法打开",
                english=f"corrupt {kind} file: {type(exc).__name__}: {exc}",
                path=name,
            ) from exc
    if not source.blocks:
        raise ParseError("文件中没有可读取的内容", english="no content in file", path=name)
    return source


def read_bytes(path: str | Path) -> bytes:
    """A file's bytes, or ParseError saying in Chinese why they cannot be read."""
    name = str(path)
    path = Path(path)
    try:
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise ParseError("文件不存在", english="file not found", path=name) from exc
    except IsADirectoryError as exc:
        raise ParseError("这是一个文件夹，不是文件", english="is a directory", path=name) from exc
    except OSError as exc:
        raise ParseError(
            f"无法读取文件（{exc.strerror or exc}）", english=f"cannot read file: {exc}", path=name
        ) from exc


def _kind(data: bytes, suffix: str, name: str) -> str:
    """ "docx", "xlsx" or "text", from the bytes first and the file name second."""
    if data.startswith(_OLE_MAGIC):
        raise ParseError(
            "这是旧版 Word/Excel（.doc/.xls）或 WPS 格式，请另存为 .docx 或 .xlsx 后再导入",
            english="legacy OLE document (.doc/.xls/.wps) is not supported",
            path=name,
        )
    if data.startswith(b"%PDF"):
        raise ParseError(
            "不支持 PDF 文件，请提供 .docx、.xlsx 或 .txt 文件",
            english="PDF is not supported",
            path=name,
        )
    office = suffix in _WORD_SUFFIXES or suffix in _EXCEL_SUFFIXES
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")) or office:
        try:
            with zipfile.ZipFile(BytesIO(data)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
            label = "Excel 表格（.xlsx）" if suffix in _EXCEL_SUFFIXES else "Word 文档（.docx）"
            raise ParseError(
                f"文件已损坏或不是有效的{label}，无法打开",
                english=f"corrupt or truncated zip container: {exc}",
                path=name,
            ) from exc
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        raise ParseError(
            "不是 Word（.docx）或 Excel（.xlsx）文件，无法识别",
            english="zip archive without word/document.xml or xl/workbook.xml",
            path=name,
        )
    return "text"
