"""Names starting with `_` stay inside their module: what another module needs is public."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ["config", "posts", "series", "bench", "tests"]


def private_imports(source: str) -> list[str]:
    """`from x import _y` (and `import x._y`) in this source; `__future__`-style dunders allowed."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if alias.name.startswith("_") and not alias.name.startswith("__"):
                    found.append(f"from {node.module} import {alias.name}")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if any(p.startswith("_") and not p.startswith("__") for p in parts):
                    found.append(f"import {alias.name}")
    return found


def test_private_imports_are_found():
    source = "from a.b import _hidden, shown\nimport a._inner\nfrom __future__ import annotations\n"
    assert private_imports(source) == ["from a.b import _hidden", "import a._inner"]


def test_no_module_imports_another_modules_private_names():
    found = {
        f"{path.relative_to(ROOT)}: {line}"
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
        if "migrations" not in path.parts
        for line in private_imports(path.read_text())
    }
    offenders = sorted(found)
    assert not offenders, "import only public names:\n" + "\n".join(offenders)
