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
