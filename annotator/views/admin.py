"""Admin pages: user accounts, article assignments and the desk's settings."""
from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for

from .. import accounts, store, team
from ..db import get_db
from ..learning import training
from .auth import role_required

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
@role_required(*accounts.ADMIN_ROLES)
def only_admins():
    """Every page of this blueprint is for admins."""


@bp.get("/users")
def users():
    return render_template("users.html", users=accounts.list_users(get_db()), roles=accounts.ROLES, error=None, form={})


@bp.post("/users")
def create_user():
    db = get_db()
    form = request.form
    try:
        user_id = accounts.create_user(db, form.get("name", ""), form.get("password", ""),
                                       form.get("role", "reviewer"))
    except accounts.AccountError as error:
        return render_template("users.html", users=accounts.list_users(db), roles=accounts.ROLES,
                               error=str(error), form=form), 422
    user = accounts.get_user(db, user_id)
    flash(f"Added {user['name']} ({user['role']}): they can log in now.")
    return redirect(url_for("admin.users"), 303)


@bp.post("/users/<int:user_id>")
def update_user(user_id):
    db = get_db()
    if not any(user["id"] == user_id for user in accounts.list_users(db)):
        abort(404, description=f"User {user_id} does not exist.")
    form = request.form
    try:
        name = next(user["name"] for user in accounts.list_users(db) if user["id"] == user_id)
        if "role" in form:
            accounts.set_role(db, user_id, form["role"], g.user["id"])
            flash(f"{name} is now {'an' if form['role'] == 'admin' else 'a'} {form['role']}.")
        if "active" in form:
            accounts.set_active(db, user_id, form["active"] == "1", g.user["id"])
            flash(f"{name} can log in again." if form["active"] == "1" else f"{name} is disabled: they cannot log in.")
        if form.get("password"):
            accounts.set_password(db, user_id, form["password"])
    except accounts.AccountError as error:
        return render_template("users.html", users=accounts.list_users(db), roles=accounts.ROLES,
                               error=str(error), form={}), 422
    return redirect(url_for("admin.users"), 303)


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
