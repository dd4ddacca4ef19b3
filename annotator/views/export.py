"""Downloading verdicts as CSV or JSON Lines, streamed, for leads and admins."""
from flask import Blueprint, Response, abort, request, stream_with_context

from .. import accounts, store
from ..db import get_db
from ..export import csv_chunks, jsonl_chunks
from .auth import role_required

bp = Blueprint("export", __name__)

FORMATS = {
    "csv": (csv_chunks, "text/csv; charset=utf-8"),
    "jsonl": (jsonl_chunks, "application/x-ndjson; charset=utf-8"),
}


@bp.get("/export/verdicts.<fmt>")
@role_required(*accounts.LEAD_ROLES)
def verdicts(fmt):
    if fmt not in FORMATS:
        abort(404, description=f"Unknown export format {fmt!r}: use csv or jsonl.")
    db = get_db()
    article_id = request.args.get("article", type=int)
    wide = request.args.get("shape") == "wide"
    filename = "verdicts-wide" if wide else "verdicts"
    if article_id is not None:
        try:
            store.get_article(db, article_id)
        except store.NotFound as error:
            abort(404, description=str(error))
        filename += f"-article-{article_id}"
    # The wide header names every reviewer, so it is read before streaming starts.
    reviewers = store.reviewer_names(db, article_id) if wide else []
    chunks, mimetype = FORMATS[fmt]

    def generate():
        # Flask re-enters the request only when streaming starts, after this view's connection was closed:
        # open the one the rows are read from in here.
        stream_db = get_db()
        if wide:
            yield from chunks(store.wide_columns(reviewers), store.wide_rows(stream_db, reviewers, article_id))
        else:
            yield from chunks(store.EXPORT_COLUMNS, store.verdict_rows(stream_db, article_id))

    # Every header is set here, before the first row is read: a streamed response cannot change them later.
    return Response(
        stream_with_context(generate()),
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{filename}.{fmt}"'},
    )
