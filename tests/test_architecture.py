"""The house matches the data flow: dependencies point one way, one citation grammar.

Each module has a layer; a module imports only from lower layers (or from its own package).
See docs/architecture.md for the picture.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "claimtrace"

LAYERS = {
    # vocabulary: imports nothing of claimtrace's but lower vocabulary
    "text": 0, "errors": 0, "version": 0, "defaults": 0, "fields": 0,
    # the rich consoles of everything shown on a terminal (width, closed pipes)
    "terminal": 0,
    # each language's word lists and word-bound patterns
    "languages": 0,
    "citations": 1, "kinds": 1, "language": 1,
    # a Dask scheduler address checked before connecting (sockets only)
    "scheduler": 1,
    # readers turn inputs into text; the stages that each compute one kind of fact
    "readers": 2, "blocks": 2, "sentences": 2, "ledger": 2, "scoring": 2, "reference_fields": 2,
    "quotations": 3, "reference_list": 3, "linking": 3, "diff": 3,
    # which inputs a command line names; what a run produced, counted
    "inputs": 3,
    "facts": 4, "totals": 4,
    # assembling a ledger (library) and adapting the facts to spaCy
    "pipeline": 5, "components": 5,
    # one input's extraction as a worker does it; formats; where output goes; the model
    "jobs": 6, "writers": 6, "output": 6, "training": 6,
    # engines: the process pool, a Dask cluster
    "pool": 7, "dask_engine": 7,
    # choosing the engine; composing one with a writer (workers that write their own Parquet parts)
    "batch": 8, "partitioned": 8,
    # the library names the command line calls, and the sentences it prints: imported on first use
    "library": 9, "messages": 9,
    "cli": 10,
    "__init__": 11, "__main__": 11,
}


def _unit(path: Path) -> str:
    """The layer unit of a module: its top-level name under claimtrace/ (a package counts once)."""
    return path.relative_to(PACKAGE).parts[0].removesuffix(".py")


def _imported_units(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    depth = len(path.relative_to(PACKAGE).parts) - 1  # 0 for claimtrace/x.py, 1 for a subpackage
    units = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level:
            up = node.level - 1  # levels above the module's own package
            if up > depth:
                continue
            parts = list(path.relative_to(PACKAGE).parts[:-1])[: depth - up]
            target = parts + (node.module.split(".") if node.module else [])
            if target:
                units.add(target[0])
            else:  # `from . import x`: a module of the package, else a name from __init__
                units.update(a.name if (PACKAGE / f"{a.name}.py").exists() else "__init__" for a in node.names)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [node.module] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
            for name in names:
                if name and name.split(".")[0] == "claimtrace" and "." in name:
                    units.add(name.split(".")[1])
    return units


MODULES = sorted(p for p in PACKAGE.rglob("*.py"))


def test_every_module_has_a_layer():
    assert {_unit(p) for p in MODULES} <= set(LAYERS)


@pytest.mark.parametrize("path", MODULES, ids=[str(p.relative_to(PACKAGE)) for p in MODULES])
def test_dependencies_point_one_way(path):
    unit = _unit(path)
    for imported in _imported_units(path):
        if imported == unit or imported == "__init__" and unit == "__main__":
            continue
        assert LAYERS[imported] < LAYERS[unit], f"{unit} (layer {LAYERS[unit]}) imports {imported} (layer {LAYERS[imported]})"


# What a bracket-citation pattern looks like in a regex literal: `\[` then a digit class or a
# "no brackets inside" class (`\[\d`, `\[(\d`, `\[?\s*(\d`, `\[\s*\d`, `\[[^\[\]`). On the
# tree before the grammar was unified this finds the eight copies the issue listed.
_MARKER_REGEX = re.compile(r"""\\\[\??(?:\\s[*?])?\(?(?:\?:)?(?:\\d|\[\\d|\[\^\\\[\\\]|\[\^\\\]\\\[)""")


def test_one_marker_grammar():
    """Only `claimtrace/citations.py` holds patterns for bracketed numbers."""
    owners = {str(p.relative_to(PACKAGE)) for p in MODULES if _MARKER_REGEX.search(p.read_text(encoding="utf-8"))}
    assert owners == {"citations.py"}


def test_the_library_never_reads_stdin_or_sets_logging():
    for path in MODULES:
        if _unit(path) in ("cli", "__main__"):
            continue
        source = path.read_text(encoding="utf-8")
        assert "sys.stdin" not in source, path
        assert ".setLevel(" not in source and "basicConfig" not in source, path


def _parameters(node: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    args = node.args
    names = [a.arg for a in args.posonlyargs + args.args + args.kwonlyargs]
    if names and names[0] in ("self", "cls"):
        names = names[1:]
    return len(names) + bool(args.vararg) + bool(args.kwarg)


def test_no_function_takes_more_than_eight_parameters():
    """Options travel together (`jobs.RunConfig`, `cli._Output`), not as a dozen loose ones;
    typer commands aside (each option is a parameter)."""
    crowded = []
    for path in MODULES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                command = any("app.command" in ast.unparse(d) or "app.callback" in ast.unparse(d)
                              for d in node.decorator_list)
                if not command and _parameters(node) > 8:
                    crowded.append(f"{path.relative_to(PACKAGE)}:{node.name} ({_parameters(node)})")
    assert not crowded
