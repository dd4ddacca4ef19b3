"""Choosing a reviewer name and saving a reviewer's verdict on a claim."""
from flask import Blueprint, abort, g, redirect, render_template, request, session, url_for

from .. import htmx, store
from ..db import get_db
from ..highlight import highlight_claims
from .session import reviewer_required, safe_next

bp = Blueprint("review", __name__)


@bp.route("/reviewer", methods=["GET", "POST"])
def choose_reviewer():
    next_url = safe_next(request.values.get("next"))
    if request.method == "GET":
        return render_template("reviewer.html", next_url=next_url, error=None, name="")
    name = request.form.get("name", "")
    try:
        session["reviewer_id"] = store.reviewer_id_for(get_db(), name)
    except store.InvalidVerdict as error:
        return render_template("reviewer.html", next_url=next_url, error=str(error), name=name), 422
    return redirect(next_url, 303)


@bp.post("/claims/<int:claim_id>/verdict")
@reviewer_required
def save_verdict(claim_id):
    db = get_db()
    reviewer_id = g.reviewer["id"]
    try:
        claim = store.get_claim(db, claim_id)
    except store.NotFound as error:
        abort(404, description=str(error))
    form = request.form
    error = None
    try:
        store.save_verdict(db, claim_id, reviewer_id, form.get("verdict", ""),
                           form.get("evidence_url", ""), form.get("note", ""))
    except store.InvalidVerdict as invalid:
        error = str(invalid)
    if htmx and not htmx.boosted:
        row = store.claim_with_verdict(db, claim_id, reviewer_id)
        if error:
            # Keep what the reviewer typed beside the message, instead of the stored values.
            row.update(evidence_url=form.get("evidence_url", ""), note=form.get("note", ""))
        progress = store.progress(db, claim["article_id"], reviewer_id)
        return render_template("partials/_verdict_response.html", claim=row, error=error,
                               progress=progress, article_id=claim["article_id"]), 422 if error else 200
    if error:
        return _review_page_with_error(db, claim, error, form), 422
    return redirect(url_for("articles.review", article_id=claim["article_id"]) + f"#claim-{claim_id}", 303)


def _review_page_with_error(db, claim, error, form):
    """The whole review page with the message beside the claim, for a form posted without JavaScript."""
    article = store.get_article(db, claim["article_id"])
    claims = store.claims_for(db, article["id"], g.reviewer["id"])
    for row in claims:
        if row["id"] == claim["id"]:
            row.update(evidence_url=form.get("evidence_url", ""), note=form.get("note", ""))
    return render_template(
        "review.html", article=article, claims=claims, errors={claim["id"]: error},
        article_html=highlight_claims(article["text"], claims),
        progress=store.progress(db, article["id"], g.reviewer["id"]),
    )
