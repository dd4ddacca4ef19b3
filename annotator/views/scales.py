"""Verdict scales on the web: the admin page (add a scale, choose one per article or for new imports), the
stylesheet of the values' colours, `scale_of(article_id)` for the templates that draw buttons and keys, and a
lead's claimant and fact-check URL for a published ClaimReview."""
import json

from flask import Blueprint, Response, abort, flash, g, redirect, render_template, request, url_for

from .. import accounts, htmx, publication, scales, store
from ..db import get_db
from .auth import role_required

bp = Blueprint("scales", __name__)

# A scale file is a few kilobytes; this keeps a pasted or uploaded mistake (a whole export) out of json.loads.
MAX_SCALE_BYTES = 64 * 1024


@bp.app_template_global()
def scale_of(article_id):
    """The scale of an article's verdicts, read once per request and article (a page draws many claims)."""
    cache = g.setdefault("article_scales", {})
    if article_id not in cache:
        try:
            cache[article_id] = scales.article_scale(get_db(), article_id)
        except scales.InvalidScale:
            # An article naming a scale that is gone: show the default buttons; saving is refused with the reason.
            cache[article_id] = scales.BUILTIN_SCALES[scales.SOURCING]
    return cache[article_id]


@bp.get("/scales.css")
def stylesheet():
    """Each value's colour on its pressed button: a stylesheet, since the Content-Security-Policy forbids inline
    styles. Colours are checked as #rrggbb when a scale is saved, so nothing else can reach the CSS."""
    rules = []
    for scale in scales.list_scales(get_db()):
        for value in scale.values:
            selector = f'button.verdict[data-scale="{scale.name}"][value="{value.name}"]'
            rules.append(f'{selector}[aria-pressed="true"] {{ background: {value.colour}; color: #fff; }}\n'
                         f'{selector} {{ border-color: {value.colour}; }}\n')
    # no-cache with an ETag: each page asks again (a scale may have changed) and is answered 304 while it has not.
    response = Response("".join(rules), content_type="text/css; charset=utf-8", headers={"Cache-Control": "no-cache"})
    response.add_etag()
    return response.make_conditional(request)


def _page(db, status=200, error=None, typed=""):
    return render_template("scales.html", scales=scales.list_scales(db), default=scales.default_scale_name(db),
                           articles=store.list_articles(db), error=error, typed=typed,
                           example=json.dumps(scales.scale_to_dict(scales.BUILTIN_SCALES[scales.RATING]),
                                              indent=2, ensure_ascii=False)), status


@bp.get("/admin/scales")
@role_required(*accounts.ADMIN_ROLES)
def page():
    return _page(get_db())


@bp.post("/admin/scales")
@role_required(*accounts.ADMIN_ROLES)
def add():
    """Add a scale from pasted JSON or an uploaded file, or replace the one of that name."""
    db = get_db()
    upload = request.files.get("file")
    text = request.form.get("definition", "")
    try:
        if upload and upload.filename:
            try:
                text = upload.read(MAX_SCALE_BYTES + 1).decode("utf-8-sig")
            except UnicodeDecodeError:
                raise scales.InvalidScale("The file is not UTF-8 text: save it as UTF-8 and upload it again.") from None
        if len(text.encode()) > MAX_SCALE_BYTES:
            raise scales.InvalidScale(f"A scale file has at most {MAX_SCALE_BYTES // 1024} KB.")
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise scales.InvalidScale(f"That is not JSON: {error.msg} (line {error.lineno}).") from None
        scale, replaced = scales.add_scale(db, data)
    except scales.InvalidScale as error:
        return _page(db, 422, error=str(error), typed=text)
    flash(f"Scale {scale.name!r} {'updated' if replaced else 'added'}.")
    return redirect(url_for("scales.page"), 303)


@bp.post("/admin/scales/use")
@role_required(*accounts.ADMIN_ROLES)
def use():
    """Choose the scale of one article (article=ID) or of new imports (no article)."""
    db = get_db()
    article_id = request.form.get("article", type=int)
    try:
        message = scales.use_scale(db, request.form.get("scale", ""), article_id, g.user["id"])
    except scales.InvalidScale as error:
        return _page(db, 422, error=str(error))
    flash(message)
    return redirect(url_for("scales.page"), 303)


@bp.get("/admin/scales/<name>.json")
@role_required(*accounts.ADMIN_ROLES)
def download(name):
    """A scale as the JSON `scale add` reads: the file to edit to rename (label) or retire a value."""
    try:
        scale = scales.get_scale(get_db(), name)
    except scales.InvalidScale as error:
        abort(404, description=str(error))
    return Response(json.dumps(scales.scale_to_dict(scale), indent=2, ensure_ascii=False) + "\n",
                    content_type="application/json; charset=utf-8")


@bp.app_template_global()
def publication_of(claim_id):
    """The claimant and fact-check URL a ClaimReview of this claim would carry."""
    return publication.publication_for(get_db(), claim_id)


@bp.post("/claims/<int:claim_id>/publication")
@role_required(*accounts.LEAD_ROLES)
def save_publication(claim_id):
    """A lead sets who made the claim (the ClaimReview's claimant) and the published fact-check's URL."""
    db = get_db()
    try:
        claim = store.get_claim(db, claim_id)
    except store.NotFound as error:
        abort(404, description=str(error))
    form = request.form
    error = None
    try:
        publication.save_publication(db, claim_id, g.user["id"], form.get("claimant", ""),
                                     form.get("claimant_type", "Person"), form.get("review_url", ""))
    except publication.InvalidPublication as invalid:
        error = str(invalid)
    if htmx and not htmx.boosted:
        typed = {key: form.get(key, "") for key in ("claimant", "claimant_type", "review_url")} if error else None
        return render_template("partials/_publication.html", claim=claim, error=error, pub_typed=typed), \
            422 if error else 200
    if error:
        return render_template("error.html", message=error), 422
    flash(f"Claimant and fact-check URL of claim {claim['position'] + 1} saved.")
    return redirect(url_for("articles.review", article_id=claim["article_id"], claim=claim_id)
                    + f"#claim-{claim_id}", 303)
