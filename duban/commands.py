"""Shared base for duban's management commands: one-line Chinese errors, exit status 2, JSON output."""

from __future__ import annotations

import json
import logging
import sys
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from duban.core.errors import ParseError

log = logging.getLogger("duban.cli")


class UserError(Exception):
    """Bad input from the user: a Chinese message for the terminal, an English one for the log."""

    def __init__(self, message: str, english: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.english = english or message


class DubanCommand(BaseCommand):
    """A command whose user errors print one line and exit with status 2, never a traceback."""

    json_option = True

    def add_arguments(self, parser: CommandParser) -> None:
        if self.json_option:
            parser.add_argument("--json", action="store_true", help="以 JSON 输出（供程序使用）")

    def execute(self, *args: Any, **options: Any) -> str | None:
        try:
            return super().execute(*args, **options)
        except ParseError as exc:
            self._fail(str(exc), exc.log_message())
        except UserError as exc:
            self._fail(exc.message, exc.english)
        except BrokenPipeError:
            raise  # the reader went away (`| head`): handled quietly by duban.cli
        except OSError as exc:
            # Reading or writing a file the user named: a missing folder, no permission, a full disk.
            where = exc.filename or ""
            self._fail(f"文件读写失败：{where}（{exc.strerror or exc}）", f"file error {where!r}: {exc}")
        return None

    def _fail(self, message: str, english: str) -> None:
        log.warning("%s failed: %s", self.__class__.__module__.rsplit(".", 1)[-1], english)
        sys.stderr.write(f"错误：{message}\n")
        sys.exit(2)

    def emit_json(self, data: Any) -> None:
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def parse_day(text: str | None, option: str) -> date | None:
    """An ISO date from an option, or a UserError naming the option."""
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UserError(
            f"{option} 的日期“{text}”无效，应为 YYYY-MM-DD", f"bad date for {option}: {text!r}"
        ) from None
