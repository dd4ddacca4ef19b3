"""A desk's own workflow: reviewers per claim and blind review, the guidelines, and the pages that show them."""
from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for

from .. import accounts, double_review, guidelines, htmx, store
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


@bp.app_context_processor
def guidelines_in_pages():
    # The review page shows the guidelines of its article's scale beside the claims (the `h` key).
    def for_article(article_id):
        scale = guidelines.scale_of_article(get_db(), article_id)
        return {"scale": scale, "current": guidelines.current(get_db(), scale), "render": guidelines.render}
    def scale_of(article_id):
        # Asked once per claim card: remembered for the request (names here; views.scales keeps Scale objects).
        known = g.setdefault("article_scale_names", {})
        if article_id not in known:
            known[article_id] = guidelines.scale_of_article(get_db(), article_id)
        return known[article_id]
    return {"guidelines_for_article": for_article, "scale_of_article": scale_of}


def _guidelines_page(scale: str, status: int = 200, **extra):
    db = get_db()
    shown = None
    wanted = request.args.get("version", "").strip()
    if wanted:
        if not (wanted.isascii() and wanted.isdecimal() and len(wanted) < 10):
            abort(404, description=f"Version {wanted} of the {scale} guidelines does not exist.")
        shown = guidelines.version(db, scale, int(wanted))
        if shown is None:
            abort(404, description=f"Version {wanted} of the {scale} guidelines does not exist.")
    latest = guidelines.current(db, scale)
    return render_template("guidelines.html", scale=scale, shown=shown or latest, latest=latest,
                           versions=guidelines.versions(db, scale), render=guidelines.render, **extra), status


@bp.get("/guidelines/<scale>")
def guidelines_page(scale):
    """A scale's guidelines as reviewers read them, any earlier version (?version=N), and an admin's editor."""
    try:
        scale = guidelines.check_scale(scale)
    except guidelines.InvalidGuidelines as error:
        abort(404, description=str(error))
    return _guidelines_page(scale)


@bp.post("/guidelines/<scale>")
@role_required(*accounts.ADMIN_ROLES)
def save_guidelines(scale):
    """An admin saves the guidelines: a new version, the earlier ones kept."""
    body = request.form.get("body", "")
    try:
        scale = guidelines.check_scale(scale)
    except guidelines.InvalidGuidelines as error:
        abort(404, description=str(error))
    try:
        number, changed = guidelines.save(get_db(), scale, body, g.user["id"])
    except guidelines.InvalidGuidelines as error:
        # 422 with the text as typed and the message beside it: nothing typed is lost.
        return _guidelines_page(scale, 422, error=str(error), typed=body)
    flash(f"Guidelines saved as version {number}." if changed else
          f"Nothing changed: the text is version {number} as it stands.")
    return redirect(url_for("desk.guidelines_page", scale=scale), 303)
