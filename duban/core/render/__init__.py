"""Renderers: official documents to Word (GB/T 9704-2012), annex tables to Excel, text.

The names below are loaded on first use, so that importing the plain specs (`render.spec`),
as the parsers do for bulletin sections, does not load python-docx and openpyxl.
"""

from __future__ import annotations

import importlib
from typing import Any

_WHERE = {
    "Annex": "spec",
    "AnnexTable": "spec",
    "Block": "spec",
    "DocKind": "spec",
    "HeaderCell": "spec",
    "Heading": "spec",
    "OfficialDoc": "spec",
    "Para": "spec",
    "indicator_annex": "annexes",
    "percent_text": "annexes",
    "task_annex": "annexes",
    "render_docx": "docx",
    "render_xlsx": "xlsx",
    "title_lines": "titles",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    """Import the module that defines `name` when it is first asked for."""
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
