"""Exports too big for one request, written to a file in the instance folder by a background job.

A job is two files in instance/exports/: ID.json, its state (who asked, what, rows written of how many), and
ID.csv or ID.jsonl, the export itself, written under a temporary name and renamed once complete. Files, not a
table: every server worker sees them, and a job never takes the database's write lock.
"""
import json
import os
import re
import secrets
import threading
import time
from dataclasses import asdict
from pathlib import Path

from .export_rows import FORMATS, ExportFilter, export_chunks, export_filename

FOLDER = "exports"
# Exports with more rows than this are written by a job (ANNOTATOR's BACKGROUND_EXPORT_ROWS setting): a
# 50,000-row CSV takes a few seconds to stream, long enough for a proxy or a browser to give up on a busy day.
DEFAULT_BACKGROUND_ROWS = 50_000
# Formats a job writes: the verdict exports. A snapshot is recorded as downloaded when handed over, so it is
# always streamed; ClaimReview holds final verdicts only and stays small.
JOB_FORMATS = ("csv", "jsonl")
# A finished export is kept this long for its download, then deleted with its state.
KEEP_SECONDS = 24 * 3600
# A running job writes its progress at least this often; one silent for STALE_SECONDS died with its server process.
PROGRESS_EVERY_SECONDS = 0.5
STALE_SECONDS = 120
_JOB_ID = re.compile(r"^[0-9a-f]{32}$")


class JobRefused(ValueError):
    """A job that cannot be started; the message says why."""


def row_count(db, wide: bool, export_filter: ExportFilter) -> int:
    """How many rows the export holds: verdicts, or with wide claims with a verdict."""
    where, params = export_filter.where()
    what = "count(distinct claim_id)" if wide else "count(*)"
    return next(db.query(f"select {what} as n from verdicts_export{where}", params))["n"]


def _state_path(folder: Path, job_id: str) -> Path:
    return folder / f"{job_id}.json"


def data_path(folder: Path, job: dict) -> Path:
    """Where a job's finished export is."""
    return folder / f"{job['id']}.{FORMATS[job['fmt']][0]}"


def _save(folder: Path, job: dict):
    """Write the state whole, then rename: a reader sees the old state or the new one, never half of one."""
    temporary = folder / f"{job['id']}.json.tmp"
    temporary.write_text(json.dumps(job), encoding="utf-8")
    os.replace(temporary, _state_path(folder, job["id"]))


def create(folder, owner_id: int, fmt: str, wide: bool, export_filter: ExportFilter, total: int) -> dict:
    """A new job's state, saved as running with nothing written yet."""
    if fmt not in JOB_FORMATS:
        raise JobRefused(f"Only {' and '.join(JOB_FORMATS)} exports are written in the background.")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    now = time.time()
    job = {"id": secrets.token_hex(16), "owner_id": owner_id, "fmt": fmt, "wide": bool(wide),
           "filter": asdict(export_filter), "filename": export_filename(fmt, wide, export_filter),
           "total": total, "done": 0, "state": "running", "error": "", "created_at": now, "updated_at": now}
    _save(folder, job)
    return job


def run(connect, folder, job: dict):
    """Write the job's export to its file, saving progress as it goes; any failure is saved as the job's error."""
    folder = Path(folder)
    target = data_path(folder, job)
    partial = target.with_name(target.name + ".part")
    last_saved = 0.0

    def progress(rows: int):
        nonlocal last_saved
        job["done"] = rows
        if time.monotonic() - last_saved >= PROGRESS_EVERY_SECONDS:
            job["updated_at"] = time.time()
            _save(folder, job)
            last_saved = time.monotonic()

    db = None
    try:
        db = connect()
        chunks = export_chunks(db, job["fmt"], job["wide"], ExportFilter(**job["filter"]), progress=progress)
        with open(partial, "w", encoding="utf-8", newline="") as out:
            for chunk in chunks:
                out.write(chunk)
        os.replace(partial, target)
        job.update(state="ready", updated_at=time.time())
    except Exception as error:  # noqa: BLE001 - whatever went wrong, the person waiting must see it
        partial.unlink(missing_ok=True)
        job.update(state="failed", error=f"The export stopped: {error}", updated_at=time.time())
    finally:
        if db is not None:
            db.close()
    _save(folder, job)
    return job


def start(connect, folder, job: dict) -> threading.Thread:
    """Run the job in a thread of this process, so the request that asked for it can answer at once."""
    thread = threading.Thread(target=run, args=(connect, folder, dict(job)), name=f"export-{job['id']}",
                              daemon=True)
    thread.start()
    return thread


def load(folder, job_id: str, now: float | None = None) -> dict | None:
    """A job's state, or None for an id that is not a job's; a running job gone silent is reported failed."""
    if not _JOB_ID.match(job_id or ""):
        return None
    try:
        job = json.loads(_state_path(Path(folder), job_id).read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return None
    now = time.time() if now is None else now
    if job["state"] == "running" and now - job["updated_at"] > STALE_SECONDS:
        job.update(state="failed", error="The export stopped when the server restarted: start it again.")
    return job


def jobs_for(folder, owner_id: int) -> list[dict]:
    """The owner's jobs still kept, newest first."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    jobs = [load(folder, path.stem) for path in folder.glob("*.json")]
    return sorted((job for job in jobs if job and job["owner_id"] == owner_id),
                  key=lambda job: job["created_at"], reverse=True)


def cleanup(folder, now: float | None = None) -> int:
    """Delete jobs finished or started more than KEEP_SECONDS ago, and files no job names; how many jobs went."""
    folder = Path(folder)
    if not folder.is_dir():
        return 0
    now = time.time() if now is None else now
    removed, kept = 0, set()
    for path in folder.glob("*.json"):
        job = load(folder, path.stem, now)
        if job is None:
            continue
        if job["state"] == "failed":
            data_path(folder, job).with_suffix(data_path(folder, job).suffix + ".part").unlink(missing_ok=True)
        if job["state"] != "running" and now - job["updated_at"] > KEEP_SECONDS:
            data_path(folder, job).unlink(missing_ok=True)
            path.unlink(missing_ok=True)
            removed += 1
        else:
            kept.add(job["id"])
    for path in folder.iterdir():
        # Leftovers: the partial file of a job that died, or the data of a state deleted by hand.
        job_id = path.name.split(".", 1)[0]
        if job_id not in kept and path.is_file() and now - path.stat().st_mtime > STALE_SECONDS:
            path.unlink(missing_ok=True)
    return removed
