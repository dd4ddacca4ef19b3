"""The export page and its downloads (CSV long or wide, JSON Lines, snapshot, ClaimReview), streamed, and the
background jobs that write the big ones to a file."""
import os
from functools import partial
from pathlib import Path

from flask import (Blueprint, Response, abort, current_app, g, redirect, render_template, request, send_file,
                   stream_with_context, url_for)

from .. import accounts, export_jobs, htmx, lifecycle, scales, store
from ..db import connect, get_db
from ..export import joined
from ..export_rows import (ARCHIVED_CHOICES, CLAIM_CHOICES, FORMATS, ExportFilter, InvalidFilter, archived_refusal,
                           claimreview_refusals, export_chunks, export_filename, retired_count)
from .auth import role_required

bp = Blueprint("export", __name__)


@bp.before_request
@role_required(*accounts.LEAD_ROLES)
def only_leads():
    """Exports hold every reviewer's notes and verdicts, so they are for leads and admins."""


def _filter_from_request(db, fmt: str, args=None) -> ExportFilter:
    args = request.args if args is None else args
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
                           archived_articles=lifecycle.archived_articles(db), jobs=_jobs_folder_jobs(),
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
    if fmt in export_jobs.JOB_FORMATS:
        rows = export_jobs.row_count(get_db(), wide, export_filter)
        if rows > _background_rows():
            # A GET changes nothing: the page offers a form that starts the job.
            return render_template("export_large.html", rows=rows, limit=_background_rows(), fmt=fmt,
                                   fields=request.args.items(multi=True))
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


# --- Exports written in the background -------------------------------------------------------------------------

def _background_rows() -> int:
    """BACKGROUND_EXPORT_ROWS in instance/config.py, else ANNOTATOR_BACKGROUND_EXPORT_ROWS, else 50,000."""
    value = current_app.config.get("BACKGROUND_EXPORT_ROWS") or os.environ.get("ANNOTATOR_BACKGROUND_EXPORT_ROWS")
    return int(value or export_jobs.DEFAULT_BACKGROUND_ROWS)


def _jobs_folder() -> Path:
    """instance/exports, or the EXPORT_JOBS_FOLDER setting (the tests' own folder)."""
    return Path(current_app.config.get("EXPORT_JOBS_FOLDER") or Path(current_app.instance_path) / export_jobs.FOLDER)


def _jobs_folder_jobs() -> list[dict]:
    export_jobs.cleanup(_jobs_folder())
    return export_jobs.jobs_for(_jobs_folder(), g.user["id"])


def _own_job(job_id: str) -> dict:
    """The signed-in person's job, or 404: someone else's job is not shown even to another lead."""
    job = export_jobs.load(_jobs_folder(), job_id)
    if job is None or job["owner_id"] != g.user["id"]:
        abort(404, description="No such export: it may have been cleaned up (exports are kept a day).")
    return job


@bp.post("/export/jobs")
def start_job():
    fmt = request.form.get("fmt", "")
    if fmt not in export_jobs.JOB_FORMATS:
        abort(400, description=f"Only {' and '.join(export_jobs.JOB_FORMATS)} exports are written in the background.")
    db = get_db()
    export_filter = _filter_from_request(db, fmt, request.form)
    wide = request.form.get("shape") == "wide"
    export_jobs.cleanup(_jobs_folder())
    job = export_jobs.create(_jobs_folder(), g.user["id"], fmt, wide, export_filter,
                             export_jobs.row_count(db, wide, export_filter))
    export_jobs.start(partial(connect, current_app.config["DATABASE"]), _jobs_folder(), job)
    return redirect(url_for("export.job", job_id=job["id"]), code=303)


@bp.get("/export/jobs/<job_id>")
def job(job_id):
    job = _own_job(job_id)
    # The page polls its own progress fragment while the job runs (htmx); without JavaScript, a reload does.
    if htmx and not htmx.boosted:
        response = current_app.make_response(render_template("partials/_export_job.html", job=job))
    else:
        response = current_app.make_response(render_template("export_job.html", job=job))
    response.headers["Vary"] = "HX-Request"
    return response


@bp.get("/export/jobs/<job_id>/download")
def job_download(job_id):
    job = _own_job(job_id)
    if job["state"] != "ready":
        abort(409, description="This export is not ready yet: its page shows how far it has got.")
    response = send_file(export_jobs.data_path(_jobs_folder(), job), as_attachment=True,
                         download_name=job["filename"], max_age=0)
    # content_type, not mimetype, as for the streamed downloads: the type already names its charset.
    response.headers["Content-Type"] = FORMATS[job["fmt"]][1]
    return response
