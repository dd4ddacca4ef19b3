"""A large export from the web: offered as a job (POST, CSRF, leads only), progress polled, then downloaded."""
import csv
import io
import re
import time
from pathlib import Path

import pytest

from annotator import export_jobs, store
from client_helpers import client_for, csrf_token, post

JOB_URL = re.compile(r'/export/jobs/([0-9a-f]{32})')


@pytest.fixture
def tagged(app, users, db, demo_article, tmp_path):
    """Ana and Ben tag every claim of the demo article; exports of more than 3 rows go to a job."""
    app.config["BACKGROUND_EXPORT_ROWS"] = 3
    app.config["EXPORT_JOBS_FOLDER"] = str(tmp_path / "exports")
    for name in ("Ana", "Ben"):
        for claim in store.claims_for(db, demo_article["id"]):
            store.save_verdict(db, claim["id"], users[name], "sourced", note="=SUM(A1)")
    return next(db.query("select count(*) as n from verdicts"))["n"]


def job_files(client):
    folder = Path(client.application.config["EXPORT_JOBS_FOLDER"])
    return list(folder.iterdir()) if folder.exists() else []


def wait_until_done(client, url, seconds=20):
    """The job's fragment, polled as the page does, until it is no longer running."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        fragment = client.get(url, headers={"HX-Request": "true"}).get_data(as_text=True)
        if 'data-export-state="running"' not in fragment:
            return fragment
        time.sleep(0.1)
    raise AssertionError(f"the job at {url} did not finish")


def start_job(client, data):
    response = post(client, "/export/jobs", data)
    assert response.status_code == 303
    return response.headers["Location"]


def test_a_large_download_offers_a_job_instead_of_streaming(tagged, lead_client):
    response = lead_client.get("/export/verdicts.csv?reviewer=Ana&shape=long")
    assert response.status_code == 200 and response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert f"holds {tagged // 2} rows" in page
    assert 'action="/export/jobs"' in page and 'name="csrf_token"' in page
    assert 'name="reviewer" value="Ana"' in page and 'name="fmt" value="csv"' in page
    # A GET starts nothing.
    assert not job_files(lead_client)


def test_downloads_within_the_setting_still_stream(tagged, lead_client, demo_article):
    lead_client.application.config["BACKGROUND_EXPORT_ROWS"] = tagged
    response = lead_client.get("/export/verdicts.csv")
    assert response.mimetype == "text/csv"
    assert len(list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))) == tagged
    # Snapshots and ClaimReview always stream, whatever their size.
    lead_client.application.config["BACKGROUND_EXPORT_ROWS"] = 1
    assert lead_client.get("/export/snapshot.jsonl").mimetype == "application/x-ndjson"


def test_job_runs_shows_progress_and_hands_over_the_file(tagged, lead_client):
    location = start_job(lead_client, {"fmt": "csv", "reviewer": "Ana"})
    page = lead_client.get(location)
    assert page.status_code == 200 and "HX-Request" in page.headers["Vary"]
    assert "verdicts.csv" in page.get_data(as_text=True)
    fragment = wait_until_done(lead_client, location)
    assert fragment.lstrip().startswith('<div class="export-job"') and "<html" not in fragment
    assert 'data-export-state="ready"' in fragment and "hx-trigger" not in fragment
    download = lead_client.get(location + "/download")
    assert download.status_code == 200
    assert download.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert download.headers["Content-Disposition"].startswith("attachment; filename=verdicts.csv")
    rows = list(csv.DictReader(io.StringIO(download.get_data(as_text=True))))
    assert len(rows) == tagged // 2 and {row["reviewer"] for row in rows} == {"Ana"}
    assert rows[0]["note"] == "'=SUM(A1)"
    # The export page lists it with its download link.
    assert location + "/download" in lead_client.get("/export").get_data(as_text=True)


def test_a_running_job_polls_itself(tagged, lead_client, app, users):
    job = export_jobs.create(app.config["EXPORT_JOBS_FOLDER"], users["Lee"], "jsonl", False,
                             export_jobs.ExportFilter(), 500)
    fragment = lead_client.get(f"/export/jobs/{job['id']}", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert 'hx-trigger="every 1s"' in fragment and f'hx-get="/export/jobs/{job["id"]}"' in fragment
    assert "0 of 500 rows written" in fragment
    assert lead_client.get(f"/export/jobs/{job['id']}/download").status_code == 409


def test_jobs_need_csrf_a_lead_and_their_owner(tagged, app, client, lead_client, users):
    assert lead_client.post("/export/jobs", data={"fmt": "csv"}).status_code == 400  # no CSRF token
    reviewer = client_for(app, "Ana")
    assert post(reviewer, "/export/jobs", {"fmt": "csv"}).status_code == 403
    location = start_job(lead_client, {"fmt": "jsonl"})
    wait_until_done(lead_client, location)
    assert reviewer.get(location + "/download").status_code == 403
    admin = client_for(app, "Ada")
    assert admin.get(location).status_code == 404
    assert admin.get(location + "/download").status_code == 404


def test_bad_job_requests_are_refused_with_a_message(tagged, lead_client):
    response = post(lead_client, "/export/jobs", {"fmt": "snapshot"})
    assert response.status_code == 400 and "background" in response.get_data(as_text=True)
    response = post(lead_client, "/export/jobs", {"fmt": "csv", "verdict": "maybe"})
    assert response.status_code == 400 and "Unknown verdict" in response.get_data(as_text=True)
    assert lead_client.get("/export/jobs/" + "a" * 32).status_code == 404
    assert lead_client.get("/export/jobs/..%2Fsecret").status_code == 404
    assert not job_files(lead_client)
    assert csrf_token(lead_client)


def test_the_row_limit_can_come_from_the_environment(tagged, app, lead_client, monkeypatch):
    app.config["BACKGROUND_EXPORT_ROWS"] = None
    assert lead_client.get("/export/verdicts.csv").mimetype == "text/csv"  # 50,000 by default
    monkeypatch.setenv("ANNOTATOR_BACKGROUND_EXPORT_ROWS", "2")
    assert "Prepare the file" in lead_client.get("/export/verdicts.csv").get_data(as_text=True)
