"""The results page of the search box, and a document's text with the terms marked."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from duban.documents.models import Document
from duban.errors import InvalidInput
from duban.search.choices import Kind
from duban.search.marks import Marked, mark, pattern
from duban.search.queries import DEFAULT_LIMIT, Results, search, terms_of

ONE_KIND_LIMIT = 50  # results when the page shows a single kind


@login_required
def page(request: HttpRequest) -> HttpResponse:
    """`/search/?q=…[&kind=…]`: every kind, ten each, or one kind, fifty; a bad query is a 400 with its reason."""
    q = request.GET.get("q")
    kind = request.GET.get("kind") or ""
    context: dict[str, object] = {"q": q or "", "kind": kind, "kinds": Kind.choices}
    if q is None:
        return render(request, "search/results.html", context)  # the page opened without a query
    try:
        results = search(request.user, q, [kind] if kind else None, ONE_KIND_LIMIT if kind else DEFAULT_LIMIT)
    except InvalidInput as exc:
        context["error"] = exc.message
        return render(request, "search/results.html", context, status=400)
    context.update(
        results=results, tabs=_tabs(results, kind), empty=[g.label for g in results.groups if not g.hits]
    )
    return render(request, "search/results.html", context)


def _tabs(results: Results, kind: str) -> list[dict[str, object]]:
    """Links to all kinds and to each kind searched (with the number found, + when there are more)."""
    tabs: list[dict[str, object]] = [
        {"label": "全部", "url": "?" + urlencode({"q": results.query}), "active": not kind, "count": ""}
    ]
    for group in results.groups:
        count = f"{len(group.hits)}{'+' if group.more else ''}"
        tabs.append(
            {
                "label": group.label,
                "url": "?" + urlencode({"q": results.query, "kind": group.kind}),
                "active": group.kind == kind,
                "count": count,
            }
        )
    return tabs


@login_required
def document(request: HttpRequest, pk: int) -> HttpResponse:
    """A document's text (as imported, simplified), the search terms marked wherever they occur."""
    found = get_object_or_404(Document.objects.visible_to(request.user), pk=pk)
    try:
        terms = terms_of(request.GET.get("q"))
    except InvalidInput:
        terms = ()
    paragraphs = [line for line in found.text.splitlines() if line.strip()]
    marked = [mark(line, pattern(terms)) if terms else Marked(line) for line in paragraphs]
    return render(
        request,
        "search/document.html",
        {
            "document": found,
            "paragraphs": marked,
            "q": " ".join(terms),
            "count": sum(len(m.spans) for m in marked),
        },
    )
