"""Article list, import by paste or upload, and the review page."""
from flask import Blueprint, abort, current_app, g, redirect, render_template, request, url_for

from .. import store
from ..db import get_db
from ..highlight import highlight_claims
from ..importing import ImportRejected, draft_from_file, draft_from_text, human_size
from .session import reviewer_required

bp = Blueprint("articles", __name__)


@bp.get("/")
def index():
    reviewer_id = g.reviewer["id"] if g.reviewer else None
    return render_template("index.html", articles=store.list_articles(get_db(), reviewer_id))


@bp.get("/articles/new")
def new():
    return render_template("new.html", form={}, error=None)


@bp.context_processor
def upload_limit():
    return {"max_size": human_size(current_app.config["MAX_ARTICLE_BYTES"])}


@bp.post("/articles")
def create_from_paste():
    form = request.form
    try:
        draft = draft_from_text(form.get("text", ""), title=form.get("title", ""), url=form.get("url", ""),
                                max_bytes=current_app.config["MAX_ARTICLE_BYTES"])
    except ImportRejected as error:
        # 422 with the form as the person filled it: nothing typed is lost.
        return render_template("new.html", form=form, error=str(error), error_for="paste"), 422
    return redirect(url_for("articles.review", article_id=store.add_article(get_db(), draft)), 303)


@bp.post("/articles/upload")
def create_from_upload():
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return render_template("new.html", form=request.form, error="Choose a file to upload.",
                               error_for="upload"), 422
    max_bytes = current_app.config["MAX_ARTICLE_BYTES"]
    # Read one byte past the limit, never the whole stream, so a huge file is refused without loading it.
    data = upload.stream.read(max_bytes + 1)
    try:
        draft = draft_from_file(upload.filename, data, url=request.form.get("url", ""), max_bytes=max_bytes)
    except ImportRejected as error:
        return render_template("new.html", form=request.form, error=str(error), error_for="upload"), 422
    return redirect(url_for("articles.review", article_id=store.add_article(get_db(), draft)), 303)


@bp.get("/articles/<int:article_id>")
@reviewer_required
def review(article_id):
    db = get_db()
    try:
        article = store.get_article(db, article_id)
    except store.NotFound:
        abort(404, description=f"Article {article_id} does not exist.")
    claims = store.claims_for(db, article_id, g.reviewer["id"])
    return render_template(
        "review.html", article=article, claims=claims, errors={},
        article_html=highlight_claims(article["text"], claims),
        progress=store.progress(db, article_id, g.reviewer["id"]),
    )
