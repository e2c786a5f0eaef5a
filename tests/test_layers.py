"""The import direction of src/budgetkorr: every import, at the top of a module or inside a function, goes down
the layers below or stays in its own layer, and no module imports itself round a circle.

The layers, top to bottom (the same table as docs/architecture.md). A module belongs to the first layer whose
prefix names it; a layer may import its own and every layer below it, never one above.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "budgetkorr"

# (layer, the modules in it: a name stands for the module and everything under it)
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("cli", ("budgetkorr.__main__", "budgetkorr.cli")),
    ("library", ("budgetkorr", "budgetkorr.library")),
    ("render", ("budgetkorr.render",)),
    (
        "operations",
        (
            "budgetkorr.compute",
            "budgetkorr.targets",
            "budgetkorr.comparison",
            "budgetkorr.report",
            "budgetkorr.importers.plan",
            "budgetkorr.importers.batch",
            "budgetkorr.importers.workbookplan",
            "budgetkorr.newfile",
            "budgetkorr.newfolder",
            "budgetkorr.templates",
            "budgetkorr.schema",
        ),
    ),
    ("load", ("budgetkorr.loader",)),
    (
        "readers",
        (
            "budgetkorr.yamlread",
            "budgetkorr.yamlfast",
            "budgetkorr.yamlmessages",
            "budgetkorr.yamlwrite",
            "budgetkorr.files",
            "budgetkorr.importers",
        ),
    ),
    ("core", ("budgetkorr.core",)),
    ("models", ("budgetkorr.models",)),
    ("base", ("budgetkorr.i18n", "budgetkorr.escape")),
)


def module_name(path: Path, package: Path = PACKAGE) -> str:
    return ".".join(("budgetkorr", *path.relative_to(package).with_suffix("").parts)).removesuffix(".__init__")


def imports(path: Path, modules: set[str], package: Path = PACKAGE) -> set[str]:
    """The modules of ours that `path` imports anywhere in it (a name imported from a package that is a module of
    its own counts as that module)."""
    name = module_name(path, package)
    here = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = here.split(".")[: len(here.split(".")) - node.level + 1]
                base = ".".join([*parent, *([base] if base else [])])
            for alias in node.names:
                found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base)
    return {m for m in found if m in modules and m != name}


def graph(package: Path = PACKAGE) -> dict[str, set[str]]:
    paths = sorted(package.rglob("*.py"))
    modules = {module_name(p, package) for p in paths}
    return {module_name(p, package): imports(p, modules, package) for p in paths}


def layer_of(module: str) -> int:
    best: tuple[int, int] | None = None  # (length of the prefix, layer): the longest prefix decides
    for index, (_name, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and (best is None or len(prefix) > best[0]):
                best = (len(prefix), index)
    if best is None:
        raise AssertionError(f"{module} is in no layer: add it to LAYERS (and docs/architecture.md)")
    return best[1]


def against_the_layers(edges: dict[str, set[str]]) -> list[str]:
    return sorted(
        f"{module} ({LAYERS[layer_of(module)][0]}) imports {target} ({LAYERS[layer_of(target)][0]})"
        for module, targets in edges.items()
        for target in targets
        if layer_of(target) < layer_of(module)
    )


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Every group of modules that import each other round a circle (Tarjan's strongly connected components)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for target in sorted(edges.get(module, ())):
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in on_stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            group = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                group.append(top)
                if top == module:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for module in sorted(edges):
        if module not in index:
            visit(module)
    return found


def test_every_module_is_in_a_layer() -> None:
    for module in graph():
        layer_of(module)


def test_no_import_goes_up_the_layers() -> None:
    assert against_the_layers(graph()) == []


def test_no_import_cycle() -> None:
    assert cycles(graph()) == []


@pytest.mark.parametrize(
    ("where", "line", "complaint"),
    [
        ("core/entry.py", "from budgetkorr.cli import app\n", "budgetkorr.core.entry (core) imports budgetkorr.cli"),
        ("loader/across.py", "def f():\n    from budgetkorr.compute import summarize\n", "imports budgetkorr.compute"),
    ],
)
def test_a_back_import_is_caught(tmp_path: Path, where: str, line: str, complaint: str) -> None:
    copy = tmp_path / "budgetkorr"
    for path in PACKAGE.rglob("*.py"):
        target = copy / path.relative_to(PACKAGE)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    with (copy / where).open("a", encoding="utf-8") as file:
        file.write(line)
    assert any(complaint in problem for problem in against_the_layers(graph(copy)))


def test_a_circle_is_caught() -> None:
    edges = {"budgetkorr.cli.a": {"budgetkorr.cli.b"}, "budgetkorr.cli.b": {"budgetkorr.cli.a"}}
    assert cycles(edges) == [["budgetkorr.cli.a", "budgetkorr.cli.b"]]


def test_every_package_says_what_it_holds_and_may_import() -> None:
    for init in sorted(PACKAGE.rglob("__init__.py")):
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
        assert "import" in doc, f"{init.relative_to(PACKAGE)}: say what the package may import"
