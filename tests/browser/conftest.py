"""A live server on a free localhost port and a headless Debian Chromium driven by Playwright."""
import os
import shutil
import threading

import pytest
from werkzeug.serving import make_server

from annotator import accounts, create_app
from annotator.db import connect

# Debian's chromium: Playwright cannot download its own browser on these machines.
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]


def chromium_path():
    for candidate in (os.environ.get("CHROMIUM"), *CHROMIUM_CANDIDATES, shutil.which("chromium")):
        if candidate and os.path.exists(candidate):
            return candidate
    return None


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        # In CI a missing browser is a failure: a skipped browser test must never pass for a green run.
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium not found: install Debian's chromium package (apt-get install -y chromium)")
        pytest.skip("Chromium not installed (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


PASSWORD = "browser test password"


@pytest.fixture
def live_app(tmp_path):
    return create_app({"DATABASE": str(tmp_path / "live.db"), "SECRET_KEY": "browser-test"})


@pytest.fixture
def accounts_created(live_app):
    """An admin (Ada), a lead (Lee) and reviewers (Ana, Ben, Eli), all with PASSWORD."""
    database = connect(live_app.config["DATABASE"])
    for name, role in (("Ada", "admin"), ("Lee", "lead"), ("Ana", "reviewer"), ("Ben", "reviewer"),
                       ("Eli", "reviewer")):
        accounts.create_user(database, name, PASSWORD, role)
    database.close()


@pytest.fixture
def login(live_server, accounts_created):
    """Log a page in through the login form."""
    def log_in(page, name):
        page.goto(live_server + "/login")
        page.get_by_label("User name").fill(name)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(live_server + "/")
    return log_in


@pytest.fixture
def live_server(live_app):
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def make_page(browser):
    """New pages, each in its own browser context (its own cookies: a separate person)."""
    contexts, errors = [], []

    def new_page():
        context = browser.new_context(accept_downloads=True)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        # The console reports every 4xx as "Failed to load resource"; those are the app's deliberate answers.
        page.on("console", lambda message: errors.append(message.text)
                if message.type == "error" and not message.text.startswith("Failed to load resource") else None)
        return page

    yield new_page
    for context in contexts:
        context.close()
    # A CSP violation or a script error in the page is a bug even when the flow still works.
    assert errors == []


@pytest.fixture
def page(make_page):
    return make_page()
