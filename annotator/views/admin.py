"""Admin pages: user accounts, article assignments and the desk's settings."""
from flask import Blueprint, abort, flash, g, make_response, redirect, render_template, request, url_for

from .. import accounts, htmx, store, team
from ..db import get_db
from ..learning import training
from .auth import role_required

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
@role_required(*accounts.ADMIN_ROLES)
def only_admins():
    """Every page of this blueprint is for admins."""


def _users_page(db, status=200, create_error=None, form=None, row=None):
    """The users page; row is one account's answer (an error beside its control, a generated password)."""
    return render_template("users.html", users=accounts.list_users(db), roles=accounts.ROLES,
                           create_error=create_error, form=form or {}, row=row or {},
                           min_length=accounts.MIN_PASSWORD_LENGTH), status


def _known_user(db, user_id) -> dict:
    user = accounts.listed_user(db, user_id)
    if user is None:
        abort(404, description=f"User {user_id} does not exist.")
    return user


def _user_answer(db, user_id, error=None, field=None, new_password=None):
    """After a change to one account: its row for htmx; else the users page, a 303 back to it when all went well."""
    row = {"user_id": user_id, "error": error, "field": field, "new_password": new_password}
    status = 422 if error else 200
    if htmx and not htmx.boosted:
        response = make_response(render_template(
            "partials/_user_row.html", user=accounts.listed_user(db, user_id), roles=accounts.ROLES, row=row,
            fragment=True, min_length=accounts.MIN_PASSWORD_LENGTH), status)
    elif error or new_password:
        # Rendered, not redirected: a generated password is shown in this answer only, never kept in the session.
        response = make_response(*_users_page(db, status, row=row))
    else:
        return redirect(url_for("admin.users"), 303)
    if new_password:
        response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/users")
def users():
    return _users_page(get_db())


@bp.post("/users")
def create_user():
    db = get_db()
    form = request.form
    role = form.get("role", "reviewer")
    try:
        accounts.create_user(db, form.get("name", ""), form.get("password", ""), role)
    except accounts.AccountError as error:
        return _users_page(db, 422, create_error=error, form=form)
    flash(f"Added {role} {accounts.clean_name(form['name'])}.")
    return redirect(url_for("admin.users"), 303)


@bp.post("/users/<int:user_id>")
def update_user(user_id):
    db = get_db()
    name = _known_user(db, user_id)["name"]
    form = request.form
    field = None
    try:
        name = next(user["name"] for user in accounts.list_users(db) if user["id"] == user_id)
        if "role" in form:
            field = "role"
            accounts.set_role(db, user_id, form["role"], g.user["id"])
            flash(f"Role of {name} set to {form['role']}.")
        if "active" in form:
            field = "active"
            active = form["active"] == "1"
            accounts.set_active(db, user_id, active, g.user["id"])
            flash(f"{name} enabled: they can log in again." if active
                  else f"{name} disabled: their sessions have ended. Their verdicts are kept.")
        if form.get("password"):
            field = "password"
            accounts.reset_password(db, user_id, g.user["id"], form["password"])
            flash(f"Password of {name} reset: their sessions have ended.")
    except accounts.AccountError as error:
        return _user_answer(db, user_id, str(error), error.field or field)
    return _user_answer(db, user_id)


@bp.post("/users/<int:user_id>/password")
def reset_password(user_id):
    """Set a new password the admin typed, or with generate=1 one made up and shown once; sessions end."""
    db = get_db()
    name = _known_user(db, user_id)["name"]
    generate = request.form.get("generate") == "1"
    try:
        generated = accounts.reset_password(db, user_id, g.user["id"],
                                            None if generate else request.form.get("password", ""))
    except accounts.AccountError as error:
        return _user_answer(db, user_id, str(error), "password")
    if generated:
        flash(f"Password of {name} reset: their sessions have ended. Give them the new password shown beside "
              "their name: it is not shown again.")
    else:
        flash(f"Password of {name} reset: their sessions have ended.")
    return _user_answer(db, user_id, new_password=generated)


@bp.post("/users/<int:user_id>/unlock")
def unlock_user(user_id):
    """Lift the lock that wrong passwords put on an account."""
    db = get_db()
    name = _known_user(db, user_id)["name"]
    was_locked = accounts.unlock(db, user_id)
    flash(f"{name} unlocked: they can log in again." if was_locked else f"{name} was not locked.")
    return _user_answer(db, user_id)


@bp.route("/articles/<int:article_id>/assign", methods=["GET", "POST"])
def assign(article_id):
    db = get_db()
    try:
        article = store.get_article(db, article_id)
    except store.NotFound as error:
        abort(404, description=str(error))
    users = accounts.list_users(db)
    if request.method == "POST":
        chosen = {int(value) for value in request.form.getlist("reviewer_id") if value.isdecimal()}
        team.set_assignments(db, article_id, chosen & {u["id"] for u in users}, g.user["id"])
        names = [u["name"] for u in users if u["id"] in chosen]
        flash(f"Assignments saved: “{article['title']}” is assigned to {', '.join(names)}." if names
              else f"Assignments saved: “{article['title']}” is assigned to nobody.")
        return redirect(url_for("admin.assign", article_id=article_id), 303)
    return render_template("assign.html", article=article, users=users,
                           assigned=team.assigned_reviewer_ids(db, article_id))


@bp.get("/settings")
def settings():
    db = get_db()
    return render_template("settings.html", reviewers_fix_split=team.reviewers_may_fix_split(db),
                           learn_every=training.learn_every(db), learn_error=None)


@bp.post("/settings")
def save_settings():
    db = get_db()
    try:
        learn_every = training.parse_learn_every(request.form.get("learn_every", str(training.learn_every(db))))
    except ValueError as error:
        return render_template("settings.html", reviewers_fix_split=request.form.get("reviewers_fix_split") == "1",
                               learn_every=request.form.get("learn_every", ""), learn_error=str(error)), 422
    # An unticked checkbox sends nothing: its absence is the "no".
    allowed = request.form.get("reviewers_fix_split") == "1"
    team.set_reviewers_may_fix_split(db, allowed)
    training.set_learn_every(db, learn_every)
    flash("Settings saved: reviewers may fix the split." if allowed
          else "Settings saved: only leads and admins may fix the split.")
    return redirect(url_for("admin.settings"), 303)
