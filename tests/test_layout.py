"""The layout's promises: development tooling stays out of the runtime and the image."""

import ast
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
RUNTIME_PACKAGES = ["compliance", "inspections", "providers"]
DEVTOOLS = PROJECT_DIR / "compliance" / "devtools"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def runtime_modules() -> list[Path]:
    return [
        path
        for package in RUNTIME_PACKAGES
        for path in sorted((PROJECT_DIR / package).rglob("*.py"))
        if not path.is_relative_to(DEVTOOLS)
    ]


def test_no_runtime_module_imports_the_devtools():
    modules = runtime_modules()
    assert len(modules) > 50  # the walk found the packages
    offenders = [
        f"{path.relative_to(PROJECT_DIR)} imports {name}"
        for path in modules
        for name in sorted(imported_modules(path))
        if name == "compliance.devtools" or name.startswith("compliance.devtools.")
    ]
    assert offenders == []


def test_the_walk_would_see_such_an_import(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("from compliance import devtools\nimport compliance.devtools.generator\n")
    assert {"compliance.devtools", "compliance.devtools.generator"} <= imported_modules(module)


def test_the_docker_context_leaves_the_devtools_out():
    ignored = {
        line.strip().rstrip("/")
        for line in (PROJECT_DIR / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    assert "compliance/devtools" in ignored
    assert not any(line.startswith("!") and "devtools" in line for line in ignored)


# The report parser reads many report layouts; its two modules keep each layout's rules
# next to each other rather than scattered (see their docstrings).
LONGER_ALLOWED = {"inspections/reports/parser.py", "inspections/reports/requirements.py"}
MAX_MODULE_LINES = 450


def test_no_runtime_module_outside_the_parser_is_over_450_lines():
    too_long = {
        str(path.relative_to(PROJECT_DIR)): lines
        for path in runtime_modules()
        if "migrations" not in path.parts
        and (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    for allowed in LONGER_ALLOWED:
        too_long.pop(allowed, None)
    assert too_long == {}
