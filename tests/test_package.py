"""kbgen as a user receives it: a wheel and an sdist built with the standard tools, installed into a fresh
virtualenv outside the repository, where `kbgen init demo && cd demo && kbgen check && kbgen build` works.

The wheel is installed by pip into the new environment; its dependencies are this environment's own
copies, seen through a ``.pth`` file, and ``pip check`` confirms they meet what the wheel declares.
(Installing them again from the index took most of this module's time: 7 to 20 s, most of it waiting.)
That every package kbgen imports is declared is checked, file by file, in ``test_api.py``.

Slow (a build, a virtualenv, an install): skipped by the fast loop, `pytest -m "not browser and not package"`;
CI runs it. Building needs PyPI or a pip cache holding setuptools.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.package

REPO = Path(__file__).resolve().parents[1]
SHIPPED = ("kbgen/schemas/finding.schema.json", "kbgen/schemas/defs.schema.json",
           "kbgen/templates/project/mkdocs.yml", "kbgen/templates/project/.github/workflows/pull-request.yml",
           "kbgen/templates/project/.pre-commit-config.yaml", "kbgen/templates/project/.gitignore",
           "kbgen/templates/project/evidence/finding/example-planning-day-saved-time.yaml",
           "kbgen/templates/project/sources/example-study.txt")


def _run(*args, cwd: Path, env: dict | None = None, timeout: int = 600) -> str:
    run = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert run.returncode == 0, f"{' '.join(map(str, args))} failed:\n{run.stdout}\n{run.stderr}"
    return run.stdout + run.stderr


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    """The wheel and sdist, built from a copy of the repository's files with `python -m build`."""
    root = tmp_path_factory.mktemp("package")
    source = root / "source"
    listed = _run("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=REPO)
    for name in filter(None, listed.split("\0")):
        if (REPO / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            (source / name).write_bytes((REPO / name).read_bytes())
    _run(sys.executable, "-m", "build", "--outdir", root / "dist", source, cwd=root)
    return root / "dist"


def test_wheel_and_sdist_carry_the_schemas_and_templates_and_pass_twine(dist: Path):
    wheel, = dist.glob("kbgen-*.whl")
    sdist, = dist.glob("kbgen-*.tar.gz")
    with zipfile.ZipFile(wheel) as archive:
        in_wheel = set(archive.namelist())
    with tarfile.open(sdist) as archive:
        in_sdist = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    for name in SHIPPED:
        assert name in in_wheel, name
        assert f"src/{name}" in in_sdist, name
    assert "kbgen-0.1.0.dist-info/entry_points.txt" in in_wheel
    assert any(name.endswith("/LICENSE") for name in in_wheel) and "LICENSE" in in_sdist
    _run(sys.executable, "-m", "twine", "check", "--strict", wheel, sdist, cwd=dist)


def test_installed_wheel_starts_checks_and_builds_a_knowledge_base(dist: Path, tmp_path: Path):
    wheel, = dist.glob("kbgen-*.whl")
    venv = tmp_path / "venv"
    _run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=tmp_path)
    python = venv / "bin" / "python"
    # This interpreter's pip installs into the new environment (faster than bootstrapping pip into it).
    _run(sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-compile", "--no-deps", wheel,
         cwd=tmp_path)
    own = Path(_run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))", cwd=tmp_path).strip())
    borrowed = [p for p in sys.path if p.endswith("site-packages") and Path(p).is_dir()]
    (own / "borrowed-dependencies.pth").write_text("\n".join(borrowed) + "\n", encoding="utf-8")
    _run(sys.executable, "-m", "pip", "--python", python, "check", cwd=tmp_path)
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env['PATH']}"
    work = tmp_path / "work"
    work.mkdir()
    where = _run(python, "-c", "import kbgen; print(kbgen.__file__)", cwd=work, env=env)
    assert Path(where.strip()).is_relative_to(venv), where  # the installed copy, not the repository's
    _run("kbgen", "init", "demo", cwd=work, env=env)
    demo = work / "demo"
    checked = _run("kbgen", "check", "--strict", cwd=demo, env=env)
    assert "0 error(s), 0 warning(s) in 6 cards" in checked and "3 quotes verified" in checked
    _run("kbgen", "build", "--strict", cwd=demo, env=env)
    site = demo / "site"
    assert (site / "index.html").is_file() and (site / "findings/example-planning-day-saved-time/index.html").is_file()
    assert (site / "schemas/v1/finding.schema.json").is_file()
    assert len(list(site.rglob("index.html"))) >= 10
    _run("kbgen", "linkcheck", "site", cwd=demo, env=env)
