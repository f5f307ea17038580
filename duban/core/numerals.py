"""Chinese numerals (二十三, 一百零五, 三点五) → numbers, by cn2an, loaded on first use.

Importing cn2an (and the regex tables it builds) costs about a tenth of a second, which every
command and every worker would pay at start-up for a few documents that spell a number out.
"""

from __future__ import annotations

from functools import cache
from typing import Any


@cache
def _cn2an() -> Any:
    import cn2an  # imported here: see the module docstring

    return cn2an.cn2an


def cn_number(text: str) -> Any:
    """cn2an's "smart" reading of a numeral (Chinese, Arabic or mixed); cn2an's errors as raised."""
    return _cn2an()(text, "smart")
