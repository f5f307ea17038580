"""LibreOffice and poppler for the render tests: files to PDF in one soffice call, PDF text by line.

A conversion costs a few seconds, so each test module converts all its files at once in a
module-scoped fixture and its tests read the PDFs.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest


def soffice() -> str:
    """The LibreOffice binary, or skip: these tests need it (scripts/system-deps.sh installs it)."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        pytest.skip("LibreOffice (soffice) is not installed: run `bash scripts/system-deps.sh` as root")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed: run `bash scripts/system-deps.sh` as root")
    return found


def to_pdf(paths: list[Path]) -> list[Path]:
    """Convert the files to PDF beside them, in one LibreOffice run with its own profile."""
    binary = soffice()
    out = paths[0].parent
    profile = (out / "lo-profile").as_uri()
    subprocess.run(
        [
            binary,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
        ]
        + [str(p) for p in paths],
        check=True,
        capture_output=True,
        timeout=300,
    )
    pdfs = [p.with_suffix(".pdf") for p in paths]
    missing = [p.name for p in pdfs if not p.exists()]
    assert not missing, f"LibreOffice wrote no PDF for {missing}"
    return pdfs


def pdf_text(pdf: Path, *flags: str) -> str:
    """`pdftotext` output (e.g. flags "-raw" or "-layout")."""
    return subprocess.run(
        ["pdftotext", *flags, str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout


def page_count(pdf: Path) -> int:
    """Pages of a PDF."""
    return pdf_text(pdf).count("\f")


@dataclass
class Line:
    """One printed line: its baseline-ish y (pt from the top), left and right edges, and text."""

    y: float
    x0: float
    x1: float
    text: str

    @property
    def full_width_only(self) -> bool:
        """Whether every character is full-width (CJK or full-width punctuation)."""
        return all(unicodedata.east_asian_width(ch) in "FW" for ch in self.text)


@dataclass
class Page:
    """A page's size and its lines, top to bottom."""

    width: float
    height: float
    lines: list[Line]


_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')


def pdf_pages(pdf: Path) -> list[Page]:
    """The PDF's pages with their words grouped into lines by their lower edge."""
    pages = []
    for width, height, body in _PAGE.findall(pdf_text(pdf, "-bbox")):
        rows: dict[int, list[tuple[float, float, str]]] = {}
        for x0, x1, y, word in _WORD.findall(body):
            rows.setdefault(round(float(y)), []).append((float(x0), float(x1), html.unescape(word)))
        lines = [
            Line(y, min(w[0] for w in words), max(w[1] for w in words), "".join(w[2] for w in sorted(words)))
            for y, words in sorted(rows.items())
        ]
        pages.append(Page(float(width), float(height), lines))
    return pages
