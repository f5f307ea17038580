"""The unit directory in the browser: every unit, and everything a unit answers for."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


@login_required
def directory(request: HttpRequest) -> HttpResponse:
    return render(request, "web/home.html", {})
