"""A lead's pages: agreement between reviewers, disagreements side by side, and final verdicts."""
from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for

from .. import accounts, agreement, agreement_reading, htmx, scales, store, team, throughput
from ..db import get_db
from ..evidence import evidence_for
from .auth import role_required, safe_next

bp = Blueprint("team", __name__)


@bp.before_request
@role_required(*accounts.LEAD_ROLES)
def only_leads():
    """Every page here shows all reviewers' work, so it is for leads and admins."""


def _article_or_none(db, article_id):
    if article_id is None:
        return None
    try:
        return store.get_article(db, article_id)
    except store.NotFound as error:
        abort(404, description=str(error))


@bp.get("/agreement")
def agreement_page():
    """Agreement for one article (?article=ID) or the whole corpus, and a confusion matrix for two reviewers."""
    db = get_db()
    article = _article_or_none(db, request.args.get("article", type=int))
    try:
        scale = scales.article_scale(db, article["id"]) if article else \
            scales.get_scale(db, request.args.get("scale") or scales.default_scale_name(db))
    except scales.InvalidScale as error:
        abort(404, description=str(error))
    ratings = team.ratings(db, article["id"] if article else None, None if article else scale.name)
    summary = agreement.summarise(ratings, scale.names)
    reviewers = sorted({name for by_reviewer in ratings.values() for name in by_reviewer})
    a, b = request.args.get("a"), request.args.get("b")
    if a not in reviewers or b not in reviewers:
        a, b = (reviewers + [None, None])[:2]
    matrix = agreement.confusion_matrix(ratings, a, b, scale.names) if a and b else None
    return render_template("agreement.html", article=article, summary=summary, reviewers=reviewers,
                           a=a, b=b, matrix=matrix, verdicts=scale.names, pairs=agreement_reading.pairs(ratings),
                           throughput=throughput.for_desk(db, article["id"] if article else None),
                           disagreement_count=len(agreement.disagreements(ratings)),
                           unresolved_count=len(set(agreement.disagreements(ratings)) - set(
                               team.final_verdicts(db, agreement.disagreements(ratings)))),
                           scale=scale, all_scales=scales.list_scales(db),
                           ordinal=scales.ordinal_agreement(ratings, scale))


@bp.get("/disagreements")
def disagreements():
    """Claims where reviewers differ, each reviewer's verdict, evidence and note side by side."""
    db = get_db()
    article = _article_or_none(db, request.args.get("article", type=int))
    ratings = team.ratings(db, article["id"] if article else None)
    claim_ids = agreement.disagreements(ratings)
    show_all = request.args.get("all") == "1"
    # Unresolved only by default: a disagreement with a final verdict is settled; ?resolved=1 shows those too.
    with_resolved = request.args.get("resolved") == "1"
    if show_all:
        claim_ids = list(ratings)
    elif not with_resolved:
        settled = team.final_verdicts(db, claim_ids)
        claim_ids = [claim_id for claim_id in claim_ids if claim_id not in settled]
    return render_template("disagreements.html", article=article, claims=_side_by_side(db, claim_ids),
                           show_all=show_all, with_resolved=with_resolved)


def _side_by_side(db, claim_ids) -> list[dict]:
    """The claims with their final verdict and every reviewer's verdict, evidence and note."""
    claims = [store.get_claim(db, claim_id) for claim_id in claim_ids]
    titles = {article_id: store.get_article(db, article_id)["title"]
              for article_id in {claim["article_id"] for claim in claims}}
    verdicts = team.verdicts_side_by_side(db, claim_ids)
    evidence = evidence_for(db, claim_ids)
    finals = team.final_verdicts(db, claim_ids)
    for claim in claims:
        claim["article_title"] = titles.get(claim["article_id"], "")
        claim["final"] = finals.get(claim["id"])
        claim["verdicts"] = verdicts.get(claim["id"], [])
        for row in claim["verdicts"]:
            row["evidence_items"] = [item for item in evidence.get(claim["id"], [])
                                     if item["reviewer"] == row["reviewer"]]
    return claims


@bp.post("/claims/<int:claim_id>/final")
def set_final(claim_id):
    db = get_db()
    try:
        claim = store.get_claim(db, claim_id)
    except store.NotFound as error:
        abort(404, description=str(error))
    error = None
    try:
        team.set_final_verdict(db, claim_id, g.user["id"], request.form.get("verdict", ""),
                               request.form.get("reason", ""))
    except team.InvalidFinalVerdict as invalid:
        error = str(invalid)
    if htmx:
        claim["final"] = team.final_verdicts(db, [claim_id]).get(claim_id)
        return render_template("partials/_final_verdict.html", claim=claim, error=error,
                               reason=request.form.get("reason", "")), 422 if error else 200
    if error:
        # Without JavaScript: this claim's comparison again, the message beside the form, the reason kept.
        return render_template("disagreements.html", article=None, claims=_side_by_side(db, [claim_id]),
                               show_all=True, with_resolved=True, error=error,
                               reason=request.form.get("reason", "")), 422
    review_url = url_for("articles.review", article_id=claim["article_id"]) + f"#claim-{claim_id}"
    flash(f"Final verdict on claim {claim['position'] + 1}: {request.form.get('verdict', '').strip()}.")
    return redirect(safe_next(request.form.get("back"), review_url), 303)
