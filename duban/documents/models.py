"""Imported official documents and the record of each import."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from duban.documents.choices import DocumentKind, ImportState
from duban.units.models import Region


class ImportRecordQuerySet(models.QuerySet["ImportRecord"]):
    def visible_to(self, user: Any) -> ImportRecordQuerySet:
        """Import records are the office's: its own and its colleagues' imports into the region."""
        from duban.roles import Role
        from duban.units.scope import scope_of

        scope = scope_of(user)
        if scope.role != Role.OFFICE:
            return self.none()
        stored_here = Document.objects.visible_to(user).values("import_record")
        return self.filter(models.Q(pk__in=stored_here) | models.Q(user=user))


class ImportRecord(models.Model):
    """One file imported: who, when, which bytes (sha256), and the outcome."""

    file_name = models.CharField("文件名", max_length=300)
    sha256 = models.CharField("SHA-256", max_length=64, db_index=True)
    actor = models.CharField("导入人", max_length=150)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name="用户"
    )
    imported_at = models.DateTimeField("导入时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    # Committed as RUNNING before any document is stored: a killed import leaves a record that
    # says it did not finish, beside the documents it did store (each in its own transaction).
    state = models.CharField("状态", max_length=10, choices=ImportState.choices, default=ImportState.RUNNING)
    summary = models.JSONField("结果", default=dict, blank=True)

    objects = ImportRecordQuerySet.as_manager()

    class Meta:
        verbose_name = "导入记录"
        verbose_name_plural = "导入记录"
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.imported_at:%Y-%m-%d %H:%M})"


class DocumentQuerySet(models.QuerySet["Document"]):
    def in_region(self, region: Region) -> DocumentQuerySet:
        return self.filter(region=region)

    def visible_to(self, user: Any) -> DocumentQuerySet:
        """Issued documents are read by every supervision role of the region (and the offices above)."""
        from duban.units.scope import scope_of

        return self.filter(scope_of(user).regions("region__"))


class Document(models.Model):
    """An official document (公文) as stored after import; 文号 unique per issuer code."""

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="documents", verbose_name="行政区划"
    )
    kind = models.CharField("类别", max_length=20, choices=DocumentKind.choices)
    number = models.CharField("文号", max_length=100, blank=True)
    code = models.CharField("机关代字", max_length=60, blank=True)
    year = models.PositiveIntegerField("年份", null=True, blank=True)
    serial = models.PositiveIntegerField("序号", null=True, blank=True)
    # A serial bulletin's issue (督查通报第23期) is numbered within its series: code holds the series.
    series = models.CharField("刊物", max_length=100, blank=True)
    issuer = models.CharField("发文机关", max_length=200, blank=True)
    title = models.CharField("标题", max_length=500, blank=True)
    date = models.DateField("成文日期", null=True, blank=True)
    published = models.DateField("发布日期", null=True, blank=True, help_text="网页转载时的发布日期")
    metadata = models.JSONField("网页信息", default=dict, blank=True, help_text="索引号、主题分类等")
    recipients = models.JSONField("主送机关", default=list, blank=True)
    attachments = models.JSONField("附件", default=list, blank=True)
    body = models.JSONField("正文段落", default=list, blank=True)
    warnings = models.JSONField("提示", default=list, blank=True)
    text = models.TextField("原文")
    raw = models.TextField("原文（繁体）", blank=True, help_text="繁体原文；text 为转换后的简体")
    content_hash = models.CharField("内容哈希", max_length=64)
    import_record = models.ForeignKey(
        ImportRecord, null=True, blank=True, on_delete=models.SET_NULL, related_name="documents"
    )
    created_at = models.DateTimeField("导入时间", auto_now_add=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = "公文"
        verbose_name_plural = "公文"
        constraints = [
            models.UniqueConstraint(
                fields=["region", "code", "year", "serial"],
                condition=~models.Q(number=""),
                name="unique_document_number",
            ),
        ]
        ordering = ["date", "code", "year", "serial"]
        # A plain index rather than `db_index`, which on PostgreSQL adds a pattern index (LIKE)
        # that nothing asks of a hash.
        indexes = [models.Index(fields=["content_hash"], name="documents_document_hash")]

    def __str__(self) -> str:
        return self.number or self.title
