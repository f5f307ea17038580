"""The bulletin's percentages: shares of a total that add up to exactly 100.

A bulletin writes "已完成的7项，占8.8%；…64项，占80%；…9项，占11.2%": one decimal at most, no
trailing ".0", and the shares of one total must add up to 100 — readers check the sum.

Method (largest remainders): each share is first rounded to one decimal, half to even; if the
rounded shares do not add up to 100, the difference is moved in steps of 0.1 — added to the
shares that were rounded down the most, or taken from those rounded up the most (ties: the
earlier count). Each share therefore stays within 0.1 of its true value.
"""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

from duban.core.errors import ParseError
from duban.core.model import decimal_str

STEP = Decimal("0.1")
HUNDRED = Decimal(100)


def shares(counts: list[int], step: Decimal = STEP) -> list[Decimal]:
    """Each count's percent of the total, to `step` (0.1 or 1), summing to exactly 100 (0s for a zero total)."""
    if any(c < 0 for c in counts):
        raise ParseError("计数不能为负数", english=f"negative count in {counts!r}")
    total = sum(counts)
    if total == 0:
        return [Decimal(0).quantize(step) for _ in counts]
    exact = [Decimal(c) * HUNDRED / Decimal(total) for c in counts]
    rounded = [e.quantize(step, rounding=ROUND_HALF_EVEN) for e in exact]
    steps = int((HUNDRED - sum(rounded)) / step)
    if steps:
        # How far each share was rounded down (positive) or up (negative).
        remainders = [e - r for e, r in zip(exact, rounded, strict=True)]
        sign = 1 if steps > 0 else -1
        order = sorted(range(len(counts)), key=lambda i: (-sign * remainders[i], i))
        for i in order[: abs(steps)]:
            rounded[i] += sign * step
    return rounded


def truncated_shares(counts: list[int], step: Decimal = STEP) -> list[Decimal]:
    """Shares cut down to `step` (not rounded), the last non-zero count taking what makes 100.

    Some offices write shares this way: 2/3 → 66%, 1/3 → 34% rather than 67% and 33%."""
    if any(c < 0 for c in counts):
        raise ParseError("计数不能为负数", english=f"negative count in {counts!r}")
    total = sum(counts)
    if total == 0:
        return [Decimal(0).quantize(step) for _ in counts]
    cut = [(Decimal(c) * HUNDRED / Decimal(total)).quantize(step, rounding=ROUND_DOWN) for c in counts]
    last = max(i for i, c in enumerate(counts) if c)
    cut[last] = HUNDRED - sum(v for i, v in enumerate(cut) if i != last)
    return cut


def format_percent(value: Decimal) -> str:
    """A percent as a bulletin writes it: one decimal at most (四舍五入), no trailing ".0": 80 → "80%"."""
    return f"{decimal_str(value.quantize(STEP, rounding=ROUND_HALF_UP))}%"
