"""Importing documents in the browser: upload → preview of the parsed records and warnings → confirm."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    return render(request, "web/home.html", {})
