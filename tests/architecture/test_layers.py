"""The folders show the data flow, and imports only run down it.

report text → loaders → store → filters and the cache of derived results → analytics → views → api
and the command line. A lower layer that imports an upper one (even lazily, inside a function)
fails here, with the line to fix. The error tree (`jhakg.errors`) sits below everything, so every
layer can raise its kinds.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

# Rank of each part of the project; a module may import its own rank or lower ones only.
LAYERS: dict[str, int] = {
    "jhakg.errors": 0,
    "ontology": 0,
    "queries": 0,
    "loaders": 1,
    "graph.store": 2,
    "graph.filters": 3,  # the one filter model: names checked and expanded against the store
    "graph.cache": 3,  # results derived from the store, keyed on its version
    "graph.analytics": 4,
    "graph.entities": 4,
    "graph.build": 5,
    "graph.views": 5,
    "jhakg.settings": 6,
    "api": 7,
    "jhakg": 8,
}
PACKAGES = ("ontology", "queries", "loaders", "graph", "api", "jhakg")


def layer_of(module: str) -> str | None:
    """The most specific layer a dotted module name belongs to."""
    best = None
    for name in LAYERS:
        if (module == name or module.startswith(name + ".")) and (best is None or len(name) > len(best)):
            best = name
    return best


def project_modules() -> dict[str, Path]:
    modules = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            modules[name] = path
    return modules


def imports_of(path: Path, module: str) -> list[tuple[int, str]]:
    """Every project import in a file, top-level or nested, as (line, imported module)."""
    found = []
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.append((node.lineno, base))
    return [(line, name) for line, name in found if name.split(".")[0] in PACKAGES]


def test_every_module_belongs_to_a_layer() -> None:
    assert [name for name in project_modules() if layer_of(name) is None and name not in ("graph",)] == []


def test_no_lower_layer_imports_an_upper_one() -> None:
    wrong = []
    for module, path in sorted(project_modules().items()):
        own = layer_of(module)
        if own is None:
            continue
        for line, imported in imports_of(path, module):
            target = layer_of(imported)
            if target is not None and LAYERS[target] > LAYERS[own]:
                wrong.append(f"{path.relative_to(ROOT)}:{line} ({own}) imports {imported} ({target})")
    assert wrong == [], "imports that run up the layers:\n" + "\n".join(wrong)


def test_the_error_tree_imports_nothing_of_the_project() -> None:
    """Every layer raises its kinds, so the tree itself may lean on no layer at all."""
    modules = project_modules()
    assert imports_of(modules["jhakg.errors"], "jhakg.errors") == []


@pytest.mark.parametrize("module", ["graph.store.base", "graph.analytics.projection", "loaders.extract"])
def test_the_checker_sees_a_violation(module: str, tmp_path: Path) -> None:
    """The checker itself: an upward import planted in a copy of a module is found."""
    path = tmp_path / "planted.py"
    path.write_text("def later():\n    from api.app import create_app\n    return create_app\n", encoding="utf-8")
    [(line, imported)] = imports_of(path, module)
    assert (line, imported) == (2, "api.app")
    assert LAYERS[layer_of(imported) or ""] > LAYERS[layer_of(module) or ""]
