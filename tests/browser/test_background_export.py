"""A lead asks for a large CSV: the job's progress updates in place (htmx polling), then the file downloads."""
import csv
import io
import time

from playwright.sync_api import expect

from annotator import export_jobs, store
from annotator.db import connect


def test_a_large_export_is_prepared_with_progress_then_downloaded(live_app, live_server, login, make_page,
                                                                    tmp_path, monkeypatch):
    live_app.config.update(BACKGROUND_EXPORT_ROWS=2, EXPORT_JOBS_FOLDER=str(tmp_path / "exports"))
    database = connect(live_app.config["DATABASE"])
    ana = next(database.query("select id from reviewers where name = 'Ana'"))["id"]
    claims = store.claims_for(database, 1)
    for claim in claims:
        store.save_verdict(database, claim["id"], ana, "sourced", note="+checked")
    database.close()

    real_chunks = export_jobs.export_chunks

    def slow_chunks(*args, **kwargs):
        # Long enough for the page to show the job running and poll it at least once.
        time.sleep(2.5)
        return real_chunks(*args, **kwargs)

    monkeypatch.setattr(export_jobs, "export_chunks", slow_chunks)

    page = make_page()
    login(page, "Lee")
    page.goto(live_server + "/export")
    page.get_by_role("button", name="Download CSV").click()
    expect(page.get_by_text(f"This export holds {len(claims)} rows")).to_be_visible()
    page.get_by_role("button", name="Prepare the file").click()
    job = page.locator(".export-job")
    expect(job).to_have_attribute("data-export-state", "running")
    page.evaluate("window.stillTheSamePage = true")
    link = page.get_by_role("link", name="Download verdicts.csv")
    expect(link).to_be_visible(timeout=15_000)
    # The fragment was swapped in by htmx, not by reloading the page.
    assert page.evaluate("window.stillTheSamePage") is True
    expect(job).to_have_attribute("data-export-state", "ready")
    with page.expect_download() as download_info:
        link.click()
    path = tmp_path / "large.csv"
    download_info.value.save_as(path)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert len(rows) == len(claims) and rows[0]["note"] == "'+checked"
