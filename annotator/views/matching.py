"""Seen before on the review page: the earlier claims a claim matches, reuse their verdict or reject the pair."""
from flask import Blueprint, abort, g, jsonify, make_response, render_template

from .. import accounts, htmx, store
from ..db import get_db
from ..matching import stored
from .auth import role_required
from .review import back_to_claim, claim_fragment, refused

bp = Blueprint("matching", __name__)


def _claim_or_404(db, claim_id):
    try:
        return store.get_claim(db, claim_id)
    except store.NotFound as error:
        abort(404, description=str(error))


@bp.get("/claims/<int:claim_id>/seen-before")
def seen_before(claim_id):
    """The earlier claims ranked: the panel htmx loads when it is opened, or a page of its own without JavaScript."""
    db = get_db()
    claim = _claim_or_404(db, claim_id)
    context = {"claim": claim, "matches": stored.matches_for(db, claim_id, g.user),
               "article": store.get_article(db, claim["article_id"])}
    if htmx and not htmx.boosted:
        response = make_response(render_template("partials/_seen_before_list.html", **context))
    else:
        response = make_response(render_template("seen_before.html", **context))
    response.headers["Vary"] = "HX-Request"
    return response


@bp.post("/claims/<int:claim_id>/seen-before/<int:earlier_claim_id>/reuse")
@role_required(*accounts.ROLES)
def reuse(claim_id, earlier_claim_id):
    """Copy the earlier claim's final verdict to this reviewer's verdict, linked to it."""
    db = get_db()
    claim = _claim_or_404(db, claim_id)
    try:
        stored.reuse(db, claim_id, earlier_claim_id, g.user["id"])
    except (stored.InvalidDecision, store.InvalidVerdict) as invalid:
        return refused(db, claim, str(invalid))
    if htmx:
        return claim_fragment(db, claim_id)
    return back_to_claim(claim)


@bp.post("/claims/<int:claim_id>/seen-before/<int:earlier_claim_id>/reject")
@role_required(*accounts.ROLES)
def reject(claim_id, earlier_claim_id):
    """Not the same claim: the pair is kept as rejected and never offered again."""
    db = get_db()
    claim = _claim_or_404(db, claim_id)
    try:
        stored.reject(db, claim_id, earlier_claim_id, g.user["id"])
    except stored.InvalidDecision as invalid:
        return refused(db, claim, str(invalid))
    if htmx:
        return claim_fragment(db, claim_id)
    return back_to_claim(claim)


@bp.get("/api/claims/<int:claim_id>/matches")
def api_matches(claim_id):
    """The earlier claims this claim matches, best first, with verdicts as the viewer may see them."""
    db = get_db()
    _claim_or_404(db, claim_id)
    items = [{"claim_id": row["claim_id"], "text": row["text"], "article_id": row["article_id"],
              "article_title": row["article_title"], "article_date": row["article_date"], "score": row["score"],
              "auto_link": bool(row["auto_link"]), "status": row["status"],
              "final_verdict": row["final"]["verdict"] if row["final"] else None,
              "final_reason": row["final"]["reason"] if row["final"] else None,
              "verdicts": [{"reviewer": v["reviewer"], "verdict": v["verdict"]} for v in row["verdicts"]]}
             for row in stored.matches_for(db, claim_id, g.user)]
    return jsonify({"items": items, "total": len(items)})
