"""Every model change is recorded (django-auditlog), whether from the admin, the web or the CLI."""

from __future__ import annotations

from auditlog.registry import auditlog
from django.apps import apps


def register_all() -> None:
    """Register every duban model with the audit log."""
    for model in apps.get_models():
        if model.__module__.startswith("duban.") and not auditlog.contains(model):
            auditlog.register(model)
