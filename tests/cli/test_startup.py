"""Start-up loads what the call needs: the Word/Excel readers, cn2an and OpenCC only when used.

Deterministic checks of sys.modules in a fresh interpreter (the time is the bench's business:
bench/startup.py)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("docx", "openpyxl", "cn2an", "opencc")
NOTICE = "某政人〔2024〕1号\n某某区人民政府\n关于人员职务任免的通知\n经研究，同意：\n王志国同志任区财政局副局长。\n某某区人民政府\n2024年7月29日\n"


def _loaded(code: str, tmp_path, argv: tuple[str, ...] = ()) -> list[str]:
    """The heavy modules in sys.modules after running `code` in a new interpreter."""
    probe = f"{code}\nimport json, sys\nprint(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    env = {"DUBAN_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin", "PYTHONWARNINGS": "ignore"}
    out = subprocess.run(
        [sys.executable, "-c", probe, *argv],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        cwd=tmp_path,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _cli(*args: str) -> str:
    """Code that runs `duban args…` in-process and keeps going after its exit."""
    return f"import sys\nfrom duban.cli import main\ntry:\n    main({list(args)!r})\nexcept SystemExit:\n    pass"


def test_importing_the_cli_and_the_settings_loads_none_of_them(tmp_path):
    code = "import django, os\nos.environ['DJANGO_SETTINGS_MODULE'] = 'duban.project.settings'\nimport duban.cli\ndjango.setup()"
    assert _loaded(code, tmp_path) == []


def test_help_loads_none_of_them(tmp_path):
    assert _loaded(_cli("--help"), tmp_path) == []


def test_parsing_a_text_file_loads_none_of_them(tmp_path):
    notice = tmp_path / "notice.txt"
    notice.write_text(NOTICE, encoding="utf-8")
    assert _loaded(_cli("parse", str(notice)), tmp_path) == []


def test_the_core_parses_text_without_them(tmp_path):
    code = f"from duban.core.parse import parse_string\nassert parse_string({NOTICE!r})[0].appointments"
    assert _loaded(code, tmp_path) == []


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("from duban.core.metadata import parse_date\nparse_date('二〇二四年七月二十九日')", ["cn2an"]),
        (
            "from duban.core.parse import parse_string\nparse_string('縣人民政府關於張偉同志任職的通知\\n張偉同志任縣財政局副局長。')",
            ["opencc"],
        ),
    ],
)
def test_each_is_loaded_when_a_text_needs_it(tmp_path, code, expected):
    assert _loaded(code, tmp_path) == expected
