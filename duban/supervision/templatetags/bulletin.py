"""Template helpers of the bulletin page: a section's paragraphs, with count sentences marked."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html, format_html_join

from duban.supervision.sections import TOKENS

register = template.Library()


@register.simple_tag
def section_body(section: Any) -> str:
    """The section's paragraphs; a count sentence (recomputed from the data) is marked as such."""
    paragraphs = []
    for paragraph in section.paragraphs:
        parts = format_html_join(
            "",
            "{}",
            (
                (
                    format_html(
                        '<span class="generated" title="由调度数据生成">{}</span>',
                        s.text or TOKENS[s.statistic],
                    ),
                )
                if s.statistic
                else (s.text,)
                for s in paragraph.segments
            ),
        )
        paragraphs.append(format_html('<p class="indent">{}</p>', parts))
    return format_html_join("", "{}", ((p,) for p in paragraphs))
