"""The menu bar: each role's entries, an office's grouped so that they fit a 1366px screen."""

from __future__ import annotations

from duban.web.context import MenuGroup, grouped, menu


def test_the_offices_follow_up_and_records_share_dropdowns(personas):
    entries = grouped(menu(personas.officer))
    groups = {e.label: [i.label for i in e.items] for e in entries if isinstance(e, MenuGroup)}
    assert groups == {"批示与延期": ["领导批示", "延期申请"], "公文与干部": ["导入公文", "干部任免", "单位"]}
    # Every item of the flat menu is still reachable, once, in its order.
    flat = [i.label for e in entries for i in (e.items if isinstance(e, MenuGroup) else [e])]
    assert flat == [i.label for i in menu(personas.officer)]
    assert len(entries) <= 10


def test_a_units_menu_has_no_group_of_one(personas):
    entries = grouped(menu(personas.reporter))
    assert not any(isinstance(e, MenuGroup) for e in entries)
    assert [e.label for e in entries] == [i.label for i in menu(personas.reporter)]


def test_the_bar_draws_a_group_as_a_dropdown_and_marks_the_open_section(client, personas):
    client.force_login(personas.officer)
    page = client.get("/personnel/").content.decode()
    assert 'class="nav-link dropdown-toggle active"' in page and "公文与干部" in page
    assert 'class="dropdown-item active" href="/personnel/"' in page
