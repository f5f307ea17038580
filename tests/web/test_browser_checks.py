"""The browser checks themselves: they see a missing-glyph box and a page wider than the screen."""

from __future__ import annotations

import pytest

from tests.web.browser import MISSING_GLYPHS, OVERFLOW, browser  # noqa: F401 - the fixture

pytestmark = pytest.mark.browser


def test_a_character_no_font_has_is_reported_and_chinese_is_not(browser):  # noqa: F811
    page = browser.new_page()
    page.set_content("<p>督查通报：已完成\U0010fffd</p>")
    assert page.evaluate(MISSING_GLYPHS) == ["\U0010fffd"]
    page.close()


def test_a_page_wider_than_the_screen_is_reported(browser):  # noqa: F811
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.set_content('<div style="width: 900px">宽表</div>')
    assert page.evaluate(OVERFLOW) > 400
    page.set_content("<div>窄</div>")
    assert page.evaluate(OVERFLOW) <= 0
    page.close()
