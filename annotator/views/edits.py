"""Fixing the split in place: merge, split, new boundaries, add a claim, "not a claim", undo; leads and admins,
and reviewers where an admin allows it (team.split_refusal)."""
from flask import Blueprint, abort, flash, g, make_response, redirect, render_template, request, url_for

from .. import edits, htmx, store, team
from ..db import get_db
from .articles import review_context

bp = Blueprint("edits", __name__)
# The review page lists its claims a page at a time; the template picks the page with this plain function.
bp.add_app_template_global(edits.claim_window, "claim_window")
# An edited claim's card says what it came from in on-screen claim numbers ("merge of claims 1 and 2").
bp.add_app_template_filter(lambda label: edits.edit_label(get_db(), label), "edit_label")


def _claim_or_404(db, claim_id):
    try:
        return store.claim_with_verdict(db, claim_id, g.user["id"])
    except store.NotFound as error:
        abort(404, description=str(error))


def _allowed(db, article_id: int):
    """403 with the reason unless the logged-in user may fix this article's split."""
    refusal = team.split_refusal(db, g.user, article_id)
    if refusal:
        abort(403, description=refusal)


def _confirmed() -> bool:
    """Whether the post is the second one of a confirmation (its form carries confirmed=1)."""
    return request.form.get("confirmed") == "1"


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
    refusal = team.split_refusal(db, g.user, claim["article_id"])
    context = {"claim": claim, "tools": {"before": before, "after": after, "refusal": refusal}}
    if htmx and not htmx.boosted:
        response = make_response(render_template("partials/_claim_tools.html", **context))
    else:
        article = store.get_article(db, claim["article_id"])
        response = make_response(render_template("claim_tools.html", article=article, **context))
    response.headers["Vary"] = "HX-Request"
    return response


def _edited(db, article_id: int, claim_id, undoable: bool = True, done: str | None = None):
    """After an edit: htmx gets the review body with the claim in view, a plain post goes back to the page.

    undoable marks the body with the edit just made, so `z` (keys.js) can undo it; an undo is not marked. A plain
    post also flashes what changed (done, else the edit's description); htmx shows it in the Undo bar instead.
    """
    review_url = url_for("articles.review", article_id=article_id, claim=claim_id)
    if htmx:
        response = make_response(render_template("partials/_review_body.html", **review_context(db, article_id),
                                                 focus=claim_id, made_edit=undoable))
        response.headers["HX-Push-Url"] = review_url
        return response
    if done is None:
        last = edits.undoable_edit(db, article_id)
        done = f"Fixed the split: {last['description']}." if last else "Fixed the split."
    flash(done)
    return redirect(f"{review_url}#claim-{claim_id}" if claim_id else review_url, 303)


def _beside_the_form(db, article_id: int, claim_id, form: str, message: str, status: int, confirm: bool = False):
    """The review page (or its body, for htmx) with a message beside the form and what was typed.

    A refusal is a 422; a confirmation (confirm=True) is a 200 whose form posts the same fields again, confirmed.
    """
    edit_error = {"claim_id": claim_id, "form": form, "message": message, "typed": request.form,
                  "confirm": confirm, "url": url_for(request.endpoint, **request.view_args)}
    if claim_id is not None:
        try:
            edit_error["before"], edit_error["after"] = edits.neighbours(db, claim_id)
        except edits.EditRefused:
            edit_error["claim_id"] = None  # the claim was replaced meanwhile: the message shows at the top
    template = "partials/_review_body.html" if htmx else "review.html"
    return render_template(template, **review_context(db, article_id), focus=edit_error["claim_id"],
                           edit_error=edit_error), status


def _edit_claim(claim_id: int, form: str, change, undoable: bool = True, done: str | None = None):
    """Run change(db, claim) -> the id to show, answering with the review body, the refusal or the confirmation.

    undoable is False for the edits that have a button of their own to reverse them ("not a claim" and back).
    """
    db = get_db()
    claim = _claim_or_404(db, claim_id)
    _allowed(db, claim["article_id"])
    try:
        shown = change(db, claim)
    except edits.EditRefused as refused:
        return _beside_the_form(db, claim["article_id"], claim_id, form, str(refused), 422)
    except edits.NeedsConfirmation as question:
        return _beside_the_form(db, claim["article_id"], claim_id, form, str(question), 200, confirm=True)
    return _edited(db, claim["article_id"], shown, undoable, done)


@bp.post("/claims/<int:claim_id>/merge")
def merge(claim_id):
    def change(db, claim):
        other = _number("other")
        try:
            store.get_claim(db, other)
        except store.NotFound as error:
            abort(404, description=str(error))
        return edits.merge(db, claim_id, other, g.user["id"], confirmed=_confirmed())
    return _edit_claim(claim_id, "merge", change)


@bp.post("/claims/<int:claim_id>/split")
def split(claim_id):
    return _edit_claim(claim_id, "split", lambda db, claim: edits.split(
        db, claim_id, _number("at"), g.user["id"], confirmed=_confirmed())[0])


@bp.post("/claims/<int:claim_id>/boundaries")
def boundaries(claim_id):
    return _edit_claim(claim_id, "boundaries", lambda db, claim: edits.set_boundaries(
        db, claim_id, _number("start"), _number("end"), g.user["id"], confirmed=_confirmed()))


@bp.post("/claims/<int:claim_id>/not-a-claim")
def not_a_claim(claim_id):
    def change(db, claim):
        edits.set_not_a_claim(db, claim_id, g.user["id"], request.form.get("reason", ""))
        return claim_id
    return _edit_claim(claim_id, "not-a-claim", change, undoable=False, done="Marked as not a claim.")


@bp.post("/claims/<int:claim_id>/a-claim")
def a_claim(claim_id):
    def change(db, claim):
        edits.set_a_claim(db, claim_id, g.user["id"])
        return claim_id
    return _edit_claim(claim_id, "a-claim", change, undoable=False, done="Counted as a claim again.")


@bp.post("/articles/<int:article_id>/claims")
def add_claim(article_id):
    db = get_db()
    try:
        store.get_article(db, article_id)
    except store.NotFound as error:
        abort(404, description=str(error))
    _allowed(db, article_id)
    try:
        new_id = edits.add_claim(db, article_id, _number("start"), _number("end"), g.user["id"])
    except edits.EditRefused as refused:
        return _beside_the_form(db, article_id, None, "add", str(refused), 422)
    return _edited(db, article_id, new_id)


@bp.post("/edits/<int:edit_id>/undo")
def undo(edit_id):
    """Undo a fix of the split (the Undo button beside the last one, or `z` right after it)."""
    db = get_db()
    try:
        article_id = edits.edit_article(db, edit_id)
    except edits.ClaimNotFound as error:
        abort(404, description=str(error))
    _allowed(db, article_id)
    try:
        restored = edits.undo(db, edit_id, g.user["id"], confirmed=_confirmed())
    except edits.EditRefused as refused:
        return _beside_the_form(db, article_id, None, "undo", str(refused), 422)
    except edits.NeedsConfirmation as question:
        return _beside_the_form(db, article_id, None, "undo", str(question), 200, confirm=True)
    return _edited(db, article_id, restored[0] if restored else None, undoable=False,
                   done="Undone: the claims that fix replaced are back, with their verdicts.")
