"""The export page and its downloads (CSV long or wide, JSON Lines, snapshot, ClaimReview), streamed."""
from flask import Blueprint, Response, abort, current_app, g, render_template, request, stream_with_context

from .. import accounts, lifecycle, scales, store
from ..db import get_db
from ..export import joined
from ..export_rows import (ARCHIVED_CHOICES, CLAIM_CHOICES, FORMATS, ExportFilter, InvalidFilter, archived_refusal,
                           claimreview_refusals, export_chunks, export_filename, retired_count)
from .auth import role_required

bp = Blueprint("export", __name__)


@bp.before_request
@role_required(*accounts.LEAD_ROLES)
def only_leads():
    """Exports hold every reviewer's notes and verdicts, so they are for leads and admins."""


def _filter_from_request(db, fmt: str) -> ExportFilter:
    args = request.args
    try:
        export_filter = ExportFilter.parse(args.get("article", type=int), args.get("reviewer"), args.get("verdict"),
                                           args.get("since"), args.get("until"), args.get("claims"),
                                           args.get("archived"), scales.every_value_name(db))
    except InvalidFilter as error:
        abort(400, description=str(error))
    if export_filter.article_id is not None:
        try:
            store.get_article(db, export_filter.article_id)
        except store.NotFound as error:
            abort(404, description=str(error))
    # A snapshot holds every article it names, archived or not.
    if fmt != "snapshot" and (refusal := archived_refusal(db, export_filter)):
        abort(400, description=refusal)
    return export_filter


@bp.get("/export")
def page():
    db = get_db()
    return render_template("export_page.html", articles=store.list_articles(db),
                           reviewers=[user["name"] for user in accounts.list_users(db)], verdicts=scales.every_value_name(db),
                           claim_choices=CLAIM_CHOICES, retired=retired_count(db), archived_choices=ARCHIVED_CHOICES,
                           archived_articles=lifecycle.archived_articles(db),
                           claimreview_refusals=claimreview_refusals(db))


@bp.get("/export/verdicts.<fmt>")
def verdicts(fmt):
    if fmt not in ("csv", "jsonl"):
        abort(404, description=f"Unknown export format {fmt!r}: use csv or jsonl.")
    return _download(fmt, wide=request.args.get("shape") == "wide")


@bp.get("/export/snapshot.jsonl")
def snapshot():
    return _download("snapshot")


@bp.get("/export/claimreview.json")
def claimreview():
    return _download("claimreview")


def _download(fmt, wide=False):
    export_filter = _filter_from_request(get_db(), fmt)
    config = current_app.config
    organisation, organisation_url = config["CLAIMREVIEW_ORGANISATION"], config["CLAIMREVIEW_ORGANISATION_URL"]
    url_template = config.get("CLAIMREVIEW_URL_TEMPLATE", "")
    excel = request.args.get("excel") == "1"
    user_id = g.user["id"]  # who downloads a snapshot: recorded once it is handed over in full
    headers = {}
    if fmt == "claimreview" and (refusals := claimreview_refusals(get_db(), export_filter)):
        # A JSON-LD array has no room for a note: the header says what was left out and why (the page says it too).
        headers["X-ClaimReview-Left-Out"] = " ".join(refusals)

    def generate():
        # Flask pops g when the view returns and re-enters the request only when streaming starts: get_db()
        # here fetches this thread's connection again for the rows.
        yield from joined(export_chunks(get_db(), fmt, wide, export_filter, organisation, organisation_url,
                                        downloaded_by=user_id, url_template=url_template, excel=excel))

    # Every header is set here, before the first row is read: a streamed response cannot change them later.
    return Response(
        stream_with_context(generate()),
        # content_type, not mimetype: the type already names its charset, and Flask would add a second one.
        content_type=FORMATS[fmt][1],
        headers={"Content-Disposition": f'attachment; filename="{export_filename(fmt, wide, export_filter)}"',
                 **headers},
    )
