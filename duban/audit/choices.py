"""The vocabulary of the audit log."""

from __future__ import annotations

from django.db import models


class Outcome(models.TextChoices):
    SUCCESS = "success", "成功"
    FAILURE = "failure", "失败"
    DENIED = "denied", "拒绝"


class EventType(models.TextChoices):
    """Every kind of event the log records (the value is stable; the label is what users read)."""

    LOGIN = "auth.login", "登录"
    LOGIN_FAILED = "auth.login_failed", "登录失败"
    LOCKED_OUT = "auth.locked_out", "账号锁定"
    LOGOUT = "auth.logout", "退出登录"
    PASSWORD_CHANGE = "auth.password_change", "修改密码"
    UNLOCK = "auth.unlock", "解除登录锁定"
    OTP_ENROL = "auth.otp_enrol", "绑定动态口令"
    OTP_RESET = "auth.otp_reset", "重置动态口令"
    ACCESS_DENIED = "auth.denied", "越权访问被拒绝"
    USER_CHANGE = "accounts.user", "用户变更"
    ROLE_CHANGE = "accounts.role", "角色与权限变更"
    IMPORT = "intake.import", "导入公文"
    IMPORT_REPLACE = "intake.replace", "替换公文"
    DOCUMENT_CHANGE = "documents.change", "公文记录变更"
    UNIT_CHANGE = "units.change", "单位目录变更"
    UNIT_MERGE = "units.merge", "合并单位"
    UNIT_RENAME = "units.rename", "记录单位更名"
    CADRE_CHANGE = "personnel.change", "干部任免记录变更"
    LIST_CHANGE = "supervision.list", "任务清单变更"
    ITEM_CHANGE = "supervision.item", "事项变更"
    ROUND_OPEN = "round.open", "开启调度"
    ROUND_CLOSE = "round.close", "截止调度"
    ROUND_REOPEN = "round.reopen", "重新开启调度"
    ROUND_PUBLISH = "round.publish", "发布通报"
    ENTRY_CREATE = "entry.create", "生成填报"
    ENTRY_DELETE = "entry.delete", "删除填报"
    ENTRY_SAVE = "entry.save", "保存填报"
    ENTRY_SUBMIT = "entry.submit", "提交填报"
    ENTRY_APPROVE = "entry.approve", "单位负责人审核通过"
    ENTRY_RETURN = "entry.return", "退回填报"
    ENTRY_ACCEPT = "entry.accept", "审核通过"
    ENTRY_OVERRIDE = "entry.override", "改判进度"
    FORM_IMPORT = "entry.form_import", "导入回执表"
    BULLETIN_GENERATE = "bulletin.generate", "生成通报"
    EXPORT = "export", "导出与下载"
    REMINDER = "reminder.issue", "签发督办单"
    REMINDER_SENT = "reminder.sent", "发送通知"
    CHANNEL_CHANGE = "reminders.channel", "通知渠道变更"
    AUDIT_PRUNE = "audit.prune", "清理过期审计记录"
    BACKUP = "ops.backup", "备份数据库"
    RESTORE = "ops.restore", "恢复数据库"
    OTHER = "other", "其他"
