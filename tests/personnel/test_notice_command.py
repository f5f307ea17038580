"""`duban notice draft`: a list of changes becomes a 任免通知 — a real Word 公文, or text."""

from __future__ import annotations

from io import StringIO

import docx
import pytest
from django.core.management import call_command

CSV = "姓名,动作,职务,试用期,兼任\n张三,任,区统计局副局长,一年,\n张三,免,区统计局总统计师,,\n李四,任,区卫生健康局副局长,,是\n"


@pytest.fixture
def changes(tmp_path):
    path = tmp_path / "变动.csv"
    path.write_text(CSV, encoding="utf-8")
    return path


def _run(*args: str) -> str:
    out = StringIO()
    call_command("notice", "draft", *args, stdout=out)
    return out.getvalue()


def test_it_writes_a_word_notice_in_the_samples_layout(changes, tmp_path, db):
    out = tmp_path / "通知.docx"
    printed = _run(
        str(changes),
        "--issuer",
        "岳阳市云溪区人民政府",
        "--number",
        "岳云政人〔2024〕4号",
        "--park",
        "绿色化工高新区",
        "-o",
        str(out),
    )
    assert "Word 公文" in printed
    document = docx.Document(str(out))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "岳云政人〔2024〕4号" in text
    assert "各镇人民政府、街道办事处，绿色化工高新区管委会，区直及驻区各单位：" in text
    assert "经研究，同意：" in text
    assert "张三同志任区统计局副局长（试用期一年），免去其区统计局总统计师职务；" in text
    assert "李四同志任区卫生健康局副局长（兼）。" in text
    assert "FF0000" in document.element.xml.upper()  # the red 版头 (发文机关标志 and separator line)
    assert "2024年" not in text.split("经研究")[-1]  # no date given: none is invented
    from duban.audit.models import Event

    [written] = Event.objects.filter(type="export", object_type="personnel.notice_draft")
    assert written.object_repr == "岳云政人〔2024〕4号" and written.detail["format"] == "docx"
    assert written.actor.startswith("os:") and written.detail["people"] == ["张三", "李四"]


def test_it_writes_text_and_prints_it_by_default(changes, tmp_path, db):
    out = tmp_path / "通知.txt"
    _run(str(changes), "--issuer", "岳阳市云溪区人民政府", "--date", "2024-08-01", "-o", str(out))
    text = out.read_text(encoding="utf-8")
    assert "经研究，同意：" in text and text.rstrip().endswith("2024年8月1日")
    assert "张三同志任区统计局副局长" in _run(str(changes))
