"""Article list and queue, import by paste or upload, editing, archiving and deleting articles, the review page."""
from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, url_for


from .. import accounts, agreement, blind, double_review, edits, htmx, lifecycle, rechecks, scales, store, team
from ..db import get_db
from ..evidence import evidence_for
from ..filters import SORT_CHOICES, filter_claims, show_choices, sort_claims
from ..highlight import highlight_claims
from ..importing import ImportRejected, budgeted_splitter, draft_from_file, draft_from_text, human_size
from ..learning.page import review_extras
from ..matching.stored import mark_seen, match_after_import
from .auth import role_required, safe_next

bp = Blueprint("articles", __name__)


@bp.context_processor
def upload_limit():
    return {"max_size": human_size(current_app.config["MAX_ARTICLE_BYTES"])}


@bp.get("/")
def index():
    db = get_db()
    return render_template("index.html", articles=store.list_articles(db, g.user["id"]),
                           queue=double_review.with_waiting(db, g.user["id"], team.queue_for(db, g.user["id"])),
                           archived_count=lifecycle.archived_count(db))


@bp.get("/next")
def next_untagged():
    """Jump to the next claim that waits for this reviewer: not tagged by them, still short of verdicts."""
    claim = team.next_untagged_claim(get_db(), g.user["id"])
    if claim is None:
        return render_template("error.html", title="All done", message="Every claim you have not tagged has all "
                               "the verdicts it needs. Nothing is waiting for you.")
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
        article_id, new = _store(draft)
    except ImportRejected as error:
        # 422 with the form as the person filled it: nothing typed is lost.
        return render_template("new.html", form=form, error=str(error)), 422
    flash(imported_message(draft, store.progress(get_db(), article_id, g.user["id"]).total, new))
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
        article_id, new = _store(draft)
    except ImportRejected as error:
        return render_template("new.html", form=request.form, error=str(error)), 422
    flash(imported_message(draft, store.progress(get_db(), article_id, g.user["id"]).total, new))
    return redirect(url_for("articles.review", article_id=article_id), 303)


def imported_message(draft, claims: int, new: bool = True) -> str:
    """What an import did: its claims, and which encoding a file that was not UTF-8 was read as."""
    if not new:
        # The same title, URL and text is stored already (a re-sent form, a file imported twice): say so, so
        # nobody thinks there are now two copies to tag.
        return (f"“{draft.title}” was imported already, with the same text: this is that article, with its "
                "verdicts. Nothing new was stored.")
    message = f"Imported “{draft.title}”: {claims} claim{'s' if claims != 1 else ''}."
    if draft.encoding:
        message += (f" Read as {draft.encoding}: the file was not UTF-8. Check that its quotes and accented "
                    "letters look right; if not, save it as UTF-8 and import it again.")
    return message


def _store(draft) -> tuple[int, bool]:
    """Store the imported article once, its split kept to the time budget (ImportRejected when over it)."""
    article_id, new = store.import_article(get_db(), draft,
                                           split=budgeted_splitter(current_app.config["SPLIT_BUDGET_SECONDS"]))
    if new:
        # After the import's transaction, outside its write lock.
        match_after_import(get_db(), [article_id], current_app.config["MATCH_BUDGET_SECONDS"])
    return article_id, new


# Who may change an article after import, and what a refused person is told.
MANAGE_REFUSAL = "Editing, archiving and restoring articles is for leads and admins."
DELETE_REFUSAL = "Only an admin can delete an article for good; a lead can archive it, which keeps its verdicts."


def _allow(roles, message: str):
    if g.user["role"] not in roles:
        abort(403, description=message)


def _article_or_404(db, article_id: int) -> dict:
    try:
        return store.get_article(db, article_id)
    except store.NotFound as error:
        abort(404, description=str(error))


def _fragment_wanted() -> bool:
    return bool(htmx) and not htmx.boosted


def edit_context(db, article: dict, form=None, error=None, delete_error=None, confirmation="") -> dict:
    """Everything the article's edit page shows: its fields (as typed when refused), state, delete check, history."""
    return {"article": article, "form": form if form is not None else article, "error": error,
            "delete_error": delete_error, "confirmation": confirmation,
            "delete_refusal": lifecycle.delete_refusal(db, article["id"], how="download its snapshot (the link below)"),
            "history": lifecycle.history(db, article["id"]), "fields": lifecycle.FIELDS}


@bp.get("/articles/archived")
def archived():
    _allow(accounts.LEAD_ROLES, MANAGE_REFUSAL)
    return render_template("archived.html", articles=lifecycle.archived_articles(get_db()))


@bp.get("/articles/<int:article_id>/edit")
def edit(article_id):
    _allow(accounts.LEAD_ROLES, MANAGE_REFUSAL)
    db = get_db()
    return render_template("article_edit.html", **edit_context(db, _article_or_404(db, article_id)))


@bp.post("/articles/<int:article_id>/edit")
def save(article_id):
    _allow(accounts.LEAD_ROLES, MANAGE_REFUSAL)
    db = get_db()
    article = _article_or_404(db, article_id)
    form = request.form
    try:
        changed = lifecycle.edit_article(db, article_id, g.user["id"], **{
            field: form.get(field, "") for field in lifecycle.FIELDS})
    except lifecycle.ArticleRefused as error:
        # 422 with the fields as typed and the message beside the one refused: nothing typed is lost.
        context = edit_context(db, article, form=form, error=error)
        if _fragment_wanted():
            return render_template("partials/_article_form.html", **context), 422
        return render_template("article_edit.html", **context), 422
    message = f"Saved the article's {', '.join(changed)}." if changed else "Nothing changed: the fields were as stored."
    if _fragment_wanted():
        return render_template("partials/_article_form.html", **edit_context(db, store.get_article(db, article_id)),
                               message=message)
    flash(message)
    return redirect(url_for("articles.edit", article_id=article_id), 303)


@bp.post("/articles/<int:article_id>/archive")
def archive(article_id):
    return _change_state(article_id, lifecycle.archive_article, "Archived “{title}”: it left the article list, "
                         "the queues and the default exports, and keeps every verdict.",
                         "“{title}” was archived already.")


@bp.post("/articles/<int:article_id>/restore")
def restore(article_id):
    return _change_state(article_id, lifecycle.restore_article, "Restored “{title}”: it is back in the article "
                         "list, the queues and the exports.", "“{title}” is not archived: nothing to restore.")


def _change_state(article_id, change, done: str, unchanged: str):
    """Archive or restore, then the state widget (htmx) or a redirect back with the message."""
    _allow(accounts.LEAD_ROLES, MANAGE_REFUSAL)
    db = get_db()
    article = _article_or_404(db, article_id)
    message = (done if change(db, article_id, g.user["id"]) else unchanged).format(title=article["title"])
    if _fragment_wanted():
        return render_template("partials/_article_state.html", article=store.get_article(db, article_id),
                               next_url=request.form.get("next", ""), message=message)
    flash(message)
    return redirect(safe_next(request.form.get("next"), url_for("articles.edit", article_id=article_id)), 303)


@bp.post("/articles/<int:article_id>/delete")
def delete(article_id):
    _allow(accounts.ADMIN_ROLES, DELETE_REFUSAL)
    db = get_db()
    article = _article_or_404(db, article_id)
    typed = request.form.get("confirmation", "")
    try:
        summary = lifecycle.delete_article(db, article_id, g.user["id"], typed,
                                           how="download its snapshot (the link below)")
    except lifecycle.ArticleRefused as error:
        context = edit_context(db, article, delete_error=error, confirmation=typed)
        if _fragment_wanted():
            return render_template("partials/_article_delete.html", **context), 422
        return render_template("article_edit.html", **context), 422
    verdicts = lifecycle.describe({"verdict": summary["verdicts"]})
    message = f"Deleted “{summary['title']}” for good, with its {summary['claims']} claims"
    message += f" and {verdicts}, which the snapshot you downloaded keeps." if summary["verdicts"] \
        else "; it held no verdicts."
    flash(message)
    if _fragment_wanted():
        # The page of an article that no longer exists cannot be swapped in: htmx goes to the list instead.
        return "", 200, {"HX-Redirect": url_for("articles.index")}
    return redirect(url_for("articles.index"), 303)


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
    blind.apply(db, g.user, claims)
    mark_seen(db, claims)
    for claim in claims:
        claim["evidence_items"] = evidence.get(claim["id"], [])
        claim["final"] = None if claim["blind_hidden"] else finals.get(claim["id"])
        claim["recheck"] = flags.get(claim["id"])
        if typed and claim["id"] == typed["claim_id"]:
            claim.update(evidence_url=typed.get("evidence_url", claim["evidence_url"]),
                         note=typed.get("note", claim["note"]), typed_evidence=typed.get("evidence"))
    # Whether reviewers disagree is a lead's information (like /disagreements): reviewers do not get that filter.
    every = show_choices(scales.article_scale(db, article_id).names)
    choices = every if g.user["role"] in accounts.LEAD_ROLES else {
        key: label for key, label in every.items() if key != "disagreement"}
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
