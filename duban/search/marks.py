"""Matched text, marked: where the search terms occur in a text, and a window around the first.

The marks are positions, not HTML: the page writes each piece through Django's escaping (a
user's text may contain `<script>`), wrapping the matched pieces in `<mark>`; the API sends
the text with the positions. Matching ignores case as the databases do (ASCII letters).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ELLIPSIS = "…"


@dataclass(frozen=True)
class Span:
    """A matched part of a text: `text[start:end]`."""

    start: int
    end: int


@dataclass(frozen=True)
class Piece:
    text: str
    hit: bool


@dataclass(frozen=True)
class Marked:
    """A text and the parts of it that match the search terms."""

    text: str
    spans: tuple[Span, ...] = ()

    def pieces(self) -> list[Piece]:
        """The text in order, cut at the marks (what the template writes)."""
        out: list[Piece] = []
        at = 0
        for span in self.spans:
            if span.start > at:
                out.append(Piece(self.text[at : span.start], False))
            out.append(Piece(self.text[span.start : span.end], True))
            at = span.end
        if at < len(self.text):
            out.append(Piece(self.text[at:], False))
        return out

    def __bool__(self) -> bool:
        return bool(self.text)


def pattern(terms: tuple[str, ...]) -> re.Pattern[str]:
    """One regular expression for the terms, longest first (so 区人社局 wins over 区)."""
    ordered = sorted(set(terms), key=len, reverse=True)
    return re.compile("|".join(re.escape(t) for t in ordered), re.IGNORECASE)


def flat(text: str) -> str:
    """Runs of whitespace (line breaks of a document) as one space: a term has none inside it."""
    return " ".join(text.split())


def mark(text: str, found: re.Pattern[str], width: int | None = None) -> Marked:
    """The text (flattened) with its matches; cut to `width` characters around the first match."""
    text = flat(text)
    spans = [Span(m.start(), m.end()) for m in found.finditer(text) if m.end() > m.start()]
    if width is None or len(text) <= width:
        return Marked(text, tuple(spans))
    first = spans[0].start if spans else 0
    start = max(0, min(first - width // 4, len(text) - width))
    end = start + width
    head = ELLIPSIS if start > 0 else ""
    tail = ELLIPSIS if end < len(text) else ""
    shift = len(head) - start
    kept = tuple(
        Span(max(s.start, start) + shift, min(s.end, end) + shift)
        for s in spans
        if s.end > start and s.start < end
    )
    return Marked(head + text[start:end] + tail, kept)


def labelled(label: str, marked: Marked) -> Marked:
    """A label before a marked text (简称、别称：…), the label itself never marked."""
    shift = len(label)
    return Marked(label + marked.text, tuple(Span(s.start + shift, s.end + shift) for s in marked.spans))


def matches(text: str, found: re.Pattern[str]) -> bool:
    return found.search(text) is not None
