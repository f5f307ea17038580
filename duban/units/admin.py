from django.contrib import admin

from duban.audit.admin import AuditedAdmin
from duban.audit.choices import EventType
from duban.units.models import Region, Unit, UnitAlias, UnitGroup, UnitRenaming


class UnitAliasInline(admin.TabularInline):
    model = UnitAlias
    extra = 0


@admin.register(Region)
class RegionAdmin(AuditedAdmin):
    audit_type = EventType.UNIT_CHANGE
    list_display = ["province", "city", "county", "level"]


@admin.register(Unit)
class UnitAdmin(AuditedAdmin):
    audit_type = EventType.UNIT_CHANGE
    list_display = ["name", "kind", "parent", "region", "needs_review", "merged_into"]
    list_filter = ["region", "kind", "needs_review"]
    search_fields = ["name", "aliases__name"]
    autocomplete_fields = ["parent", "merged_into"]
    inlines = [UnitAliasInline]


@admin.register(UnitRenaming)
class UnitRenamingAdmin(AuditedAdmin):
    audit_type = EventType.UNIT_CHANGE
    list_display = ["old", "new", "on"]
    autocomplete_fields = ["old", "new"]


@admin.register(UnitGroup)
class UnitGroupAdmin(AuditedAdmin):
    audit_type = EventType.UNIT_CHANGE
    list_display = ["name", "rule", "region"]
    filter_horizontal = ["members"]
