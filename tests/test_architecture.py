"""The layout rules of docs/architecture.md, checked on the source: no import cycle between
modules or between packages, small modules and folders, services that never touch the request."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "quizapp"
MAX_MODULE_LINES = 400
MAX_MODULES_PER_FOLDER = 12
# What a service must not read: the request and what hangs off it belong to the views.
REQUEST_NAMES = {"request", "session", "g", "render_template", "flash", "redirect", "url_for"}


def _sources() -> Iterator[Path]:
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" not in path.relative_to(PACKAGE).parts:
            yield path


def _module(path: Path) -> str:
    parts = ["quizapp", *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, modules: set[str]) -> set[str]:
    """The quizapp modules `path` imports (a name imported from a package counts as the
    submodule when there is one, else the package)."""
    here = _module(path)
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = here.split(".") if path.name == "__init__.py" else here.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                origin = ".".join(base + ([node.module] if node.module else []))
            else:
                origin = node.module or ""
            for alias in node.names:
                target = f"{origin}.{alias.name}"
                found.add(target if target in modules else origin)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {m for m in found if m in modules and m != here}


def _graph() -> dict[str, set[str]]:
    paths = list(_sources())
    modules = {_module(p) for p in paths}
    return {_module(p): _imports(p, modules) for p in paths}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one member (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in graph.get(node, ()):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def _package_of(module: str) -> str:
    """The unit the layout talks about: a blueprint or top-level package, or a service domain
    (quizapp.services.X, and interchange's sub-packages)."""
    parts = module.split(".")
    depth = 4 if module.startswith("quizapp.services.interchange.") else 3 \
        if module.startswith("quizapp.services.") else 2
    return ".".join(parts[:depth])


def test_no_import_cycle_between_modules():
    assert _cycles(_graph()) == []


def test_no_import_cycle_between_packages():
    packages: dict[str, set[str]] = {}
    for module, targets in _graph().items():
        if module == "quizapp":  # the app factory wires every package together
            continue
        source = _package_of(module)
        for target in targets:
            dest = _package_of(target)
            if dest not in (source, "quizapp") and not dest.startswith(source + "."):
                packages.setdefault(source, set()).add(dest)
    assert _cycles(packages) == []


def test_the_cycle_finder_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


@pytest.mark.parametrize("path", list(_sources()), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_modules_stay_small(path):
    assert len(path.read_text().splitlines()) <= MAX_MODULE_LINES


def test_folders_stay_small():
    for folder in {p.parent for p in _sources()}:
        modules = [p for p in folder.glob("*.py") if p.name != "__init__.py"]
        assert len(modules) <= MAX_MODULES_PER_FOLDER, folder


def test_every_service_package_says_what_it_owns():
    for init in (PACKAGE / "services").rglob("__init__.py"):
        assert ast.get_docstring(ast.parse(init.read_text())), init


def test_services_never_touch_the_request():
    for path in (PACKAGE / "services").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module == "flask":
                names = {alias.name for alias in node.names}
                assert not names & REQUEST_NAMES, (path, names & REQUEST_NAMES)
