"""Signals of supervision, for the apps built on it (supervision never imports them)."""

from __future__ import annotations

from django.dispatch import Signal

# Sent inside the transaction that opened a round, with `round` and `actor`: the reminders app
# gives each lead unit its in-app notice and a message on its configured channels.
round_opened = Signal()
