from django.contrib import admin

from duban.audit.admin import AuditedAdmin
from duban.audit.choices import EventType
from duban.documents.models import Document, ImportRecord


@admin.register(Document)
class DocumentAdmin(AuditedAdmin):
    audit_type = EventType.DOCUMENT_CHANGE
    list_display = ["number", "kind", "title", "date", "region"]
    list_filter = ["region", "kind", "year"]
    search_fields = ["number", "title", "issuer"]
    readonly_fields = ["content_hash", "import_record", "created_at"]


@admin.register(ImportRecord)
class ImportRecordAdmin(AuditedAdmin):
    audit_type = EventType.DOCUMENT_CHANGE
    list_display = ["file_name", "actor", "imported_at", "sha256"]
    readonly_fields = ["file_name", "sha256", "actor", "user", "imported_at", "summary"]
