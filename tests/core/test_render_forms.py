"""Return forms a unit fills in, as Excel and Word: keys, open cells, targets, signers, 仅供查阅."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import docx
import openpyxl
import pytest
from docx.oxml.ns import qn

from duban.core.render.forms import (
    KEY_SHEET,
    NOT_APPLICABLE,
    READ_ONLY,
    READ_ONLY_NOTE,
    TO_FILL,
    FormColumn,
    FormRow,
    ReturnForm,
    render_form_docx,
    render_form_xlsx,
)
from tests.core.office import pdf_text, to_pdf

STATUSES = ("基本完成", "常态化或按时序推进", "相对滞后")
COLUMNS = [
    FormColumn("事项编号", 8, key=True),
    FormColumn("序号", 6, 11, centred=True),
    FormColumn("事项", 38, 42),
    FormColumn("目标", 12, 18, centred=True),
    FormColumn("上期进展", 36, 42),
    FormColumn("本期进展情况", 42, 46, fill=True),
    FormColumn("完成比例（%）", 10, 16, fill=True, centred=True, number=(0, 10000)),
    FormColumn("自评进度", 14, 16, fill=True, centred=True, choices=STATUSES),
    FormColumn("备注", 14, 16, fill=True),
]
ROWS = [
    FormRow(
        101,
        {
            "序号": 9,
            "事项": "落实就业优先政策，新增城镇就业5600人以上，新增农村劳动力转移就业1100人以上。",
            "目标": "新增城镇就业5600人以上；新增农村劳动力转移就业1100人以上",
            "上期进展": "截至6月底，新增城镇就业3096人，新增农村劳动力转移就业617人。",
        },
    ),
    FormRow(
        102,
        {"序号": 15, "事项": "升级打造陆城湖鲜特色小镇。", "目标": "", "上期进展": '=HYPERLINK("x")'},
        has_target=False,
    ),
]


def form(**changes: object) -> ReturnForm:
    made = ReturnForm(
        title="《2024年<政府工作报告>目标任务分解》\n2024年1-7月进展情况回执表",
        info="填报单位：区人社局　　截至日期：2024年7月31日",
        instructions="填表说明：请在黄色栏填写；完成比例填数字。",
        columns=COLUMNS,
        rows=ROWS,
        key={"format": "duban-回执表-1", "round": 12, "kind": "tasks", "unit": "区人力资源和社会保障局"},
        identifier="duban-round:12",
        password="督查室2024",
    )
    for name, value in changes.items():
        setattr(made, name, value)
    return made


def book(f: ReturnForm) -> openpyxl.Workbook:
    out = BytesIO()
    render_form_xlsx(f, out)
    return openpyxl.load_workbook(BytesIO(out.getvalue()))


def header_row(ws: openpyxl.worksheet.worksheet.Worksheet) -> int:
    return next(r for r in range(1, 10) if ws.cell(r, 2).value == "序号")


def test_the_sheet_carries_its_keys_hidden() -> None:
    wb = book(form())
    assert wb[KEY_SHEET].sheet_state == "veryHidden"
    assert {r[0].value: r[1].value for r in wb[KEY_SHEET].iter_rows(max_col=2)}["round"] == 12
    ws = wb["回执表"]
    top = header_row(ws) + 1
    assert ws.column_dimensions["A"].hidden
    assert [ws.cell(top + i, 1).value for i in range(2)] == [101, 102]


def test_targets_are_filled_and_the_ratio_is_open_only_where_there_is_one() -> None:
    ws = book(form())["回执表"]
    top = header_row(ws) + 1
    assert ws.cell(top, 4).value == "新增城镇就业5600人以上；新增农村劳动力转移就业1100人以上"
    with_target, without = ws.cell(top, 7), ws.cell(top + 1, 7)
    assert (with_target.protection.locked, with_target.fill.fgColor.rgb) == (False, TO_FILL.fgColor.rgb)
    assert (without.protection.locked, without.fill.fgColor.rgb) == (True, NOT_APPLICABLE.fgColor.rgb)
    assert not ws.cell(top, 6).protection.locked  # 本期进展情况
    assert ws.cell(top, 3).protection.locked  # 事项 is the office's
    ranges = {str(dv.sqref): dv.type for dv in ws.data_validations.dataValidation}
    assert ranges == {f"H{top}:H{top + 1}": "list", f"G{top}": "decimal"}


def test_the_sheet_is_protected_with_the_configured_password() -> None:
    ws = book(form())["回执表"]
    assert ws.protection.sheet
    assert ws.protection.password  # stored hashed
    assert book(form(password=None))["回执表"].protection.password is None


def test_the_signers_fill_in_their_names_under_the_table() -> None:
    ws = book(form())["回执表"]
    r = header_row(ws) + len(ROWS) + 2
    assert [ws.cell(r, c).value for c in (2, 4, 6)] == ["填报人：", "联系电话：", "单位负责人（签字）："]
    assert [ws.cell(r, c).protection.locked for c in (3, 5, 7)] == [False, False, False]


def test_text_from_last_round_is_never_a_formula() -> None:
    ws = book(form())["回执表"]
    cell = ws.cell(header_row(ws) + 2, 5)
    assert (cell.data_type, cell.value) == ("s", '=HYPERLINK("x")')


def test_a_closed_rounds_sheet_is_marked_and_locked() -> None:
    ws = book(form(read_only=True))["回执表"]
    assert ws.cell(1, 2).value == READ_ONLY_NOTE
    assert ws.oddHeader.center.text == READ_ONLY
    cells = [
        c for row in ws.iter_rows() for c in row if c.value is not None or c.fill.fgColor.rgb != "00000000"
    ]
    assert all(c.protection.locked for c in cells)
    assert ws.data_validations.dataValidation == []


# --- Word ----------------------------------------------------------------------------------------


def document(f: ReturnForm) -> docx.document.Document:
    out = BytesIO()
    render_form_docx(f, out)
    return docx.Document(BytesIO(out.getvalue()))


def test_the_word_form_keeps_each_rows_key_hidden_in_its_first_cell() -> None:
    word = document(form())
    (table,) = word.tables
    assert [c.text for c in table.rows[0].cells] == [c.header for c in COLUMNS[1:]]
    first = table.rows[1].cells[0]
    assert first.text == "9#101"
    hidden = [r for r in first._tc.iter(qn("w:r")) if r.find(f"{qn('w:rPr')}/{qn('w:vanish')}") is not None]
    assert [r.xpath("string(.)") for r in hidden] == ["#101"]
    assert table.rows[2].cells[5].text == "—"  # no target: nothing to measure
    assert word.core_properties.identifier == "duban-round:12"


def test_the_word_form_is_landscape_numbered_and_signed() -> None:
    word = document(form())
    section = word.sections[0]
    assert section.page_width > section.page_height
    assert "PAGE" in section.footer._element.xpath("string(.)")
    assert word.paragraphs[-1].text.startswith("填报人：")
    height = word.tables[0].rows[1]._tr.find(f"{qn('w:trPr')}/{qn('w:trHeight')}")
    assert (height.get(qn("w:hRule")), int(height.get(qn("w:val")))) == ("atLeast", 794)  # 14 mm


def test_a_closed_rounds_word_form_is_read_only() -> None:
    word = document(form(read_only=True))
    assert word.paragraphs[0].text == READ_ONLY_NOTE
    protection = word.settings.element.find(qn("w:documentProtection"))
    assert (protection.get(qn("w:edit")), protection.get(qn("w:enforcement"))) == ("readOnly", "1")
    assert protection.get(qn("w:algorithmName")) == "SHA-512" and protection.get(qn("w:hashValue"))


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    out = tmp_path_factory.mktemp("forms")
    paths = [out / "sheet.xlsx", out / "word.docx", out / "closed.xlsx"]  # one stem each: one PDF each
    render_form_xlsx(form(), paths[0])
    render_form_docx(form(), paths[1])
    render_form_xlsx(form(read_only=True), paths[2])
    return to_pdf(paths)


def test_the_forms_print_with_every_item(printed: list[Path]) -> None:
    for pdf in printed[:2]:
        text = "".join(pdf_text(pdf, "-raw").split())
        assert "落实就业优先政策" in text and "升级打造陆城湖鲜特色小镇" in text
        assert "填报人：" in text
    assert READ_ONLY in pdf_text(printed[2])
