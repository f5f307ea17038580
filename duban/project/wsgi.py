import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duban.project.settings")
application = get_wsgi_application()
get_resolver().url_patterns  # noqa: B018 - imports every view now, not on a worker's first request

# What is loaded by now (Django, the apps, their models, views and URL patterns) lives as long as
# the process: frozen out of the collector's generations, a full collection no longer walks it on
# every request that triggers one (in-process, a full pass on the round page took ~150 ms, ~35 ms
# frozen; those passes were the page's worst times).
gc.freeze()
