"""The vocabulary of the unit directory, derived from the core's where the core has one."""

from __future__ import annotations

from django.db import models

from duban.core.units import UnitKind as CoreUnitKind


class UnitKind(models.TextChoices):
    """The core's unit kinds, stored by their code name (the label is the core's Chinese name)."""

    DEPARTMENT = CoreUnitKind.DEPARTMENT.name.lower(), CoreUnitKind.DEPARTMENT.value
    TOWN = CoreUnitKind.TOWN.name.lower(), CoreUnitKind.TOWN.value
    TOWNSHIP = CoreUnitKind.TOWNSHIP.name.lower(), CoreUnitKind.TOWNSHIP.value
    SUBDISTRICT = CoreUnitKind.SUBDISTRICT.name.lower(), CoreUnitKind.SUBDISTRICT.value
    PARK = CoreUnitKind.PARK.name.lower(), CoreUnitKind.PARK.value
    STATIONED = CoreUnitKind.STATIONED.name.lower(), CoreUnitKind.STATIONED.value
    STATE_ENTERPRISE = CoreUnitKind.STATE_ENTERPRISE.name.lower(), CoreUnitKind.STATE_ENTERPRISE.value
    SUBUNIT = CoreUnitKind.SUBUNIT.name.lower(), CoreUnitKind.SUBUNIT.value
    MASS_ORG = CoreUnitKind.MASS_ORG.name.lower(), CoreUnitKind.MASS_ORG.value
    OTHER = CoreUnitKind.OTHER.name.lower(), CoreUnitKind.OTHER.value

    @classmethod
    def of(cls, kind: CoreUnitKind | str) -> UnitKind:
        """The stored kind for a core kind (or its Chinese name, as the core's specs carry it)."""
        return cls(CoreUnitKind(kind).name.lower())

    def core(self) -> CoreUnitKind:
        return CoreUnitKind[self.name]


TOWN_KINDS = (UnitKind.TOWN, UnitKind.TOWNSHIP, UnitKind.SUBDISTRICT)


class AliasKind(models.TextChoices):
    SHORT = "short", "简称"
    ALIAS = "alias", "别称"
    FORMER = "former", "曾用名"
    LOOSE = "loose", "通用简称（可能指多个单位）"


class GroupRule(models.TextChoices):
    TOWNS = "towns", "各镇（街道）"
    LIVELIHOOD_LEADS = "livelihood_leads", "各实事承办单位"
    NAMED = "named", "指定成员"
