"""Drafting a 任免通知 from a list of changes, and reading that list from CSV/YAML."""

import datetime
from pathlib import Path

import docx
import pytest

from duban.core.appointments import parse_appointments
from duban.core.errors import ParseError
from duban.core.model import Action, Appointment, Paragraph
from duban.core.notice_draft import (
    default_recipients,
    draft_notice,
    load_changes,
    notice_doc,
    render_body_lines,
    write_notice_docx,
)
from duban.core.parse import parse_file
from duban.core.posts import split_post
from duban.core.render.spec import DocKind

A, R = Action.APPOINT, Action.REMOVE
ISSUER = "岳阳市云溪区人民政府"
RECIPIENTS = "各镇人民政府、街道办事处，绿色化工高新区管委会，区直及驻区各单位"


def _change(person: str, action: Action, post: str, probation: str | None = None, concurrent: bool = False):
    org, title = split_post(post)
    return Appointment(person, action, post, org, title, probation=probation, concurrent=concurrent)


def _key(item: Appointment) -> tuple[str, Action, str, str | None, bool]:
    return (item.person, item.action, item.post, item.probation, item.concurrent)


CHANGES = [
    _change("付年初", A, "区政府办副主任"),
    _change("付年初", R, "区供销合作联社监事会主任"),
    _change("刘志国", A, "区供销合作联社监事会主任", probation="一年"),
    _change("刘志国", R, "区应急管理局副局长"),
    _change("肖玉梅", A, "区卫生健康局副局长", concurrent=True),
    _change("肖玉梅", A, "区疾病预防控制局局长"),
    _change("陈志刚", R, "区政府办副主任"),
    _change("丁先波", R, "区应急管理局执法局局长", concurrent=True),
]


def _draft(changes: list[Appointment], number: str | None = "岳云政人〔2024〕3号") -> str:
    return draft_notice(
        changes, issuer=ISSUER, number=number, date=datetime.date(2024, 7, 29), recipients=RECIPIENTS
    )


def test_it_drafts_in_the_sample_conventions():
    assert _draft(CHANGES) == (
        "岳云政人〔2024〕3号\n"
        "\n"
        "岳阳市云溪区人民政府\n"
        "关于付年初等同志职务任免的通知\n"
        "\n"
        "各镇人民政府、街道办事处，绿色化工高新区管委会，区直及驻区各单位：\n"
        "经研究，同意：\n"
        "付年初同志任区政府办副主任，免去其区供销合作联社监事会主任职务；\n"
        "刘志国同志任区供销合作联社监事会主任（试用期一年），免去其区应急管理局副局长职务；\n"
        "肖玉梅同志任区卫生健康局副局长（兼）、区疾病预防控制局局长；\n"
        "免去陈志刚同志区政府办副主任职务；\n"
        "免去丁先波同志区应急管理局执法局局长（兼）职务。\n"
        "\n"
        "\n"
        "岳阳市云溪区人民政府\n"
        "2024年7月29日\n"
    )


def test_it_names_one_person_without_deng():
    text = _draft([_change("黎敏", R, "区民政局副局长")], number=None)
    lines = text.splitlines()
    assert lines[:2] == ["岳阳市云溪区人民政府", "关于黎敏同志职务任免的通知"]
    assert "免去黎敏同志区民政局副局长职务。" in lines


def test_appointments_come_first_and_removals_join_per_person():
    changes = [
        _change("刘奇", R, "区信访局副局长"),
        _change("郑新宇", A, "区统计局副局长"),
        _change("郑新宇", R, "区统计局总统计师"),
        _change("郑新宇", R, "区数据局副局长"),
        _change("刘奇", R, "区水利局副局长"),
    ]
    assert render_body_lines(changes) == [
        "郑新宇同志任区统计局副局长，免去其区统计局总统计师、区数据局副局长职务；",
        "免去刘奇同志区信访局副局长、区水利局副局长职务。",
    ]
    assert _draft(changes).splitlines()[3] == "关于郑新宇等同志职务任免的通知"


@pytest.mark.parametrize(
    "changes",
    [
        CHANGES,
        [
            _change("刘奇", R, "区信访局副局长"),
            _change("郑新宇", A, "区统计局副局长"),
            _change("刘奇", R, "区水利局副局长"),
        ],
        [_change("何叶", A, "松杨湖街道综合执法大队大队长", probation="六个月", concurrent=True)],
    ],
)
def test_the_draft_reads_back_to_the_same_changes(changes):
    text = _draft(changes)
    lines = text.splitlines()
    body = lines[lines.index("经研究，同意：") + 1 : lines.index("", lines.index("经研究，同意："))]
    items, warnings = parse_appointments([Paragraph(t, n) for n, t in enumerate(body, start=1)])
    assert warnings == []
    assert sorted(map(_key, items)) == sorted(map(_key, changes))


def test_it_redrafts_the_sample_body_verbatim(sample_path: Path):
    lines = sample_path.read_text(encoding="utf-8").splitlines()
    begin = lines.index("经研究，同意：") + 1  # the first notice, 岳云政人〔2024〕2号
    end = lines.index(ISSUER, begin)
    body = [t for t in lines[begin:end] if t.strip()]
    items, _ = parse_appointments([Paragraph(t, n) for n, t in enumerate(body, start=1)])
    assert render_body_lines(items) == body


def test_it_refuses_an_empty_list():
    with pytest.raises(ParseError):
        _draft([])


# --- load_changes ----------------------------------------------------------------------------


def _write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_it_loads_a_chinese_csv(tmp_path):
    path = _write(
        tmp_path,
        "changes.csv",
        "姓名,动作,职务,试用期,兼任\n"
        "肖玉梅,任,区卫生健康局副局长,,是\n"
        "程国华,任,陆城镇综合执法大队大队长,一年,\n"
        "\n"
        "丁先波同志,免,区应急管理局执法局局长职务,,兼\n",
    )
    changes = load_changes(path)
    assert [_key(c) for c in changes] == [
        ("肖玉梅", A, "区卫生健康局副局长", None, True),
        ("程国华", A, "陆城镇综合执法大队大队长", "一年", False),
        ("丁先波", R, "区应急管理局执法局局长", None, True),
    ]
    assert (changes[1].org, changes[1].title, changes[1].mode) == ("陆城镇综合执法大队", "大队长", "任")
    assert changes[2].mode == "免去"


def test_it_loads_an_english_csv_with_a_bom(tmp_path):
    path = tmp_path / "changes.csv"
    path.write_bytes("\ufeffperson,action,post\n黎敏,免,区民政局副局长\n".encode())
    assert [_key(c) for c in load_changes(str(path))] == [("黎敏", R, "区民政局副局长", None, False)]


def test_it_loads_yaml(tmp_path):
    path = _write(
        tmp_path,
        "changes.yaml",
        "- {姓名: 郑新宇, 动作: 任, 职务: 区统计局副局长}\n"
        "- {姓名: 郑新宇, 动作: 免, 职务: 区统计局总统计师}\n"
        "- person: 詹良\n  action: 任\n  post: 区疾病预防控制中心主任\n  probation: 一年\n  concurrent: false\n",
    )
    assert [_key(c) for c in load_changes(path)] == [
        ("郑新宇", A, "区统计局副局长", None, False),
        ("郑新宇", R, "区统计局总统计师", None, False),
        ("詹良", A, "区疾病预防控制中心主任", "一年", False),
    ]


@pytest.mark.parametrize(
    ("name", "text", "row", "fragment"),
    [
        ("bad.csv", "姓名,动作,职务\n黎敏,免,区民政局副局长\n刘奇,调,区信访局副局长\n", 3, "动作"),
        ("bad.csv", "姓名,动作,职务\n,免,区民政局副局长\n", 2, "姓名"),
        ("bad.csv", "姓名,动作,职务\n黎敏,免,\n", 2, "职务"),
        ("bad.csv", "姓名,职务\n黎敏,区民政局副局长\n", 1, "动作"),
        ("bad.csv", "姓名,动作,职务,兼任\n黎敏,免,区民政局副局长,也许\n", 2, "兼任"),
        ("bad.csv", "姓名,动作,职务,试用期\n黎敏,免,区民政局副局长,一年\n", 2, "试用期"),
        (
            "bad.yaml",
            "- {姓名: 黎敏, 动作: 免, 职务: 区民政局副局长}\n- {姓名: 刘奇, 动作: 升, 职务: 区信访局副局长}\n",
            2,
            "动作",
        ),
        ("bad.yaml", "- 黎敏\n", 1, "姓名"),
    ],
)
def test_a_bad_row_is_a_parse_error_naming_the_row(tmp_path, name, text, row, fragment):
    with pytest.raises(ParseError) as caught:
        load_changes(_write(tmp_path, name, text))
    assert caught.value.row == row
    assert fragment in caught.value.message


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("changes.txt", "姓名,动作,职务\n"),
        ("changes.yaml", "姓名: 黎敏\n"),
        ("changes.yaml", "- [\n"),
        ("changes.csv", ""),
    ],
)
def test_an_unreadable_file_is_a_parse_error(tmp_path, name, text):
    with pytest.raises(ParseError):
        load_changes(_write(tmp_path, name, text))


def test_a_missing_file_is_a_parse_error(tmp_path):
    with pytest.raises(ParseError):
        load_changes(str(tmp_path / "missing.csv"))


# --- the notice as a Word 公文 ---------------------------------------------------------------------


def test_default_recipients_are_the_samples_with_the_park() -> None:
    assert default_recipients(["绿色化工高新区"]) == RECIPIENTS
    assert default_recipients() == "各镇人民政府、街道办事处，区直及驻区各单位"
    assert (
        default_recipients(["某某经开区管委会"], level="县")
        == "各镇人民政府、街道办事处，某某经开区管委会，县直及驻县各单位"
    )


def _docx(tmp_path: Path, date: datetime.date | None = datetime.date(2024, 7, 29)) -> Path:
    path = tmp_path / "notice.docx"
    write_notice_docx(
        CHANGES,
        path,
        issuer=ISSUER,
        number="岳云政人〔2024〕3号",
        date=date,
        recipients=default_recipients(["绿色化工高新区"]),
    )
    return path


def test_the_word_notice_is_laid_out_as_the_samples(tmp_path: Path) -> None:
    texts = [p.text for p in docx.Document(str(_docx(tmp_path))).paragraphs if p.text]
    assert texts == [
        "岳阳市云溪区人民政府文件",
        "岳云政人〔2024〕3号",
        "岳阳市云溪区人民政府\n关于付年初等同志职务任免的通知",
        RECIPIENTS + "：",
        "经研究，同意：",
        "付年初同志任区政府办副主任，免去其区供销合作联社监事会主任职务；",
        "刘志国同志任区供销合作联社监事会主任（试用期一年），免去其区应急管理局副局长职务；",
        "肖玉梅同志任区卫生健康局副局长（兼）、区疾病预防控制局局长；",
        "免去陈志刚同志区政府办副主任职务；",
        "免去丁先波同志区应急管理局执法局局长（兼）职务。",
        ISSUER,
        "2024年7月29日",
    ]


def test_the_word_notice_reads_back_as_the_changes(tmp_path: Path) -> None:
    [notice] = parse_file(_docx(tmp_path))
    assert (str(notice.number), notice.issuer, notice.title, notice.date) == (
        "岳云政人〔2024〕3号",
        ISSUER,
        "关于付年初等同志职务任免的通知",
        datetime.date(2024, 7, 29),
    )
    assert notice.recipients == ["各镇人民政府", "街道办事处", "绿色化工高新区管委会", "区直及驻区各单位"]
    assert sorted(_key(a) for a in notice.appointments) == sorted(_key(c) for c in CHANGES)


def test_without_a_date_the_notice_leaves_a_blank_to_fill(tmp_path: Path) -> None:
    last = docx.Document(str(_docx(tmp_path, date=None))).paragraphs[-1]
    assert last.text == "\u3000\u3000年\u3000月\u3000日"
    assert _draft(CHANGES).endswith("2024年7月29日\n")
    blank = draft_notice(CHANGES, issuer=ISSUER, number=None, date=None, recipients=RECIPIENTS)
    assert blank.endswith(f"{ISSUER}\n____年__月__日\n")


def test_the_notice_doc_is_an_appointment_for_the_renderer() -> None:
    doc = notice_doc(
        CHANGES, issuer=ISSUER, number=None, date=None, recipients=RECIPIENTS, copy_to=["区委组织部"]
    )
    assert (doc.kind, doc.mark_text(), doc.copy_to, doc.title) == (
        DocKind.APPOINTMENT,
        "岳阳市云溪区人民政府文件",
        ["区委组织部"],
        "关于付年初等同志职务任免的通知",
    )
