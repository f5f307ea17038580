"""Shared base for duban's management commands: arguments in, one-line Chinese errors out.

Commands only translate: they turn arguments into calls of the application layer, and its
refusals (`duban.errors`, the core's `ParseError`) into one line on stderr and exit status 2.
Flags and command names are spoken of only here and in the commands themselves.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db.utils import OperationalError

from duban.actors import Actor
from duban.core.errors import ParseError
from duban.errors import DomainError

log = logging.getLogger("duban.cli")


class UserError(Exception):
    """Bad command-line input: a Chinese message for the terminal, an English one for the log."""

    def __init__(self, message: str, english: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.english = english or message


class DubanCommand(BaseCommand):
    """A command whose refusals print one line and exit with status 2, never a traceback."""

    json_option = True
    user_option = False  # commands that write take --user (default: the operating-system account)

    def add_arguments(self, parser: CommandParser) -> None:
        if self.json_option:
            parser.add_argument("--json", action="store_true", help="以 JSON 输出（供程序使用）")
        if self.user_option:
            add_user_option(parser)

    def execute(self, *args: Any, **options: Any) -> str | None:
        try:
            return super().execute(*args, **options)
        except ParseError as exc:
            self._fail(exc.with_warnings(), exc.log_message())
        except DomainError as exc:
            self._fail(exc.message, exc.detail)
        except UserError as exc:
            self._fail(exc.message, exc.english)
        except BrokenPipeError:
            raise  # the reader went away (`| head`): handled quietly by duban.cli
        except OperationalError as exc:
            if "locked" in str(exc).lower():
                self._fail("数据库正被另一项导入或修改占用，请稍后再试", f"database locked: {exc}")
            self._fail("数据库操作失败（详见日志）", f"database error: {exc}")
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
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=_json_default))

    def actor(self, options: dict[str, Any]) -> Actor:
        """The actor of this run: the user named by --user, else the operating-system account."""
        return cli_actor(options.get("user"))


def _json_default(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        from duban.core.model import decimal_str

        return decimal_str(value)
    return str(value)


def add_user_option(parser: CommandParser) -> None:
    parser.add_argument("--user", help="记录为操作人的用户名（默认当前系统用户）")


def cli_actor(username: str | None) -> Actor:
    """--user names an account (which must exist); without it the OS account is recorded."""
    if not username:
        return Actor.cli()
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(username__iexact=username).first()
    if user is None:
        raise UserError(f"没有用户“{username}”（--user）", f"no user {username!r}")
    return Actor.cli(user)


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


def parse_decimal(text: str | None, option: str) -> Decimal | None:
    """A number from an option, or a UserError naming the option."""
    if text is None:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise UserError(f"{option}“{text}”不是数字", f"bad number for {option}: {text!r}") from None
    if not value.is_finite():
        raise UserError(f"{option}“{text}”不是数字", f"bad number for {option}: {text!r}")
    return value
