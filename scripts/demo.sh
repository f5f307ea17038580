#!/usr/bin/env bash
# `make demo`: a fresh SQLite database with the samples imported and demo accounts, then what to ask next.
set -euo pipefail
cd "$(dirname "$0")/.."
DUBAN=${DUBAN:-.venv/bin/duban}
export DUBAN_DATA_DIR=${DUBAN_DATA_DIR:-$PWD/var/demo}
rm -f "$DUBAN_DATA_DIR/duban.sqlite3"
mkdir -p "$DUBAN_DATA_DIR"
"$DUBAN" migrate -v 0
"$DUBAN" import samples/yunxi-2024.txt
"$DUBAN" demo_accounts
cat <<'TXT'

示例公文已导入（数据库：var/demo/duban.sqlite3）。可以接着试：
  export DUBAN_DATA_DIR=var/demo
  .venv/bin/duban person 吴金舟
  .venv/bin/duban roster 区卫健局 --on 2024-08-01
  .venv/bin/duban vacancies --on 2024-12-31
  .venv/bin/duban probation --due-before 2025-08-01
  .venv/bin/duban unit 陆城镇
  .venv/bin/duban round list
  .venv/bin/duban round check 1
  .venv/bin/duban bulletin 1 --format docx -o 通报.docx
  .venv/bin/duban runserver --insecure   # 后台管理 http://127.0.0.1:8000/admin/ ，账号 duchashi、lingdao、admin 等，密码 duban-demo
TXT
