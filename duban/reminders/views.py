"""The in-app notices of a unit (督办单, round openings) and of the office."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from duban.reminders.models import Notification


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    notices = (
        Notification.objects.visible_to(request.user).select_related("unit").order_by("-created_at", "-pk")
    )
    page = Paginator(notices, 30).get_page(request.GET.get("page"))
    return render(request, "reminders/inbox.html", {"page": page})
