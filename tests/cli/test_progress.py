"""`duban import` of a large archive shows a progress bar on a terminal, and only there."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

from duban.benchdata.notices import generate
from duban.cli.progress import line
from tests.conftest import ROOT


def test_the_line_says_what_is_done_the_rate_and_the_time_left():
    assert line("导入 a.txt", "份", 1200, 10_000, 4.0) == (
        "导入 a.txt [##----------------------] 1,200/10,000 份  300 份/秒  剩余 0:29"
    )
    assert line("导入", "份", 10, 10, 1.0).endswith("10/10 份  10 份/秒  剩余 0:00")


def _archive(tmp_path: Path, n: int) -> Path:
    path = tmp_path / "archive.txt"
    path.write_text("\n".join(x.text for x in generate(n, seed=3, regions=1)) + "\n", encoding="utf-8")
    return path


def _run(tmp_path: Path, *args: str, tty: bool) -> tuple[int, str]:
    exe = ROOT / ".venv" / "bin" / "duban"
    command = [str(exe)] if exe.exists() else [sys.executable, "-m", "duban.cli"]
    env = {"PATH": "/usr/bin:/bin", "DUBAN_DATA_DIR": str(tmp_path)}
    if not tty:
        done = subprocess.run([*command, *args], capture_output=True, text=True, timeout=300, env=env)
        return done.returncode, done.stderr
    leader, follower = pty.openpty()
    with subprocess.Popen([*command, *args], stdout=subprocess.DEVNULL, stderr=follower, env=env) as proc:
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the follower side closed: the command ended
                break
            if not chunk:
                break
            chunks.append(chunk)
        code = proc.wait(timeout=300)
    os.close(leader)
    return code, b"".join(chunks).decode("utf-8", "replace")


def test_an_archive_imported_on_a_terminal_shows_the_bar_and_ends_it(tmp_path):
    archive = _archive(tmp_path, 120)
    code, err = _run(tmp_path, "import", str(archive), "--region", "湖南省岳阳市云溪区", tty=True)
    assert code == 0, err
    assert "\r导入 " in err and "120/120 份" in err and "份/秒" in err and "剩余" in err
    assert err.rstrip("\r\n").endswith("剩余 0:00")


def test_no_bar_with_json_or_when_not_on_a_terminal(tmp_path):
    archive = _archive(tmp_path, 60)
    code, err = _run(tmp_path, "import", str(archive), "--region", "湖南省岳阳市云溪区", "--json", tty=True)
    assert code == 0 and "份/秒" not in err
    code, err = _run(tmp_path, "import", str(archive), "--region", "湖南省岳阳市云溪区", tty=False)
    assert code == 0 and "份/秒" not in err
