"""Import records written before the summary kept a tally: the tally added, the list bounded.

The records page reads only the tally now (`intake.views.records`); a summary listing every
document of a large import is cut as `intake.records.summary_of` cuts it (written out here: a
migration does not import code that may change after it)."""

from __future__ import annotations

from typing import Any

from django.db import migrations

LISTED = 1000


def bounded(summary: dict[str, Any]) -> dict[str, Any]:
    documents = [d for d in summary.get("documents", []) if isinstance(d, dict)]
    tally: dict[str, int] = {}
    for d in documents:
        outcome = str(d.get("outcome", ""))
        tally[outcome] = tally.get(outcome, 0) + 1
    kept = documents if len(documents) <= LISTED else [d for d in documents if d.get("outcome") != "created"]
    kept = kept[:LISTED]
    return {**summary, "tally": tally, "documents": kept, "omitted": len(documents) - len(kept)}


def add_tallies(apps: Any, schema_editor: Any) -> None:
    ImportRecord = apps.get_model("documents", "ImportRecord")
    changed = []
    for record in ImportRecord.objects.only("pk", "summary").iterator(chunk_size=200):
        summary = record.summary if isinstance(record.summary, dict) else {}
        if "tally" in summary or not summary.get("documents"):
            continue
        record.summary = bounded(summary)
        changed.append(record)
        if len(changed) == 200:
            ImportRecord.objects.bulk_update(changed, ["summary"])
            changed = []
    ImportRecord.objects.bulk_update(changed, ["summary"])


class Migration(migrations.Migration):
    dependencies = [("documents", "0003_plain_hash_index")]

    operations = [migrations.RunPython(add_tallies, migrations.RunPython.noop)]
