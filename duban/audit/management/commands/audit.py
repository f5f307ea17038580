"""`duban audit verify|prune`: check the audit log's hash chain; delete events past retention."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from duban.audit.services import prune, verify
from duban.cli.base import DubanCommand, add_user_option, cli_actor


class Command(DubanCommand):
    help = "审计日志：verify 校验防篡改链；prune 清理超过保存期限（至少184天）的记录"
    json_option = False

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help="逐条校验审计记录；完好时退出码为0，发现篡改时指出第一条有问题的记录")
        pr = sub.add_parser("prune", help="删除超过保存期限的记录（删除本身记入审计日志）")
        pr.add_argument("--keep-days", type=int, help="保存天数（默认 DUBAN_AUDIT_KEEP_DAYS，至少184）")
        add_user_option(pr)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "verify":
            verdict = verify()
            if verdict.ok:
                self.stdout.write(f"审计日志完好：已校验{verdict.checked}条记录")
                return
            self.stderr.write(
                f"审计日志校验失败：第{verdict.bad_seq}条记录有问题（{verdict.reason}）；此前{verdict.checked}条完好"
            )
            raise SystemExit(1)
        count = prune(cli_actor(options.get("user")), keep_days=options["keep_days"])
        self.stdout.write(f"已清理{count}条过期审计记录")
