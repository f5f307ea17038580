"""The WSGI application gunicorn serves: loaded whole, then frozen out of the garbage collector."""

from __future__ import annotations

import subprocess
import sys


def test_the_application_is_loaded_and_frozen_before_the_first_request() -> None:
    # A process of its own: importing the module freezes what this test process holds too.
    code = (
        "import gc, sys; from duban.project import wsgi; "
        "assert 'duban.supervision.views' in sys.modules, 'views not imported'; "
        "print(gc.get_freeze_count())"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert int(done.stdout.strip()) > 10_000
