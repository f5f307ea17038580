"""`{% id_url %}` gives the path `{% url %}` gives, under any script prefix, and refuses what it refuses."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.urls import NoReverseMatch, clear_script_prefix, set_script_prefix

ROUTES = [
    "supervision:review_entry",
    "supervision:item",
    "supervision:round",
    "units:unit",
    "supervision:bulletin",
]


def _both(name: str, pk: int) -> tuple[str, str]:
    template = Template("{% load links %}{% url name pk %}|{% id_url name pk %}")
    url, fast = template.render(Context({"name": name, "pk": pk})).split("|")
    return url, fast


@pytest.mark.parametrize("name", ROUTES)
@pytest.mark.parametrize("pk", [1, 7, 150, 987654])
def test_the_fast_link_is_the_link(name, pk):
    url, fast = _both(name, pk)
    assert fast == url


def test_a_site_served_under_a_prefix_gets_its_prefix():
    set_script_prefix("/duban/")
    try:
        url, fast = _both("supervision:round", 12)
    finally:
        clear_script_prefix()
    assert fast == url == "/duban/rounds/12/"
    assert _both("supervision:round", 12) == ("/rounds/12/", "/rounds/12/")


def test_a_route_of_more_than_an_id_is_refused_as_url_refuses_it():
    with pytest.raises(NoReverseMatch):
        Template("{% load links %}{% id_url 'supervision:round_change' 3 %}").render(Context())
