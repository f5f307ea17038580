"""An imported 督查通报 kept as a bulletin: its own sections, frame and rounds, as it was issued."""

from __future__ import annotations

from django.utils import timezone

from duban.core import model as core
from duban.documents.models import Document
from duban.supervision.bulletin_doc import frame_of_document
from duban.supervision.choices import BulletinState
from duban.supervision.models import Bulletin, Round
from duban.supervision.sections import sections_to_json


def record_bulletin(document: Document, parsed: core.ParsedDocument) -> Bulletin | None:
    """The issued bulletin of an imported document, with its body as the office wrote it.

    Its rounds stay closed (the office may still correct their data); the bulletin itself is the
    record of what was issued, so regenerating it gives back the source's text.
    """
    if parsed.kind != core.Kind.BULLETIN:
        return None
    rounds = list(Round.objects.filter(document=document).order_by("pk"))
    if not rounds:
        return None
    frame = frame_of_document(document)
    bulletin, _ = Bulletin.objects.update_or_create(
        document=document,
        defaults={
            "region": document.region,
            "title": frame.title,
            "number": frame.number,
            "issuer": frame.issuer,
            "recipients": frame.recipients,
            "date": frame.date,
            "sections": sections_to_json(parsed.sections),
            "state": BulletinState.PUBLISHED,
            "published_at": timezone.now(),
        },
    )
    bulletin.rounds.set(rounds)
    return bulletin
