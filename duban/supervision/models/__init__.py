"""Task lists under supervision, their items and responsible units, rounds and progress entries,
leaders' instructions, extension requests and bulletins.

The rules of a round's and an entry's life are methods on the models (a published round is
frozen; a closed round takes no reports; an override needs a reason), so that every caller — the
pages, the API, the command line, return forms and the admin — goes through the same checks.
The application layer (`services.py`) calls them inside a transaction and records the audit event.
"""

from duban.supervision.models.bulletins import Bulletin, BulletinQuerySet
from duban.supervision.models.followup import (
    ExtensionQuerySet,
    ExtensionRequest,
    Instruction,
    InstructionQuerySet,
)
from duban.supervision.models.lists import Item, ItemQuerySet, ItemUnit, TaskList, TaskListQuerySet, led_q
from duban.supervision.models.rounds import (
    MAX_PERCENT,
    PERCENT_PLACES,
    Entry,
    EntryAttachment,
    EntryQuerySet,
    Round,
    RoundQuerySet,
)

__all__ = [
    "MAX_PERCENT",
    "PERCENT_PLACES",
    "Bulletin",
    "BulletinQuerySet",
    "Entry",
    "EntryAttachment",
    "EntryQuerySet",
    "ExtensionQuerySet",
    "ExtensionRequest",
    "Instruction",
    "InstructionQuerySet",
    "Item",
    "ItemQuerySet",
    "ItemUnit",
    "Round",
    "RoundQuerySet",
    "TaskList",
    "TaskListQuerySet",
    "led_q",
]
