"""The public Python API: every name in ``kbgen.__all__`` imports, is documented, and is listed in the README."""

from __future__ import annotations

import importlib
import inspect
import re
import subprocess
import sys
from pathlib import Path

import pytest

import kbgen

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
NAMES = [name for name in kbgen.__all__ if name != "__version__"]


@pytest.mark.parametrize("name", NAMES)
def test_every_public_name_imports_and_has_its_own_docstring(name: str):
    module = importlib.import_module("kbgen")
    obj = getattr(module, name)
    assert obj.__doc__ and obj.__doc__.strip(), f"{name} has no docstring"
    if inspect.isclass(obj):
        assert "__doc__" in vars(obj) and vars(obj)["__doc__"], f"{name} inherits its docstring"
    assert name in dir(module)


def test_every_public_name_is_in_the_readmes_api_section():
    section = re.search(r"## Python API\n(.*?)\n## ", README, re.DOTALL)
    assert section, "README.md lost its '## Python API' section"
    assert set(re.findall(r"`(\w+)`", section.group(1))) >= set(NAMES)


def test_star_import_gives_exactly_the_public_names():
    namespace: dict = {}
    exec("from kbgen import *", namespace)  # the test is of star-import itself
    assert set(namespace) - {"__builtins__"} == set(kbgen.__all__)


def test_importing_kbgen_loads_no_heavy_module():
    """`import kbgen` (and so `kbgen --version`) stays quick: the API is imported on first use."""
    heavy = ("jsonschema", "pybtex", "mkdocs", "kbgen.checker")
    code = f"import sys, kbgen; print(sorted(m for m in {heavy!r} if m in sys.modules))"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "[]"


def test_unknown_names_raise_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'nothing_here'"):
        kbgen.nothing_here  # noqa: B018 - the attribute access is the test


def test_every_package_kbgen_imports_is_a_declared_dependency():
    """An import of a package only another dependency brings works until that one drops it: each one
    kbgen's own code imports is declared (or comes with an extra it declares, as ``pagefind[bin]``)."""
    import ast
    import tomllib
    from importlib.metadata import packages_distributions, requires

    from packaging.requirements import Requirement

    root = Path(__file__).resolve().parents[1]
    declared: set[str] = set()
    for line in tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]:
        requirement = Requirement(line)
        declared.add(_normal(requirement.name))
        for extra in requirement.extras:  # what the extra brings counts as declared
            declared |= {_normal(Requirement(r).name) for r in requires(requirement.name) or []
                         if Requirement(r).marker and Requirement(r).marker.evaluate({"extra": extra})}
    imported: set[str] = set()
    for path in (root / "src/kbgen").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                imported.add(node.module.split(".")[0])
    distributions = packages_distributions()
    third_party = {name for name in imported if name not in sys.stdlib_module_names and name != "kbgen"}
    assert third_party >= {"yaml", "mkdocs", "markdown"}  # the walk found the imports
    undeclared = {name: distributions.get(name) for name in third_party
                  if not {_normal(d) for d in distributions.get(name, [name])} & declared}
    assert undeclared == {}, "imported but not in pyproject.toml's dependencies"


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()
