"""The compiled build analyzes exactly as the pure-Python package does.

``HATCH_BUILD_HOOK_ENABLE_MYPYC=true pip install .`` compiles the modules that pyproject.toml lists
under ``[tool.hatch.build.targets.wheel.hooks.mypyc]``. This test compiles the same list with mypyc
into a copy of the package, then runs ``benchmarks/golden.py``: its record is written by the pure
package and checked by the compiled one (redaction, rules analysis, grounding and engagement on
70+ sessions). Bounded: about a minute, most of it the C compiler.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def compiled_modules() -> list[str]:
    """The files the compiled build compiles, relative to ``src``."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    include: list[str] = config["tool"]["hatch"]["build"]["targets"]["wheel"]["hooks"]["mypyc"][
        "include"
    ]
    return [path.removeprefix("src/") for path in include]


def run(command: list[str], *, src: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    return subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=600, check=False
    )


def test_the_listed_modules_exist_and_are_the_attempt_finder() -> None:
    modules = compiled_modules()
    assert modules, "the compiled build lists no module"
    assert "afterclass/analysis/rules/attempts.py" in modules
    for module in modules:
        assert (ROOT / "src" / module).is_file(), f"pyproject.toml lists a missing {module}"


@pytest.mark.slow
def test_the_compiled_modules_give_the_same_output(tmp_path: Path, c_compiler: str) -> None:
    compiled_src = tmp_path / "src"
    shutil.copytree(ROOT / "src" / "afterclass", compiled_src / "afterclass")
    modules = compiled_modules()
    built = run([sys.executable, "-m", "mypyc", *modules], src=compiled_src, cwd=compiled_src)
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    for module in modules:
        stem = (compiled_src / module).with_suffix("")
        assert list(stem.parent.glob(f"{stem.name}.*.so")), f"{module} was not compiled"
    where = run(
        [sys.executable, "-c", "import afterclass.analysis.rules.attempts as m; print(m.__file__)"],
        src=compiled_src,
        cwd=tmp_path,
    )
    assert where.stdout.strip().endswith(".so"), where.stdout + where.stderr

    record = tmp_path / "golden.json"
    golden = str(ROOT / "benchmarks" / "golden.py")
    pure = run([sys.executable, golden, "write", str(record)], src=ROOT / "src", cwd=tmp_path)
    assert pure.returncode == 0, pure.stderr[-3000:]
    checked = run([sys.executable, golden, "check", str(record)], src=compiled_src, cwd=tmp_path)
    assert checked.stdout.strip().endswith("identical"), checked.stdout[-3000:] + checked.stderr
