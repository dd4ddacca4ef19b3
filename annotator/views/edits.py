"""Fixing the split in place: merge, split, new boundaries, add a claim, "not a claim"; any logged-in user may."""
from flask import Blueprint, abort, g, make_response, redirect, render_template, request, url_for

from .. import edits, htmx, store
from ..db import get_db
from .articles import review_context

bp = Blueprint("edits", __name__)
# The review page lists its claims a page at a time; the template picks the page with this plain function.
bp.add_app_template_global(edits.claim_window, "claim_window")


def _claim_or_404(db, claim_id):
    try:
        return store.claim_with_verdict(db, claim_id, g.user["id"])
    except store.NotFound as error:
        abort(404, description=str(error))


def _number(name: str) -> int:
    value = request.form.get(name, type=int)
    if value is None:
        raise edits.EditRefused(f"Enter a whole number for “{name}”.")
    return value


@bp.get("/claims/<int:claim_id>/tools")
def tools(claim_id):
    """The claim's evidence form and split fixes: a fragment for htmx, a page of plain forms without it."""
    db = get_db()
    claim = _claim_or_404(db, claim_id)
    if claim["retired_at"]:
        abort(404, description=f"Claim {claim_id} was replaced when the split was fixed: reload the article.")
    before, after = edits.neighbours(db, claim_id)
    context = {"claim": claim, "tools": {"before": before, "after": after}}
    if htmx and not htmx.boosted:
        response = make_response(render_template("partials/_claim_tools.html", **context))
    else:
        article = store.get_article(db, claim["article_id"])
        response = make_response(render_template("claim_tools.html", article=article, **context))
    response.headers["Vary"] = "HX-Request"
    return response


def _edited(db, article_id: int, claim_id: int):
    """After an edit: htmx gets the review body with the claim in view, a plain post goes back to the page."""
    review_url = url_for("articles.review", article_id=article_id, claim=claim_id)
    if htmx:
        response = make_response(render_template("partials/_review_body.html", **review_context(db, article_id),
                                                 focus=claim_id))
        response.headers["HX-Push-Url"] = review_url
        return response
    return redirect(f"{review_url}#claim-{claim_id}", 303)


def _refused(db, article_id: int, claim_id, form: str, error: edits.EditRefused):
    """The review page (or its body, for htmx) with the message beside the form and what was typed, 422."""
    edit_error = {"claim_id": claim_id, "form": form, "message": str(error), "typed": request.form}
    if claim_id is not None:
        try:
            edit_error["before"], edit_error["after"] = edits.neighbours(db, claim_id)
        except edits.EditRefused:
            edit_error["claim_id"] = None  # the claim was replaced meanwhile: the message shows at the top
    template = "partials/_review_body.html" if htmx else "review.html"
    return render_template(template, **review_context(db, article_id), focus=edit_error["claim_id"],
                           edit_error=edit_error), 422


def _edit_claim(claim_id: int, form: str, change):
    """Run change(db, claim) -> the id to show, answering with the review body or the refusal."""
    db = get_db()
    claim = _claim_or_404(db, claim_id)
    try:
        shown = change(db, claim)
    except edits.EditRefused as refused:
        return _refused(db, claim["article_id"], claim_id, form, refused)
    return _edited(db, claim["article_id"], shown)


@bp.post("/claims/<int:claim_id>/merge")
def merge(claim_id):
    def change(db, claim):
        other = _number("other")
        try:
            store.get_claim(db, other)
        except store.NotFound as error:
            abort(404, description=str(error))
        return edits.merge(db, claim_id, other, g.user["id"])
    return _edit_claim(claim_id, "merge", change)


@bp.post("/claims/<int:claim_id>/split")
def split(claim_id):
    return _edit_claim(claim_id, "split", lambda db, claim: edits.split(db, claim_id, _number("at"), g.user["id"])[0])


@bp.post("/claims/<int:claim_id>/boundaries")
def boundaries(claim_id):
    return _edit_claim(claim_id, "boundaries", lambda db, claim: edits.set_boundaries(
        db, claim_id, _number("start"), _number("end"), g.user["id"]))


@bp.post("/claims/<int:claim_id>/not-a-claim")
def not_a_claim(claim_id):
    def change(db, claim):
        edits.set_not_a_claim(db, claim_id, g.user["id"], request.form.get("reason", ""))
        return claim_id
    return _edit_claim(claim_id, "not-a-claim", change)


@bp.post("/claims/<int:claim_id>/a-claim")
def a_claim(claim_id):
    def change(db, claim):
        edits.set_a_claim(db, claim_id, g.user["id"])
        return claim_id
    return _edit_claim(claim_id, "a-claim", change)


@bp.post("/articles/<int:article_id>/claims")
def add_claim(article_id):
    db = get_db()
    try:
        store.get_article(db, article_id)
    except store.NotFound as error:
        abort(404, description=str(error))
    try:
        new_id = edits.add_claim(db, article_id, _number("start"), _number("end"), g.user["id"])
    except edits.EditRefused as refused:
        return _refused(db, article_id, None, "add", refused)
    return _edited(db, article_id, new_id)
