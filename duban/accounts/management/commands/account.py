"""`duban account add NAME --role ROLE`: an installation's first accounts (there are none after installing).

The initial password is random, printed once, and must be changed at the first login. The
operator console creates the first system, security and audit administrators; afterwards each
administrator does their own part in the admin.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from duban.accounts.services import create_account
from duban.cli.base import DubanCommand
from duban.cli.lookups import one_unit, region_option
from duban.roles import Role


class Command(DubanCommand):
    help = "账号：add 新建账号（随机初始密码，首次登录须修改）"
    json_option = False
    user_option = False

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="新建账号")
        add.add_argument("username", help="用户名（不区分大小写）")
        add.add_argument(
            "--role", default="", choices=[r.value for r in Role if r], help="角色（默认不分配，无权访问）"
        )
        add.add_argument("--name", default="", help="姓名")
        add.add_argument("--region", help="所属行政区划（数据库中只有一个时可省略）")
        add.add_argument("--unit", action="append", default=[], help="所属单位（单位角色必填，可重复）")

    def handle(self, *args: Any, **options: Any) -> None:
        needs_region = options["role"] not in ("", Role.SYSADMIN, Role.SECADMIN, Role.AUDITOR)
        # The first administrators come before any data: they need no region.
        region = (
            region_option(options["region"], required=True) if needs_region or options["region"] else None
        )
        units = [one_unit(name, options["region"]) for name in options["unit"]]
        user, password = create_account(
            self.actor(options),
            options["username"],
            name=options["name"],
            role=options["role"],
            region=region,
            units=units,
        )
        role = Role(user.role).label if user.role else Role.NONE.label
        self.stdout.write(
            f"已建立账号 {user.username}（{role}）；初始密码：{password}（仅显示这一次，首次登录须修改）"
        )
