"""A district's bulletin costs the same few queries in a small database and in a province's."""

from __future__ import annotations

from dataclasses import replace
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from duban.benchdata.scale import SCALES, divisions, generate_scale
from duban.core.render.docx import render_docx
from duban.core.render.txt import render_text
from duban.core.render.xlsx import render_xlsx
from duban.supervision.bulletin_doc import doc_for
from duban.supervision.models import Bulletin

pytestmark = pytest.mark.django_db
ONE = replace(SCALES["city"], name="one", counties=1, tasks=8, indicators=4, rounds=3, notices=0)
MORE = replace(ONE, name="more", counties=3, tasks=40, indicators=12, rounds=5)


def _bulletin_queries(county: str) -> tuple[int, str]:
    bulletin = Bulletin.objects.get(region__county=county)
    with CaptureQueriesContext(connection) as ctx:
        doc = doc_for(bulletin)
        text = render_text(doc)
        render_docx(doc, BytesIO())
        render_xlsx(doc.annexes, BytesIO())
    return len(ctx.captured_queries), text


def test_a_bulletin_costs_the_same_queries_whatever_the_database_and_the_rows():
    generate_scale(ONE, 13)
    first = divisions(ONE)[0].county
    small, text = _bulletin_queries(first)
    assert small <= 10
    assert "目标任务" in text and "附件" in text
    generate_scale(MORE, 13)  # two more counties, with five times the items and more rounds
    assert _bulletin_queries(first)[0] == small
    for d in divisions(MORE)[1:]:
        queries, text = _bulletin_queries(d.county)
        assert queries == small
        assert "40项" in text  # the bigger list is counted in full
