"""Fixtures: an app on a fresh database file per test, a client, a CLI runner, and users of every role."""
import pytest

from annotator import accounts, create_app
from annotator.db import connect, migrate
from client_helpers import PASSWORD, client_for, login


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
def bare_db(tmp_path):
    """A migrated database file with nothing in it, for the data modules tested without Flask."""
    database = connect(tmp_path / "bare.db")
    migrate(database)
    yield database
    database.close()


@pytest.fixture
def users(db):
    """An admin (Ada), a lead (Lee) and two reviewers (Ana, Ben), all with PASSWORD: name -> id."""
    return {name: accounts.create_user(db, name, PASSWORD, role)
            for name, role in (("Ada", "admin"), ("Lee", "lead"), ("Ana", "reviewer"), ("Ben", "reviewer"))}


@pytest.fixture
def reviewer(client, users):
    """Log the client in as reviewer Ana."""
    assert login(client, "Ana").status_code == 303
    return "Ana"


@pytest.fixture
def admin_client(app, users):
    return client_for(app, "Ada")


@pytest.fixture
def lead_client(app, users):
    return client_for(app, "Lee")


@pytest.fixture
def demo_article(db):
    return next(db.query("select * from articles where source = 'seed'"))
