"""Fixtures: an app on a fresh database file per test, a client, a CLI runner, a signed-in reviewer."""
import pytest

from annotator import create_app
from annotator.db import connect
from client_helpers import post


@pytest.fixture
def app(tmp_path):
    return create_app({"TESTING": True, "DATABASE": str(tmp_path / "annotator.db"), "SECRET_KEY": "test-only"})


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def db(app):
    database = connect(app.config["DATABASE"])
    yield database
    database.close()


@pytest.fixture
def reviewer(client):
    """Sign the client in as reviewer "Ana"."""
    response = post(client, "/reviewer", {"name": "Ana", "next": "/"})
    assert response.status_code == 303
    return "Ana"


@pytest.fixture
def demo_article(db):
    return next(db.query("select * from articles where source = 'seed'"))
