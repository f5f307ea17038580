"""`{% marked text %}`: a marked text as HTML — every piece escaped, the matches in <mark>."""

from __future__ import annotations

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

from duban.search.marks import Marked

register = template.Library()


@register.simple_tag
def marked(value: Marked) -> SafeString:
    # Escaped piece by piece before the <mark> tags are added: a user's "<b>" stays text.
    html = "".join(
        format_html("<mark>{}</mark>", piece.text) if piece.hit else conditional_escape(piece.text)
        for piece in value.pieces()
    )
    return mark_safe(html)  # noqa: S308 - built from escaped pieces only
