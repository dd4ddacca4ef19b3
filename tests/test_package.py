"""The package that `pipx install .` builds carries everything the app needs, with a `claim-annotator` command."""
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

from click.testing import CliRunner

from annotator import cli, resources
from annotator.command import main

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_every_python_package_of_the_app_is_installed():
    # A new subpackage (annotator/matching/, say) left out of pyproject.toml would install an app that cannot start.
    found = {".".join(path.parent.relative_to(ROOT).parts) for path in (ROOT / "annotator").rglob("__init__.py")
             if "__pycache__" not in path.parts}
    assert found <= set(PYPROJECT["tool"]["setuptools"]["packages"])


def test_the_wheel_holds_the_templates_static_files_demo_and_text_model(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
                   check=True, capture_output=True, cwd=tmp_path)
    [wheel] = tmp_path.glob("claim_annotator-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    wanted = {f"annotator/{path.relative_to(ROOT / 'annotator').as_posix()}"
              for path in (ROOT / "annotator" / "templates").rglob("*.html")}
    wanted |= {f"annotator/static/{path.name}" for path in (ROOT / "static").iterdir() if path.is_file()}
    wanted |= {f"annotator/seeds/{path.name}" for path in (ROOT / "seeds").iterdir() if path.is_file()}
    wanted |= {f"annotator/text/{path.name}" for path in (ROOT / "annotator" / "text").glob("*.json")}
    assert wanted - names == set()
    entry_points = next(name for name in names if name.endswith("entry_points.txt"))
    assert "claim-annotator = annotator.command:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_an_installed_app_finds_its_files_inside_the_package(tmp_path, monkeypatch):
    package = tmp_path / "site-packages" / "annotator"
    (package / "static").mkdir(parents=True)
    monkeypatch.setattr(resources, "PACKAGE_DIR", package)
    assert resources.resource_dir("static") == package / "static"


def test_a_checkout_serves_the_top_level_folders():
    assert resources.resource_dir("static") == ROOT / "static"
    assert resources.resource_dir("seeds") == ROOT / "seeds"


def test_the_claim_annotator_command_offers_every_flask_command(tmp_path, monkeypatch):
    monkeypatch.setenv("ANNOTATOR_DATABASE", str(tmp_path / "annotator.db"))
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0, result.output
    for command in cli.COMMANDS:
        assert command.name in result.output
    assert "\n  run " in result.output
