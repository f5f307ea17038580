"""The core never imports Django: it must run (and be tested) without it."""

import ast
from pathlib import Path

import duban.core

CORE = Path(duban.core.__file__).parent


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_it_never_imports_django_or_the_apps():
    offenders = {
        str(p.relative_to(CORE)): sorted(
            n
            for n in _imports(p)
            if n.split(".")[0] in ("django", "rest_framework")
            or (n.startswith("duban.") and not n.startswith("duban.core"))
        )
        for p in CORE.rglob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}
    assert len(offenders) >= 3  # the walk found the core's modules
