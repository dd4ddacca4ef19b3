"""Saving a reviewer's verdict and evidence on a claim, a lead's accept-above, and showing a claim's history."""
from flask import (Blueprint, abort, current_app, flash, g, make_response, redirect, render_template, request,
                   url_for)

from .. import accounts, blind, evidence, htmx, rechecks, store, team, timing
from ..db import get_db, utc_now
from ..learning import accept, background, model_file
from ..learning.page import mark_suggesters
from ..matching.stored import mark_seen
from .articles import review_context
from .auth import role_required

bp = Blueprint("review", __name__)


@bp.after_app_request
def learn_in_background(response):
    """After any change saved, hand the learning step to the background: it retrains when enough verdicts were
    settled since the last model. The request only queues the job (config LEARN_RUNNER; none while testing)."""
    if request.method == "POST" and response.status_code < 400 and g.get("user"):
        runner = current_app.config.get("LEARN_RUNNER", None if current_app.testing else background.thread_runner)
        if runner is not None:
            runner(background.Job(current_app.config["DATABASE"],
                                  str(model_file.path_in(current_app.instance_path))))
    return response


def _claim_or_404(db, claim_id):
    try:
        return store.get_claim(db, claim_id)
    except store.NotFound as error:
        abort(404, description=str(error))


def claim_fragment(db, claim_id, error=None, typed=None, status=200, warn_if_unsourced=False):
    """The claim's form as htmx swaps it, with the article's progress swapped out of band."""
    user_id = g.user["id"]
    warning = None
    claim = store.claim_with_verdict(db, claim_id, user_id)
    claim["evidence_items"] = evidence.evidence_for(db, [claim_id], user_id).get(claim_id, [])
    claim["final"] = team.final_verdicts(db, [claim_id]).get(claim_id)
    claim["recheck"] = rechecks.open_for(db, [claim_id], user_id).get(claim_id)
    blind.apply(db, g.user, [claim])
    mark_suggesters(db, [claim])
    mark_seen(db, [claim])
    if typed:
        claim.update(evidence_url=typed.get("evidence_url", claim["evidence_url"]),
                     note=typed.get("note", claim["note"]), typed_evidence=typed.get("evidence"))
    if warn_if_unsourced and claim["verdict"] == "sourced" and not claim["evidence_url"] \
            and not claim["evidence_items"]:
        # A gentle warning, not a block: a "sourced" verdict is stronger with something a colleague can check.
        warning = "Sourced, but no evidence yet: add the URL where the source says it."
    progress = store.progress(db, claim["article_id"], user_id)
    return render_template("partials/_verdict_response.html", claim=claim, error=error, warning=warning,
                           progress=progress), status


def refused(db, claim, message, typed=None):
    """A 422 with the message beside the claim: the fragment for htmx, else the whole review page."""
    if htmx:
        return claim_fragment(db, claim["id"], error=message, typed=typed, status=422)
    if claim["retired_at"]:
        # The review page no longer shows a replaced claim, so the message could not stand beside it.
        return render_template("error.html", message=message), 422
    context = review_context(db, claim["article_id"], errors={claim["id"]: message}, typed=typed)
    return render_template("review.html", **context), 422


def back_to_claim(claim):
    # ?claim= opens the page of a long article's claim list that holds this claim.
    return redirect(url_for("articles.review", article_id=claim["article_id"], claim=claim["id"])
                    + f"#claim-{claim['id']}", 303)


@bp.post("/claims/<int:claim_id>/verdict")
def save_verdict(claim_id):
    db = get_db()
    claim = _claim_or_404(db, claim_id)
    form = request.form
    # A field the form did not send keeps what is stored; one sent empty clears it.
    typed = {"claim_id": claim_id, "evidence_url": form.get("evidence_url"), "note": form.get("note")}
    try:
        seconds = timing.parse_seconds(form.get("seconds"))
        store.save_verdict(db, claim_id, g.user["id"], form.get("verdict", ""), typed["evidence_url"], typed["note"],
                           seconds=seconds)
    except (store.InvalidVerdict, timing.InvalidSeconds) as invalid:
        return refused(db, claim, str(invalid), {key: value for key, value in typed.items() if value is not None})
    if htmx:
        return claim_fragment(db, claim_id, warn_if_unsourced=True)
    return back_to_claim(claim)


@bp.post("/claims/<int:claim_id>/note")
def save_note(claim_id):
    """Keep the evidence URL and note as typed, tagged or not: saved on change, or by "Save URL and note"."""
    db = get_db()
    claim = _claim_or_404(db, claim_id)
    typed = {"claim_id": claim_id, "evidence_url": request.form.get("evidence_url", ""),
             "note": request.form.get("note", "")}
    try:
        store.save_note(db, claim_id, g.user["id"], typed["evidence_url"], typed["note"])
    except store.InvalidVerdict as invalid:
        if htmx:
            # Only the mark beside the fields is swapped: the fields keep what was typed, refused or not.
            return render_template("partials/_note_status.html", error=str(invalid)), 422
        return refused(db, claim, str(invalid), typed)
    if htmx:
        tagged = store.get_verdict(db, claim_id, g.user["id"]) is not None
        return render_template("partials/_note_status.html", tagged=tagged, saved_at=utc_now()[11:19] + " UTC")
    return back_to_claim(claim)


@bp.post("/claims/<int:claim_id>/undo")
def undo(claim_id):
    """Undo this reviewer's last change to the claim's verdict (the `z` key, or the Undo button)."""
    db = get_db()
    claim = _claim_or_404(db, claim_id)
    try:
        store.undo_last_change(db, claim_id, g.user["id"])
    except store.InvalidVerdict as invalid:
        return refused(db, claim, str(invalid))
    if htmx:
        return claim_fragment(db, claim_id)
    return back_to_claim(claim)


@bp.post("/claims/<int:claim_id>/evidence")
def add_evidence(claim_id):
    db = get_db()
    claim = _claim_or_404(db, claim_id)
    form = request.form
    typed = {name: form.get(name, "") for name in ("url", "quote", "accessed_on", "archive_url")}
    typed["source_type"] = form.get("source_type", "other")
    try:
        evidence.add_evidence(db, claim_id, g.user["id"], typed["url"], typed["quote"], typed["source_type"],
                              typed["accessed_on"], typed["archive_url"])
    except evidence.InvalidEvidence as invalid:
        # The evidence form comes back filled in as it was sent, the message beside it.
        return refused(db, claim, str(invalid), {"claim_id": claim_id, "evidence": typed})
    if htmx:
        return claim_fragment(db, claim_id)
    return back_to_claim(claim)


@bp.post("/evidence/<int:evidence_id>/delete")
def remove_evidence(evidence_id):
    db = get_db()
    claim_id = evidence.remove_evidence(db, evidence_id, g.user["id"])
    if claim_id is None:
        # Someone else's evidence is as invisible as evidence that never existed.
        abort(404, description=f"Evidence {evidence_id} does not exist.")
    if htmx:
        return claim_fragment(db, claim_id)
    return back_to_claim(store.get_claim(db, claim_id))


@bp.get("/claims/<int:claim_id>/history")
def history(claim_id):
    db = get_db()
    claim = _claim_or_404(db, claim_id)
    # "Everyone" also when blind review revealed the claim to a reviewer who tagged it: the note above says so.
    everyone = g.user["role"] in accounts.LEAD_ROLES or claim_id in blind.revealed_claims(db, g.user, [claim_id])
    return render_template("history.html", claim=claim, article=store.get_article(db, claim["article_id"]),
                           changes=blind.history_for_viewer(db, claim_id, g.user), everyone=everyone,
                           hidden_by_blind=claim_id in blind.hidden_claims(db, g.user, [claim_id]))


def _review_body(db, article_id: int, status: int = 200, **extra):
    """The review body as htmx swaps it, with the article's page as the URL."""
    response = make_response(render_template("partials/_review_body.html", **review_context(db, article_id), **extra),
                             status)
    response.headers["HX-Push-Url"] = url_for("articles.review", article_id=article_id)
    return response


def _accept_refused(db, article_id: int, message: str):
    """The review page (or its body) with the message beside the accept-above form, as a 422."""
    if htmx:
        return _review_body(db, article_id, 422, accept_error=message)
    return render_template("review.html", **review_context(db, article_id), accept_error=message), 422


@bp.post("/articles/<int:article_id>/accept-suggestions")
@role_required(*accounts.LEAD_ROLES)
def accept_suggestions(article_id):
    """A lead's own verdict on every untagged claim of the article whose suggestion is at least X % sure, as one action."""
    db = get_db()
    try:
        store.get_article(db, article_id)
    except store.NotFound as error:
        abort(404, description=str(error))
    try:
        percent = accept.parse_percent(request.form.get("percent"))
    except accept.InvalidAcceptance as invalid:
        return _accept_refused(db, article_id, str(invalid))
    acceptance_id, count = accept.accept_above(db, article_id, g.user["id"], percent)
    message = (f"Accepted {count} suggestion{'s' if count != 1 else ''} at {percent} % or more as your verdicts."
               if count else f"No untagged claim has a suggestion at {percent} % or more: nothing changed.")
    if htmx:
        # made_acceptance marks the body with the action, so `z` (keys.js) undoes it as it undoes a fix of the split.
        return _review_body(db, article_id, accept_message=message, made_acceptance=acceptance_id)
    flash(message)
    return redirect(url_for("articles.review", article_id=article_id), 303)


@bp.post("/acceptances/<int:acceptance_id>/undo")
@role_required(*accounts.LEAD_ROLES)
def undo_acceptance(acceptance_id):
    """Take back every verdict one accept-above saved (those changed since stay as they are)."""
    db = get_db()
    try:
        article_id, undone, kept = accept.undo_acceptance(db, acceptance_id, g.user["id"])
    except LookupError as error:
        abort(404, description=str(error))
    except accept.InvalidAcceptance as invalid:
        abort(409, description=str(invalid))
    message = f"Undone: {undone} accepted suggestion{'s' if undone != 1 else ''} back to untagged." + (
        f" {kept} changed since {'was' if kept == 1 else 'were'} left as {'it is' if kept == 1 else 'they are'}."
        if kept else "")
    if htmx:
        return _review_body(db, article_id, accept_message=message)
    flash(message)
    return redirect(url_for("articles.review", article_id=article_id), 303)
