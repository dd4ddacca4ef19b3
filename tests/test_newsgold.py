"""The news gold set is complete, openly licensed, split in two halves, and its labels are checked for form."""
import csv
import importlib.util
import json
from pathlib import Path

import pytest

GOLD = Path(__file__).parent / "data" / "newsgold"
# The checker is a script the labellers run by path, so it is loaded by path here too.
_spec = importlib.util.spec_from_file_location("check_labels", GOLD / "check_labels.py")
check_labels = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(check_labels)
problems = check_labels.problems
OPEN_LICENCES = {"CC BY 2.5", "Public domain"}


def _articles() -> list[dict]:
    with (GOLD / "articles.tsv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def test_every_text_has_one_openly_licensed_source_row_and_every_row_a_text():
    rows = _articles()
    texts = sorted(path.stem for path in (GOLD / "texts").glob("*.txt"))
    assert len(texts) >= 40
    assert sorted(path.split("-")[0] for path in texts) == sorted(row["id"] for row in rows)
    for row in rows:
        assert row["licence"] in OPEN_LICENCES, row["id"]
        assert row["retrieved_from"].startswith("github:"), row["id"]


def test_both_halves_have_enough_articles_and_several_topics():
    rows = _articles()
    development = [row for row in rows if int(row["id"]) % 2 == 1]
    test = [row for row in rows if int(row["id"]) % 2 == 0]
    assert len(development) >= 20 and len(test) >= 20
    assert len({row["topic"] for row in development}) >= 6 and len({row["topic"] for row in test}) >= 6


def test_texts_are_utf8_with_a_headline_and_paragraphs():
    for path in (GOLD / "texts").glob("*.txt"):
        text = path.read_text(encoding="utf-8")
        headline, blank, *rest = text.split("\n")
        assert headline.strip() and blank == "" and any(line.strip() for line in rest), path.name


def _write_label(tmp_path: Path, article: str, units: list[dict]) -> Path:
    path = tmp_path / f"{article}.json"
    path.write_text(json.dumps({"article": article, "labeller": "T", "units": units}), encoding="utf-8")
    return path


def _unit(text: str, **fields) -> dict:
    unit = {"text": text, "checkworthy": False, "reason": "heading", "verdict": None, "hedged": None,
            "source": None, "reporting_verb": None, "quoted_speaker": None, "key_phrase": None}
    unit.update(fields)
    return unit


@pytest.fixture
def first_article():
    path = sorted((GOLD / "texts").glob("*.txt"))[0]
    lines = [line for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]
    return path.stem, lines


def test_checker_accepts_a_label_file_that_copies_and_covers_the_article(tmp_path, first_article):
    article, lines = first_article
    units = [_unit(lines[0], checkworthy=True, reason=None, verdict="unverified", hedged=False,
                   key_phrase=" ".join(lines[0].split()[:3]))]
    units += [_unit(line) for line in lines[1:]]
    assert problems(_write_label(tmp_path, article, units)) == []


def test_checker_reports_a_miscopied_unit_a_gap_and_a_bad_verdict(tmp_path, first_article):
    article, lines = first_article
    units = [_unit(lines[0].replace(" ", "  ", 1)), _unit(lines[2], checkworthy=True, reason=None,
                                                          verdict="true", hedged=False, key_phrase="x y")]
    found = problems(_write_label(tmp_path, article, units))
    assert any("not found" in message for message in found)
    assert any("not in any unit" in message for message in found)
    assert any("verdict must be" in message for message in found)


CALIBRATION = GOLD / "calibration"


def test_calibration_set_is_apart_from_the_gold_halves_openly_licensed_and_fully_labelled():
    with (CALIBRATION / "articles.tsv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    texts = sorted(path.stem for path in (CALIBRATION / "texts").glob("*.txt"))
    labels = sorted(path.stem for path in (CALIBRATION / "labels").glob("*.json"))
    assert len(texts) >= 12 and labels == texts
    assert sorted(text.split("-")[0] for text in texts) == sorted(row["id"] for row in rows)
    gold_urls = {row["original_url"] for row in _articles()}
    for row in rows:
        assert row["licence"] in OPEN_LICENCES, row["id"]
        assert row["original_url"] not in gold_urls, row["id"]


def test_calibration_labels_pass_the_checker():
    for path in sorted((CALIBRATION / "labels").glob("*.json")):
        assert problems(path) == [], path.name
