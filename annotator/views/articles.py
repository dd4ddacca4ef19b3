"""Article list and queue, import by paste or upload, and the review page."""
from flask import Blueprint, abort, current_app, g, redirect, render_template, request, url_for

from .. import accounts, agreement, edits, rechecks, store, team
from ..db import get_db
from ..evidence import evidence_for
from ..filters import SHOW_CHOICES, SORT_CHOICES, filter_claims, sort_claims
from ..highlight import highlight_claims
from ..importing import ImportRejected, budgeted_splitter, draft_from_file, draft_from_text, human_size
from ..learning.page import review_extras
from .auth import role_required

bp = Blueprint("articles", __name__)


@bp.context_processor
def upload_limit():
    return {"max_size": human_size(current_app.config["MAX_ARTICLE_BYTES"])}


@bp.get("/")
def index():
    db = get_db()
    return render_template("index.html", articles=store.list_articles(db, g.user["id"]),
                           queue=team.queue_for(db, g.user["id"]))


@bp.get("/next")
def next_untagged():
    """Jump to the first claim this reviewer has not tagged, across articles."""
    claim = team.next_untagged_claim(get_db(), g.user["id"])
    if claim is None:
        return render_template("error.html", title="All done",
                               message="You have tagged every claim. Nothing is waiting for you.")
    return redirect(url_for("articles.review", article_id=claim["article_id"], claim=claim["id"])
                    + f"#claim-{claim['id']}", 303)


@bp.get("/articles/new")
@role_required(*accounts.ADMIN_ROLES)
def new():
    return render_template("new.html", form={}, error=None)


@bp.post("/articles")
@role_required(*accounts.ADMIN_ROLES)
def create_from_paste():
    form = request.form
    try:
        draft = draft_from_text(form.get("text", ""), title=form.get("title", ""), url=form.get("url", ""),
                                max_bytes=current_app.config["MAX_ARTICLE_BYTES"])
        article_id = _store(draft)
    except ImportRejected as error:
        # 422 with the form as the person filled it: nothing typed is lost.
        return render_template("new.html", form=form, error=str(error)), 422
    return redirect(url_for("articles.review", article_id=article_id), 303)


@bp.post("/articles/upload")
@role_required(*accounts.ADMIN_ROLES)
def create_from_upload():
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return render_template("new.html", form=request.form, error="Choose a file to upload."), 422
    max_bytes = current_app.config["MAX_ARTICLE_BYTES"]
    # Read one byte past the limit, never the whole stream, so a huge file is refused without loading it.
    data = upload.stream.read(max_bytes + 1)
    try:
        draft = draft_from_file(upload.filename, data, url=request.form.get("url", ""), max_bytes=max_bytes,
                                parse_budget=current_app.config["PARSE_BUDGET_SECONDS"])
        article_id = _store(draft)
    except ImportRejected as error:
        return render_template("new.html", form=request.form, error=str(error)), 422
    return redirect(url_for("articles.review", article_id=article_id), 303)


def _store(draft) -> int:
    """Store the imported article once, its split kept to the time budget (ImportRejected when over it)."""
    return store.add_article_once(get_db(), draft, split=budgeted_splitter(current_app.config["SPLIT_BUDGET_SECONDS"]))


def review_context(db, article_id: int, errors=None, typed=None, show="all", query="", sort="reading") -> dict:
    """Everything the review page shows, for the logged-in user; typed keeps a failed form's input."""
    try:
        article = store.get_article(db, article_id)
    except store.NotFound:
        abort(404, description=f"Article {article_id} does not exist.")
    user_id = g.user["id"]
    claims = store.claims_for(db, article_id, user_id)
    claim_ids = [claim["id"] for claim in claims]
    evidence = evidence_for(db, claim_ids, user_id)
    finals = team.final_verdicts(db, claim_ids)
    flags = rechecks.open_for(db, claim_ids, user_id)
    for claim in claims:
        claim["evidence_items"] = evidence.get(claim["id"], [])
        claim["final"] = finals.get(claim["id"])
        claim["recheck"] = flags.get(claim["id"])
        if typed and claim["id"] == typed["claim_id"]:
            claim.update(evidence_url=typed.get("evidence_url", claim["evidence_url"]),
                         note=typed.get("note", claim["note"]), typed_evidence=typed.get("evidence"))
    # Whether reviewers disagree is a lead's information (like /disagreements): reviewers do not get that filter.
    choices = SHOW_CHOICES if g.user["role"] in accounts.LEAD_ROLES else {
        key: label for key, label in SHOW_CHOICES.items() if key != "disagreement"}
    show = show if show in choices else "all"
    disagreeing = set(agreement.disagreements(team.ratings(db, article_id))) if show == "disagreement" else set()
    split_refusal = team.split_refusal(db, g.user, article_id)
    return {
        "split_refusal": split_refusal,
        "last_edit": None if split_refusal else edits.undoable_edit(db, article_id),
        "article": article, "claims": sort_claims(filter_claims(claims, show, query, disagreeing), sort),
        "errors": errors or {}, "sort": sort if sort in SORT_CHOICES else "reading", "sort_choices": SORT_CHOICES,
        "unlikely_count": sum(not claim["is_claim"] for claim in claims),
        "article_html": highlight_claims(article["text"], claims),
        "progress": store.progress(db, article_id, user_id),
        "show": show, "query": query, "show_choices": choices, "total_claims": len(claims),
        **review_extras(db, article_id, g.user, claims),
    }


@bp.get("/articles/<int:article_id>")
def review(article_id):
    context = review_context(get_db(), article_id, show=request.args.get("show", "all"),
                             query=request.args.get("q", "").strip(), sort=request.args.get("sort", "reading"))
    return render_template("review.html", **context)
