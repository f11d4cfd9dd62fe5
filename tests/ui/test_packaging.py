"""The themes ship inside the installed package: build the wheel from a copy of the
source tree (as ``pip install .`` would), look inside it, install it into a folder of its
own and load the themes from there, away from the source tree."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = tmp_path_factory.mktemp("src")
    for name in ("standup", "themes"):
        shutil.copytree(ROOT / name, src / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        if (ROOT / name).exists():
            shutil.copy(ROOT / name, src / name)
    out = tmp_path_factory.mktemp("wheel")
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", str(src), "-w", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    if proc.returncode != 0:
        pytest.fail(f"pip wheel failed:\n{proc.stdout}\n{proc.stderr}")
    (built,) = out.glob("standup-*.whl")
    return built


def test_the_wheel_holds_the_themes_the_styles_and_every_package(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for theme in ("dark", "light", "high-contrast"):
        assert f"standup/themes/{theme}.toml" in names
    assert "standup/ui/board.tcss" in names and "standup/ui/dialogs.tcss" in names
    packages = {str(p.parent.relative_to(ROOT)) for p in (ROOT / "standup").rglob("__init__.py")}
    for package in packages:  # a package missing from pyproject's list would not ship
        assert f"{package}/__init__.py" in names, f"{package} is not in the wheel"


def test_installed_themes_load_without_the_source_tree(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(site),
            str(wheel),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    code = (
        "import standup, sys; from pathlib import Path; "
        "from standup.ui.themes import load_themes; from standup.ui.themefiles import shipped_dir; "
        "themes, problems = load_themes(Path('cfg')); "
        "print(standup.__file__); print(shipped_dir()); print(sorted(themes)); print(problems)"
    )
    env = {**os.environ, "PYTHONPATH": str(site)}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True,
        check=True,
    ).stdout.splitlines()  # fmt: skip
    assert out[0].startswith(str(site)), out  # the installed copy, not the source tree
    assert f"{site}/standup/themes" in out[1], out
    assert out[2] == "['dark', 'high-contrast', 'light']"
    assert out[3] == "[]"
