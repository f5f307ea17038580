"""Renderers: official documents to Word (GB/T 9704-2012) and annex tables to Excel."""

from duban.core.render.annexes import indicator_annex, percent_text, task_annex
from duban.core.render.docx import render_docx
from duban.core.render.spec import Annex, AnnexTable, Block, HeaderCell, Heading, OfficialDoc, Para
from duban.core.render.xlsx import render_xlsx

__all__ = [
    "Annex",
    "AnnexTable",
    "Block",
    "HeaderCell",
    "Heading",
    "OfficialDoc",
    "Para",
    "indicator_annex",
    "percent_text",
    "render_docx",
    "render_xlsx",
    "task_annex",
]
