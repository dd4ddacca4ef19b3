"""Export jobs on the database and a folder, without Flask: the file, its progress, failures and clean-up."""
import json
import os
import time
from functools import partial

import pytest

from annotator import accounts, export_jobs, store
from annotator.db import connect
from annotator.export_rows import ExportFilter, export_chunks
from annotator.importing import draft_from_text


@pytest.fixture
def tagged(bare_db, tmp_path):
    """Ana and Ben tag every claim of one article; the database's path, for the job's own connection."""
    people = [accounts.create_user(bare_db, name, "long password", "reviewer") for name in ("Ana", "Ben")]
    article = store.add_article(bare_db, draft_from_text(
        " ".join(f"Kim said {n} phones shipped." for n in range(30)), title="Many"))
    for claim in store.claims_for(bare_db, article):
        for person in people:
            store.save_verdict(bare_db, claim["id"], person, "sourced", note="=1+1")
    return bare_db, partial(connect, tmp_path / "bare.db")


def test_a_job_writes_the_same_export_as_a_download(tagged, tmp_path):
    db, opener = tagged
    folder = tmp_path / "exports"
    total = export_jobs.row_count(db, False, ExportFilter())
    job = export_jobs.create(folder, 7, "csv", False, ExportFilter(), total)
    assert export_jobs.load(folder, job["id"])["state"] == "running"
    finished = export_jobs.run(opener, folder, job)
    assert finished["state"] == "ready" and finished["done"] == total == 60
    written = export_jobs.data_path(folder, finished).read_bytes().decode("utf-8")
    assert written == "".join(export_chunks(db, "csv"))
    assert "'=1+1" in written
    assert export_jobs.load(folder, job["id"])["state"] == "ready"
    assert not list(folder.glob("*.part"))


def test_wide_and_jsonl_jobs_count_their_rows(tagged, tmp_path):
    db, opener = tagged
    folder = tmp_path / "exports"
    claims = export_jobs.row_count(db, True, ExportFilter())
    wide = export_jobs.run(opener, folder, export_jobs.create(folder, 7, "csv", True, ExportFilter(), claims))
    assert (wide["state"], wide["done"], wide["filename"]) == ("ready", claims, "verdicts-wide.csv")
    lines = export_jobs.run(opener, folder, export_jobs.create(folder, 7, "jsonl", False, ExportFilter(), 60))
    assert lines["done"] == 60
    assert len(export_jobs.data_path(folder, lines).read_text(encoding="utf-8").splitlines()) == 60


def test_progress_is_saved_while_the_job_runs(tagged, tmp_path, monkeypatch):
    db, opener = tagged
    folder = tmp_path / "exports"
    monkeypatch.setattr("annotator.csv_sql.ROWS_PER_CHUNK", 10)
    monkeypatch.setattr(export_jobs, "PROGRESS_EVERY_SECONDS", 0)
    seen = []
    real_save = export_jobs._save
    monkeypatch.setattr(export_jobs, "_save", lambda where, job: (seen.append(job["done"]), real_save(where, job)))
    export_jobs.run(opener, folder, export_jobs.create(folder, 7, "csv", False, ExportFilter(), 60))
    assert [done for done in seen if 0 < done < 60] == [10, 20, 30, 40, 50]


def test_a_failed_job_says_why_and_leaves_no_partial_file(tagged, tmp_path):
    folder = tmp_path / "exports"
    job = export_jobs.create(folder, 7, "csv", False, ExportFilter(), 60)

    def broken():
        raise OSError("disk full")

    failed = export_jobs.run(broken, folder, job)
    assert failed["state"] == "failed" and "disk full" in failed["error"]
    assert export_jobs.load(folder, job["id"])["error"] == failed["error"]
    assert [path.suffix for path in folder.iterdir()] == [".json"]


def test_a_job_gone_silent_is_reported_failed(tmp_path):
    folder = tmp_path / "exports"
    job = export_jobs.create(folder, 7, "csv", False, ExportFilter(), 60)
    later = job["updated_at"] + export_jobs.STALE_SECONDS + 1
    assert export_jobs.load(folder, job["id"], now=later)["state"] == "failed"
    assert "start it again" in export_jobs.load(folder, job["id"], now=later)["error"]


def test_only_job_ids_are_read(tmp_path):
    folder = tmp_path / "exports"
    folder.mkdir()
    (tmp_path / "secret.json").write_text(json.dumps({"state": "ready"}))
    assert export_jobs.load(folder, "../secret") is None
    assert export_jobs.load(folder, "0" * 32) is None


def test_only_verdict_exports_become_jobs(tmp_path):
    with pytest.raises(export_jobs.JobRefused):
        export_jobs.create(tmp_path, 7, "snapshot", False, ExportFilter(), 1)


def test_jobs_are_listed_for_their_owner_newest_first(tmp_path):
    folder = tmp_path / "exports"
    first = export_jobs.create(folder, 7, "csv", False, ExportFilter(), 1)
    time.sleep(0.01)
    second = export_jobs.create(folder, 7, "jsonl", False, ExportFilter(), 1)
    export_jobs.create(folder, 8, "csv", False, ExportFilter(), 1)
    assert [job["id"] for job in export_jobs.jobs_for(folder, 7)] == [second["id"], first["id"]]


def test_cleanup_deletes_old_exports_and_leftovers_but_keeps_running_ones(tagged, tmp_path):
    db, opener = tagged
    folder = tmp_path / "exports"
    old = export_jobs.run(opener, folder, export_jobs.create(folder, 7, "csv", False, ExportFilter(), 60))
    running = export_jobs.create(folder, 7, "csv", False, ExportFilter(), 60)
    leftover = folder / ("f" * 32 + ".csv.part")
    leftover.write_text("half")
    now = time.time() + export_jobs.KEEP_SECONDS + 1
    os.utime(leftover, (now - export_jobs.STALE_SECONDS - 1,) * 2)
    # The running job keeps saving progress: it is as fresh as now.
    state = export_jobs.load(folder, running["id"])
    state["updated_at"] = now
    export_jobs._save(folder, state)
    assert export_jobs.cleanup(folder, now=now) == 1
    assert export_jobs.load(folder, old["id"]) is None
    assert not export_jobs.data_path(folder, old).exists() and not leftover.exists()
    assert export_jobs.load(folder, running["id"])["state"] == "running"
