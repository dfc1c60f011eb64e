"""The layering of docs/architecture.md, checked on the source: every module of catalog/ and
portal/ lives in a folder of one layer, imports only point down the layers, and no two
folders import each other (directly or round a longer cycle).

Imports are read with `ast` (module level and inside functions alike); dotted paths in
settings (INSTALLED_APPS, MIDDLEWARE, ROOT_URLCONF's includes) are wiring, not imports.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Top to bottom. A module may import its own layer and the layers below it.
LAYERS = [
    ("app wiring", ["catalog", "catalog.apps"]),
    (
        "faces",
        [
            "catalog.site",
            "catalog.api",
            "catalog.staff_admin",
            "catalog.audit",
            "catalog.management",
            "catalog.templatetags",
        ],
    ),
    ("write layer", ["catalog.services"]),
    (
        "read and transform",
        [
            "catalog.search",
            "catalog.exports",
            "catalog.importers",
            "catalog.files",
            "catalog.synthetic",
            "catalog.deadlines",
            "catalog.compare",
        ],
    ),
    ("models", ["catalog.models"]),
    ("configuration", ["portal"]),
]
FOLDER_LAYER = {folder: index for index, (_, folders) in enumerate(LAYERS) for folder in folders}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_imports(path: Path) -> set[str]:
    """Dotted names of the catalog/portal modules (or their attributes) that `path` imports."""
    module = module_name(path)
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = ".".join(package[: len(package) - node.level + 1] + ([node.module] if node.module else []))
            else:
                base = node.module
            # `from catalog import models` names catalog.models, not the catalog package.
            found.update(base if alias.name == "*" else f"{base}.{alias.name}" for alias in node.names)
    return {name for name in found if name.split(".")[0] in ("catalog", "portal")}


def folder_of(name: str) -> str | None:
    """The layered folder a dotted name belongs to (the longest listed prefix)."""
    matches = [folder for folder in FOLDER_LAYER if name == folder or name.startswith(folder + ".")]
    return max(matches, key=len) if matches else None


def source_graph() -> dict[str, set[str]]:
    """Every module of catalog/ and portal/ but the migrations (history, not a layer)."""
    paths = sorted((ROOT / "catalog").rglob("*.py")) + sorted((ROOT / "portal").rglob("*.py"))
    return {module_name(path): project_imports(path) for path in paths if "migrations" not in path.parts}


def upward_imports(graph: dict[str, set[str]]) -> list[str]:
    problems = []
    for module, names in graph.items():
        for name in names:
            source, target = folder_of(module), folder_of(name)
            if source is None or target is None or source == target:
                continue
            if FOLDER_LAYER[target] < FOLDER_LAYER[source]:
                problems.append(
                    f"{module} ({LAYERS[FOLDER_LAYER[source]][0]}) imports {name} ({LAYERS[FOLDER_LAYER[target]][0]})"
                )
    return sorted(problems)


def folder_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Cycles in the graph of folders (an edge: some module of one imports the other)."""
    edges: dict[str, set[str]] = {}
    for module, names in graph.items():
        source = folder_of(module)
        for name in names:
            target = folder_of(name)
            if source and target and source != target:
                edges.setdefault(source, set()).add(target)
    cycles, state = [], {}

    def visit(folder, trail):
        state[folder] = "open"
        for target in sorted(edges.get(folder, ())):
            if state.get(target) == "open":
                cycles.append(trail[trail.index(target) :] + [target])
            elif target not in state:
                visit(target, trail + [target])
        state[folder] = "done"

    for folder in sorted(edges):
        if folder not in state:
            visit(folder, [folder])
    return cycles


def test_every_module_is_in_a_layered_folder():
    unplaced = [module for module in source_graph() if folder_of(module) is None]
    assert unplaced == []


def test_no_loose_modules_at_the_top_of_catalog():
    loose = sorted(path.name for path in (ROOT / "catalog").glob("*.py"))
    assert loose == ["__init__.py", "apps.py"]


def test_imports_only_point_down_the_layers():
    assert upward_imports(source_graph()) == []


def test_no_import_cycle_between_folders():
    assert folder_cycles(source_graph()) == []


def test_portal_never_imports_catalog():
    graph = source_graph()
    assert (
        sorted(
            f"{module} -> {name}"
            for module, names in graph.items()
            if module.startswith("portal")
            for name in names
            if name.startswith("catalog")
        )
        == []
    )


def has_code(path: Path) -> bool:
    return any(isinstance(node, ast.FunctionDef | ast.ClassDef) for node in ast.parse(path.read_text()).body)


def test_the_architecture_doc_lists_every_module():
    """docs/architecture.md's "Every module" names each module by its path (within catalog/, or
    from portal/); a package's __init__.py where it defines functions or classes."""
    doc = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    paths = sorted((ROOT / "catalog").rglob("*.py")) + sorted((ROOT / "portal").rglob("*.py"))
    listed = [
        str(path.relative_to(ROOT / "catalog" if path.is_relative_to(ROOT / "catalog") else ROOT))
        for path in paths
        if "migrations" not in path.parts and (path.name != "__init__.py" or has_code(path))
    ]
    assert [path for path in listed if f"`{path}`" not in doc] == []


@pytest.mark.parametrize(
    ("graph", "upward", "cycles"),
    [
        ({"catalog.models.item": {"catalog.site.views"}}, 1, 0),
        ({"portal.cache": {"catalog.site.elder.is_elder"}}, 1, 0),
        ({"catalog.search.plan": {"catalog.exports.rows"}, "catalog.exports.rows": {"catalog.search.filters"}}, 0, 1),
        ({"catalog.site.views": {"catalog.search.filters", "catalog.models", "portal.cache"}}, 0, 0),
    ],
)
def test_the_checks_catch_what_they_are_for(graph, upward, cycles):
    assert len(upward_imports(graph)) == upward
    assert len(folder_cycles(graph)) == cycles
