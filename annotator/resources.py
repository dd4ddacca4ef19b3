"""Where the app's shipped files (static/, seeds/) are: beside the package in a checkout, inside it when installed."""
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def resource_dir(name: str) -> Path:
    """The folder `name` of the checkout (static/, seeds/ at the top level), else the copy pip installed.

    A checkout keeps one copy at the top level, where the tests, the benchmarks and the README expect it;
    pyproject.toml installs the same folders as annotator/static and annotator/seeds, because a wheel can only
    carry files inside its packages.
    """
    beside = PACKAGE_DIR.parent / name
    return beside if beside.is_dir() else PACKAGE_DIR / name
