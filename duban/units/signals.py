"""Signals of the unit directory, for the apps built on it (the directory never imports them)."""

from __future__ import annotations

from django.dispatch import Signal

# Sent inside the merge's transaction with `source` and `target` (both Units): receivers move what
# hangs on the source to the target; an exception in a receiver rolls the whole merge back.
unit_merged = Signal()
