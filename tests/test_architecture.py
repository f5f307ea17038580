"""The shape of the code: one application layer under every door, no circles between apps, small modules."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import duban

PACKAGE = Path(duban.__file__).parent
APPS = sorted(p.name for p in PACKAGE.iterdir() if (p / "apps.py").exists())
MAX_LINES = 600


def _modules() -> list[Path]:
    return [p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts]


def _in_cli_layer(path: Path) -> bool:
    rel = path.relative_to(PACKAGE)
    return rel.parts[0] == "cli" or "management" in rel.parts


def _runtime_imports(tree: ast.Module) -> set[str]:
    """Modules imported at run time (imports under `if TYPE_CHECKING:` are for the type checker only)."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(n) for child in node.body for n in ast.walk(child))
    names: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


FLAG = re.compile(r"(?<![\w-])--[a-z][a-z-]+")
# Modules that run other programs spell those programs' options, not duban's.
OTHER_PROGRAMS_OPTIONS = {Path("ops/pgtools.py")}


def test_only_the_command_line_layer_speaks_of_user_errors_and_flags():
    offenders = []
    for path in _modules():
        if _in_cli_layer(path):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if any(n.startswith("duban.cli") for n in _runtime_imports(tree)):
            offenders.append(f"{path.relative_to(PACKAGE)} imports the CLI layer")
        if path.relative_to(PACKAGE) in OTHER_PROGRAMS_OPTIONS:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and FLAG.search(node.value):
                offenders.append(
                    f"{path.relative_to(PACKAGE)}:{node.lineno} mentions {FLAG.search(node.value)[0]}"
                )
    assert offenders == []


def _app_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {app: set() for app in APPS}
    for path in _modules():
        rel = path.relative_to(PACKAGE)
        if rel.parts[0] not in graph or _in_cli_layer(path):
            continue  # the commands stand on top of every app
        for name in _runtime_imports(ast.parse(path.read_text(encoding="utf-8"))):
            parts = name.split(".")
            if parts[0] == "duban" and len(parts) > 1 and parts[1] in graph and parts[1] != rel.parts[0]:
                graph[rel.parts[0]].add(parts[1])
    return graph


def test_the_apps_import_each_other_without_a_cycle():
    graph = _app_graph()
    order: list[str] = []
    state: dict[str, str] = {}

    def visit(app: str, path: list[str]) -> None:
        if state.get(app) == "done":
            return
        assert state.get(app) != "open", "import cycle: " + " → ".join([*path, app])
        state[app] = "open"
        for dep in sorted(graph[app]):
            visit(dep, [*path, app])
        state[app] = "done"
        order.append(app)

    for app in APPS:
        visit(app, [])
    assert order.index("units") < order.index("documents") < order.index("intake")
    assert "intake" not in {dep for app, deps in graph.items() for dep in deps}  # nothing builds on intake


def test_the_apps_found_are_the_ones_installed():
    assert {
        "units",
        "documents",
        "personnel",
        "supervision",
        "reminders",
        "accounts",
        "audit",
        "intake",
    } <= set(APPS)


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_is_too_long_to_read(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= MAX_LINES


def test_every_app_with_models_keeps_its_vocabulary_in_choices():
    missing = [
        app
        for app in APPS
        if (PACKAGE / app / "models.py").exists() and not (PACKAGE / app / "choices.py").exists()
    ]
    assert missing == []
