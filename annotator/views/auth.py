"""Login, logout, first-admin setup, changing your own password, and the checks every route makes of who is asking."""
from functools import wraps
from urllib.parse import urlsplit

from flask import Blueprint, abort, flash, g, redirect, render_template, request, session, url_for

from .. import accounts, htmx
from ..db import get_db

bp = Blueprint("auth", __name__)

# Endpoints a visitor reaches before logging in.
PUBLIC_ENDPOINTS = {"auth.login", "auth.setup", "static"}


def is_api_request() -> bool:
    """Whether the request is for the JSON API, also when its URL matches no route (/api/articles/abc)."""
    return request.blueprint == "api" or request.path == "/api" or request.path.startswith("/api/")


def load_user():
    """Put the logged-in account (or None) on g; a fresh instance sends everyone to create the first admin."""
    db = get_db()
    g.user = None
    user_id = session.get("user_id")
    if user_id is not None:
        # A disabled or deleted account loses its session at the next request.
        g.user = accounts.get_user(db, user_id)
        if g.user is not None and session.get("epoch") != g.user["session_epoch"]:
            g.user = None  # a cookie from before a logout or a password change
        if g.user is None:
            session.clear()
    if g.user is None and is_api_request() and request.authorization:
        # Scripts read the API with HTTP Basic credentials (over HTTPS), throttled like the login form.
        credentials = request.authorization
        try:
            g.user = accounts.authenticate(db, credentials.username or "", credentials.password or "",
                                           record_login=False)
        except accounts.LoginFailed:
            g.user = None
    if g.user is None and request.endpoint not in PUBLIC_ENDPOINTS:
        if is_api_request():
            return {"error": "Log in first: send HTTP Basic credentials or a session cookie."}, 401, {
                "WWW-Authenticate": 'Basic realm="Claim Annotator API"'}
        if not accounts.has_accounts(db):
            return redirect(url_for("auth.setup"))
        if request.method == "GET" and not htmx:
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        return "Log in first.", 401
    return None


def role_required(*roles):
    """Allow only these roles; anyone else gets 403 (not a redirect: they are logged in, just not allowed)."""
    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if g.user is None or g.user["role"] not in roles:
                abort(403, description="Your role does not allow this page.")
            return view(*args, **kwargs)
        return wrapped
    return decorator


def safe_next(target: str | None, default: str | None = None) -> str:
    """A local path to go back to; anything pointing off-site falls back to default (the home page)."""
    if target and target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc:
        return target
    return default or url_for("articles.index")


def _start_session(user: dict):
    # A new session on login: a session id planted before login is worth nothing after it.
    session.clear()
    session["user_id"] = user["id"]
    session["epoch"] = user["session_epoch"]


@bp.route("/setup", methods=["GET", "POST"])
def setup():
    db = get_db()
    if accounts.has_accounts(db):
        return redirect(url_for("auth.login"))
    if request.method == "GET":
        return render_template("setup.html", error=None, name="")
    name = request.form.get("name", "")
    try:
        if request.form.get("password") != request.form.get("password_again"):
            raise accounts.AccountError("The two passwords differ.")
        user_id = accounts.create_first_admin(db, name, request.form.get("password", ""))
    except accounts.AccountError as error:
        return render_template("setup.html", error=str(error), name=name), 422
    _start_session(accounts.get_user(db, user_id))
    return redirect(url_for("articles.index"), 303)


@bp.route("/login", methods=["GET", "POST"])
def login():
    next_url = safe_next(request.values.get("next"))
    if request.method == "GET":
        return render_template("login.html", next_url=next_url, error=None, name="")
    name = request.form.get("name", "")
    try:
        user = accounts.authenticate(get_db(), name, request.form.get("password", ""))
    except accounts.LoginFailed:
        error = (f"Wrong user name or password. After {accounts.MAX_FAILED_LOGINS} wrong tries an account "
                 f"is locked for {accounts.LOCKOUT.seconds // 60} minutes.")
        return render_template("login.html", next_url=next_url, error=error, name=name), 401
    _start_session(user)
    return redirect(next_url, 303)


@bp.post("/logout")
def logout():
    if g.user is not None:
        accounts.end_sessions(get_db(), g.user["id"])
    session.clear()
    return redirect(url_for("auth.login"), 303)


def _password_form(error=None, field=None, status=200, fragment=False):
    """The password form alone for htmx (with the flashed message out of band), else its whole page."""
    template = "partials/_password_form.html" if fragment else "password.html"
    return render_template(template, error=error, field=field, fragment=fragment,
                           min_length=accounts.MIN_PASSWORD_LENGTH), status


@bp.route("/account/password", methods=["GET", "POST"])
def change_password():
    """Change your own password: your other sessions end, this one stays logged in."""
    if request.method == "GET":
        return _password_form()
    form = request.form
    try:
        epoch = accounts.change_password(get_db(), g.user["id"], form.get("current_password", ""),
                                         form.get("new_password", ""), form.get("new_password_again", ""))
    except accounts.AccountError as error:
        return _password_form(str(error), error.field, 422, fragment=bool(htmx and not htmx.boosted))
    session["epoch"] = epoch  # the session making the change is the person at the keyboard: it stays
    flash("Password changed. Your other sessions have ended.")
    if htmx and not htmx.boosted:
        return _password_form(fragment=True)
    return redirect(url_for("auth.change_password"), 303)
