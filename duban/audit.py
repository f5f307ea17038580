"""Every model change is recorded (django-auditlog), whether from the admin, the web or the CLI."""

from __future__ import annotations

from auditlog.registry import auditlog
from django.apps import apps

# Rebuilt from the events on every import: auditing them would log noise, not decisions.
DERIVED = {("personnel", "tenure")}


def register_all() -> None:
    """Register every duban model with the audit log, except derived data."""
    for model in apps.get_models():
        key = (model._meta.app_label, model._meta.model_name)
        if model.__module__.startswith("duban.") and key not in DERIVED and not auditlog.contains(model):
            auditlog.register(model)
