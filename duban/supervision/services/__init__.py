"""The writes of supervision, shared by the pages, the API, the admin and the command line.

Each function takes an explicit actor, checks what the actor may do (`policy`), runs in one
transaction, applies the models' rules and records the audit event with the fields it changed.
Refusals are `duban.errors` exceptions.
"""

from duban.supervision.services.bulletins import (
    create_bulletin,
    note_bulletin,
    note_export,
    publish_bulletin,
    refresh_lagging,
    update_bulletin,
)
from duban.supervision.services.entries import (
    ENTRY_FIELDS,
    Report,
    accept_entry,
    approve_entry,
    override_entry,
    return_entry,
    save_entry,
    submit_entry,
)
from duban.supervision.services.followup import decide_extension, give_instruction, request_extension
from duban.supervision.services.lists import ItemFields, close_item, create_list, reopen_item, save_item
from duban.supervision.services.rounds import close_round, open_round, publish_round, reopen_round

__all__ = [
    "ENTRY_FIELDS",
    "ItemFields",
    "Report",
    "accept_entry",
    "approve_entry",
    "close_item",
    "close_round",
    "create_bulletin",
    "create_list",
    "decide_extension",
    "give_instruction",
    "note_bulletin",
    "note_export",
    "open_round",
    "override_entry",
    "publish_bulletin",
    "publish_round",
    "reopen_item",
    "refresh_lagging",
    "reopen_round",
    "request_extension",
    "return_entry",
    "save_entry",
    "save_item",
    "submit_entry",
    "update_bulletin",
]
