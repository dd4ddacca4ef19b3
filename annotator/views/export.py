"""Downloading verdicts as CSV or JSON Lines, streamed."""
from flask import Blueprint, Response, abort, request, stream_with_context

from .. import store
from ..db import get_db
from ..export import csv_chunks, jsonl_chunks

bp = Blueprint("export", __name__)

FORMATS = {
    "csv": (csv_chunks, "text/csv; charset=utf-8"),
    "jsonl": (jsonl_chunks, "application/x-ndjson; charset=utf-8"),
}


@bp.get("/export/verdicts.<fmt>")
def verdicts(fmt):
    if fmt not in FORMATS:
        abort(404, description=f"Unknown export format {fmt!r}: use csv or jsonl.")
    db = get_db()
    article_id = request.args.get("article", type=int)
    filename = "verdicts"
    if article_id is not None:
        try:
            store.get_article(db, article_id)
        except store.NotFound as error:
            abort(404, description=str(error))
        filename += f"-article-{article_id}"
    chunks, mimetype = FORMATS[fmt]

    def generate():
        # Flask re-enters the request only when streaming starts, after this view's connection was closed:
        # open the one the rows are read from in here.
        yield from chunks(store.EXPORT_COLUMNS, store.verdict_rows(get_db(), article_id))

    # Every header is set here, before the first row is read: a streamed response cannot change them later.
    return Response(
        stream_with_context(generate()),
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{filename}.{fmt}"'},
    )
