"""Posting as the app's own forms do: with the session's CSRF token, optionally as htmx."""
import re

CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_token(client) -> str:
    """The CSRF token of the client's session, read from a form as a browser would."""
    page = client.get("/login").get_data(as_text=True)
    return CSRF_FIELD.search(page).group(1)


def post(client, url, data=None, htmx=False, **kwargs):
    """POST with the session's CSRF token, as the app's own forms do; htmx=True adds htmx's request header."""
    data = {"csrf_token": csrf_token(client), **(data or {})}
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(url, data=data, headers=headers, **kwargs)


PASSWORD = "correct horse battery"


def login(client, name, password=PASSWORD):
    """Log the client in through the login form."""
    return post(client, "/login", {"name": name, "password": password, "next": "/"})


def client_for(app, name):
    """A new client, logged in as this user."""
    client = app.test_client()
    assert login(client, name).status_code == 303
    return client
