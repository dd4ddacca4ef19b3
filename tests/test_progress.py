"""Progress bars on long commands: drawn with counts on a terminal, silent in a pipe or with --quiet."""
import io
import sqlite3

import pytest

from annotator import db as database_module
from annotator import progress, store


class Terminal(io.StringIO):
    """A stderr that says it is a terminal, so click draws its bar."""

    def isatty(self):
        return True


@pytest.fixture
def terminal(monkeypatch):
    screen = Terminal()
    monkeypatch.setattr(progress, "_terminal", lambda: screen)
    return screen


def test_no_bar_in_a_pipe_or_when_quiet():
    assert isinstance(progress.progress_bar(10, "Work", file=io.StringIO()), progress._Silent)
    assert isinstance(progress.progress_bar(10, "Work", quiet=True, file=Terminal()), progress._Silent)


def test_a_bar_on_a_terminal_shows_counts():
    screen = Terminal()
    with progress.progress_bar(3, "Work", file=screen) as bar:
        counter = progress.Counter(bar)
        counter(2)
        counter(2)
        counter(3)
    assert "Work" in screen.getvalue() and "3/3" in screen.getvalue()


def tag_everything(db):
    ana = store.reviewer_id_for(db, "Ana")
    for row in db.query("select id from claims"):
        store.save_verdict(db, row["id"], ana, "sourced")
    return db["verdicts"].count


def test_export_to_a_file_counts_rows(runner, db, tmp_path, terminal):
    rows = tag_everything(db)
    result = runner.invoke(args=["export", "-o", str(tmp_path / "v.csv")])
    assert result.exit_code == 0, result.output
    assert "Exporting rows" in terminal.getvalue() and f"{rows}/{rows}" in terminal.getvalue()
    assert (tmp_path / "v.csv").read_bytes().count(b"\r\n") == rows + 1


def test_export_quiet_or_to_stdout_draws_nothing(runner, db, tmp_path, terminal):
    tag_everything(db)
    assert runner.invoke(args=["export", "--quiet", "-o", str(tmp_path / "v.csv")]).exit_code == 0
    result = runner.invoke(args=["export"])
    assert result.exit_code == 0 and result.output.startswith("article_id,")
    assert terminal.getvalue() == ""


def test_snapshot_export_and_import_count_articles(runner, db, tmp_path, terminal):
    snapshot = tmp_path / "snapshot.jsonl"
    assert runner.invoke(args=["export", "--format", "snapshot", "-o", str(snapshot)]).exit_code == 0
    assert "Exporting articles" in terminal.getvalue() and "1/1" in terminal.getvalue()
    result = runner.invoke(args=["import-snapshot", str(snapshot)])
    assert result.exit_code == 0, result.output
    assert "Importing articles" in terminal.getvalue()
    assert db["articles"].count == 2


def test_import_shows_files_read_and_articles_split(runner, db, tmp_path, terminal):
    folder = tmp_path / "in"
    folder.mkdir()
    for number in range(3):
        (folder / f"{number}.txt").write_text(f"Kim said {number} ships sailed.", encoding="utf-8")
    result = runner.invoke(args=["import", str(folder)])
    assert result.exit_code == 0, result.output
    assert "Reading files" in terminal.getvalue() and "Splitting articles" in terminal.getvalue()
    assert "3/3" in terminal.getvalue()
    assert db["articles"].count == 4


def test_import_quiet_prints_only_what_it_did(runner, db, tmp_path, terminal):
    (tmp_path / "a.txt").write_text("Kim said ships sailed.", encoding="utf-8")
    result = runner.invoke(args=["import", "--quiet", str(tmp_path / "a.txt")])
    assert result.exit_code == 0 and "Imported 1 article." in result.output
    assert terminal.getvalue() == ""


def test_backup_shows_pages_copied(runner, tmp_path, terminal):
    result = runner.invoke(args=["backup", str(tmp_path / "copy.db")])
    assert result.exit_code == 0, result.output
    assert "Copying pages" in terminal.getvalue()
    assert sqlite3.connect(tmp_path / "copy.db").execute("select count(*) from articles").fetchone() == (1,)


def test_a_stepped_backup_that_a_write_restarts_finishes_in_one_step(bare_db, tmp_path, monkeypatch):
    monkeypatch.setattr(database_module, "BACKUP_STEP_PAGES", 2)
    bare_db.execute("create table filler (x text)")
    with bare_db.conn:
        bare_db.conn.executemany("insert into filler values (?)", [("x" * 1000,)] * 200)
    writer = sqlite3.connect(tmp_path / "bare.db")
    steps = []

    def moved(copied, total):
        steps.append(copied)
        if len(steps) == 2:  # someone saves a verdict mid-backup
            writer.execute("insert into filler values ('late')")
            writer.commit()

    database_module.backup(bare_db, tmp_path / "copy.db", progress=moved)
    copy = sqlite3.connect(tmp_path / "copy.db")
    assert copy.execute("select count(*) from filler").fetchone() == (201,)
    assert len(steps) == 2
