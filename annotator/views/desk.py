"""A desk's own workflow: reviewers per claim and blind review, the guidelines, and the pages that show them."""
from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for

from .. import accounts, double_review, htmx, store
from ..db import get_db
from .auth import role_required

bp = Blueprint("desk", __name__)


@bp.app_context_processor
def review_rules():
    # Pages other areas render (the article's edit page, the settings) include this blueprint's partials, which
    # read the rule themselves: the views of those pages stay as they are.
    return {"review_rule_for": lambda article_id: double_review.rule_for(get_db(), article_id),
            "desk_required_reviewers": lambda: double_review.default_required(get_db()),
            "article_state_for": lambda article_id: double_review.article_state(get_db(), article_id),
            "REQUIRED_CHOICES": range(double_review.MIN_REQUIRED, double_review.MAX_REQUIRED + 1)}


def _fragment_wanted() -> bool:
    return bool(htmx) and not htmx.boosted


@bp.post("/articles/<int:article_id>/review-rule")
@role_required(*accounts.LEAD_ROLES)
def save_rule(article_id):
    """A lead sets how many reviewers each claim of the article needs, and whether they review blind."""
    db = get_db()
    try:
        article = store.get_article(db, article_id)
    except store.NotFound as error:
        abort(404, description=str(error))
    error = message = None
    try:
        rule = double_review.set_rule(db, article_id, g.user["id"], request.form.get("required"),
                                      request.form.get("blind"))
        message = f"Saved: {double_review.describe(rule)}."
    except double_review.InvalidRule as invalid:
        error = str(invalid)
    status = 422 if error else 200
    if _fragment_wanted():
        return render_template("partials/_review_rule.html", article=article, rule_error=error,
                               rule_message=message), status
    if error:
        return render_template("error.html", message=error), status
    flash(message)
    return redirect(url_for("articles.edit", article_id=article_id), 303)


@bp.post("/admin/review-defaults")
@role_required(*accounts.ADMIN_ROLES)
def save_defaults():
    """An admin sets the desk's default number of reviewers per claim, for articles without their own."""
    try:
        required = double_review.set_default_required(get_db(), request.form.get("required"))
    except double_review.InvalidRule as invalid:
        return render_template("error.html", message=str(invalid)), 422
    flash(f"Settings saved: {required} reviewer{'s' if required != 1 else ''} per claim by default"
          f"{', blind' if required >= double_review.BLIND_FROM else ''}.")
    return redirect(url_for("admin.settings"), 303)
