"""A filled-in form reads back as units type into it, or names the row that cannot be read."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from duban.core.errors import ParseError
from duban.supervision.models import MAX_PERCENT
from duban.supervision.returnforms.reading import read_form_file
from duban.supervision.returnforms.writing import write_forms
from tests.supervision.returnforms.conftest import FIRST, HEADER_ROW, fill, form_of


@pytest.fixture
def form(indicators_round, tmp_path):
    return form_of(write_forms(indicators_round, tmp_path), "区卫生健康局", ".xlsx")


@pytest.mark.parametrize(
    ("typed", "number_format", "expected"),
    [
        (85, "General", Decimal(85)),
        ("85%", "General", Decimal(85)),
        ("８５．５％", "General", Decimal("85.5")),
        (0.853, "0.0%", Decimal("85.3")),  # Excel turns "85.3%" typed into a cell into 0.853
        (100.45, "General", Decimal("100.45")),
        (85, '0"%"', Decimal(85)),  # a literal % sign: the value is not a fraction
        ("", "General", None),
    ],
)
def test_percentages_are_read_as_units_type_them(form, typed, number_format, expected):
    wb = openpyxl.load_workbook(form)
    ws = wb.worksheets[0]
    cell = ws.cell(FIRST, 8, typed)
    cell.number_format = number_format
    ws.cell(FIRST, 7, "已完成。")
    wb.save(form)
    [row] = read_form_file(form).rows
    assert row.percent == expected


def test_any_text_typed_in_the_filled_columns_reads_or_names_its_row(form):
    typed = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=12)

    @hypothesis_settings(max_examples=30, deadline=None)
    @given(progress=typed, percent=typed, status=typed)
    def check(progress: str, percent: str, status: str) -> None:
        fill(form, {FIRST: {"本期进展情况": progress, "完成比例（%）": percent, "自评进度": status}})
        try:
            rows = read_form_file(form).rows
        except ParseError as error:
            assert f"第{FIRST}行" in str(error)
            return
        assert all(r.percent is None or 0 <= r.percent <= MAX_PERCENT for r in rows)

    check()


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        ({"自评进度": "进行中"}, "自评进度“进行中”无法识别"),
        ({"完成比例（%）": -5}, "超出范围"),
        ({"完成比例（%）": 5000}, "超出范围"),  # the same bound as an online report
        ({"事项编号": "abc"}, "事项编号“abc”无效"),
        ({"事项编号": None}, "没有事项编号"),
        ({"完成比例（%）": True}, "不是数字"),
    ],
)
def test_bad_cells_name_the_row(form, cells, message):
    fill(form, {FIRST: {"本期进展情况": "已完成。", **cells}})
    with pytest.raises(ParseError) as error:
        read_form_file(form)
    assert message in str(error.value) and f"第{FIRST}行" in str(error.value)


def test_a_date_or_yes_no_cell_is_read_as_text_with_a_warning(form):
    fill(form, {FIRST: {"本期进展情况": date(2024, 7, 20), "备注": True}})
    filled = read_form_file(form)
    [row] = filled.rows
    assert (row.progress, row.remark) == ("2024-07-20", "是")
    assert f"第{FIRST}行本期进展情况是日期格式，已按文字“2024-07-20”读取" in filled.warnings
    assert f"第{FIRST}行备注是“是/否”格式，已按文字“是”读取" in filled.warnings


def test_a_formula_without_a_computed_value_is_a_row_error(form):
    # openpyxl, like a script or a web tool, saves the formula without its result.
    fill(form, {FIRST: {"本期进展情况": "已完成。", "完成比例（%）": f"=H{HEADER_ROW}*2"}})
    with pytest.raises(ParseError) as error:
        read_form_file(form)
    assert f"第{FIRST}行" in str(error.value) and "是公式且没有计算结果" in str(error.value)


def test_a_file_that_is_not_a_form_is_refused(tmp_path):
    path = tmp_path / "表.xlsx"
    openpyxl.Workbook().save(path)
    with pytest.raises(ParseError, match="不是本系统导出的回执表"):
        read_form_file(path)


def test_a_corrupt_file_is_refused_in_one_line(tmp_path):
    path = tmp_path / "表.xlsx"
    path.write_bytes(b"PK\x03\x04 broken")
    with pytest.raises(ParseError, match="无法读取回执表，文件可能已损坏"):
        read_form_file(path)
