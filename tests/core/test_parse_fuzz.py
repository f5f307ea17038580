"""hypothesis against the intake core: random text, random bytes and mutated real notices either
parse or raise the documented ParseError — nothing else, ever."""

from __future__ import annotations

import io
from pathlib import Path

import docx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from duban.core.errors import ParseError
from duban.core.parse import parse_data, parse_string

SAMPLE = (Path(__file__).resolve().parents[2] / "samples" / "yunxi-2024.txt").read_text(encoding="utf-8")
# The notices of the sample, one by one (mutating a short one exercises more paths per second).
PIECES = [p for p in SAMPLE.split("\n\n\n") if len(p) > 200][:6] or [SAMPLE[:4000]]
NOTICE_WORDS = st.sampled_from(
    [
        "任免",
        "通知",
        "同志",
        "任",
        "免去",
        "职务",
        "附件",
        "序号",
        "牵头单位",
        "进展情况",
        "\t",
        "\n",
        "一、",
        "（一）",
        "2024年",
    ]
)
FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None)


def _parses_or_refuses(call) -> None:  # type: ignore[no-untyped-def]
    try:
        call()
    except ParseError as exc:
        assert exc.message  # a Chinese message for the user


@FAST
@given(st.text(max_size=3000))
def test_random_text(text: str) -> None:
    _parses_or_refuses(lambda: parse_string(text, "随机.txt"))


@FAST
@given(st.lists(st.one_of(NOTICE_WORDS, st.text(max_size=20)), max_size=200).map("".join))
def test_text_made_of_the_words_of_notices(text: str) -> None:
    _parses_or_refuses(lambda: parse_string(text, "拼凑.txt"))


@st.composite
def mutated(draw: st.DrawFn) -> str:
    """A notice of the sample with slices cut, repeated, swapped or overwritten."""
    text = draw(st.sampled_from(PIECES))
    for _ in range(draw(st.integers(1, 6))):
        a = draw(st.integers(0, len(text)))
        b = draw(st.integers(a, min(len(text), a + 400)))
        how = draw(st.sampled_from(["cut", "repeat", "insert", "swap"]))
        if how == "cut":
            text = text[:a] + text[b:]
        elif how == "repeat":
            text = text[:b] + text[a:b] + text[b:]
        elif how == "insert":
            text = text[:a] + draw(st.one_of(NOTICE_WORDS, st.text(max_size=30))) + text[a:]
        else:
            text = text[a:b] + text[:a] + text[b:]
    return text


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None)
@given(mutated())
def test_mutated_sample_notices(text: str) -> None:
    _parses_or_refuses(lambda: parse_string(text, "改动.txt"))


@FAST
@given(st.binary(max_size=4000), st.sampled_from(["a.txt", "a.docx", "a.xlsx", "a", "a.pdf"]))
def test_random_bytes_under_any_name(data: bytes, name: str) -> None:
    _parses_or_refuses(lambda: parse_data(data, name))


def _docx_bytes(text: str) -> bytes:
    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


DOCX = _docx_bytes(PIECES[0])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None)
@given(st.integers(0, len(DOCX) - 1), st.binary(min_size=1, max_size=64), st.booleans())
def test_a_damaged_word_file(at: int, noise: bytes, cut: bool) -> None:
    data = DOCX[:at] if cut else DOCX[:at] + noise + DOCX[at + len(noise) :]
    _parses_or_refuses(lambda: parse_data(data, "任免.docx"))
