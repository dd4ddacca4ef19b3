"""Check a label file of the news gold set against its article: units copied exactly, in order, covering it.

Usage: python tests/data/newsgold/check_labels.py labels/001-slug.json [more.json ...]
It checks form only (docs/labelling.md); it never judges a label.
"""
import json
import sys
from pathlib import Path

HERE = Path(__file__).parent
REASONS = {"question", "date-line", "caption", "byline", "opinion", "hope", "exhortation", "reaction",
           "boilerplate", "vague", "heading"}
VERDICTS = {"sourced", "speculative", "unverified"}
FIELDS = {"text", "checkworthy", "reason", "verdict", "hedged", "source", "reporting_verb", "quoted_speaker",
          "key_phrase"}


def text_path(article_id: str) -> Path:
    """Where an article's text is: texts/ for the gold halves, calibration/texts/ for the calibration set (c01…)."""
    folder = HERE / "calibration" / "texts" if article_id.startswith("c") else HERE / "texts"
    return folder / f"{article_id}.txt"


def problems(label_path: Path) -> list[str]:
    """Every problem of one label file, as messages naming the unit."""
    data = json.loads(Path(label_path).read_text(encoding="utf-8"))
    article = text_path(data["article"])
    if not article.exists():
        return [f"no article {article}"]
    text = article.read_text(encoding="utf-8")
    found, at = [], 0
    for number, unit in enumerate(data["units"], 1):
        where = f"unit {number} ({unit.get('text', '')[:40]!r})"
        if set(unit) != FIELDS:
            found.append(f"{where}: fields must be exactly {sorted(FIELDS)}")
            continue
        piece = unit["text"]
        if not piece or piece != piece.strip():
            found.append(f"{where}: empty, or spaces around the text")
            continue
        if "\n" in piece:
            found.append(f"{where}: crosses a line break")
        start = text.find(piece, at)
        if start < 0:
            found.append(f"{where}: not found in the article after the previous unit (copy it exactly)")
            continue
        if text[at:start].strip():
            found.append(f"{where}: text before it is not in any unit: {text[at:start].strip()[:60]!r}")
        at = start + len(piece)
        if unit["checkworthy"] is True:
            if unit["reason"] is not None:
                found.append(f"{where}: a check-worthy unit has no reason")
            if unit["verdict"] not in VERDICTS:
                found.append(f"{where}: verdict must be one of {sorted(VERDICTS)}")
            if not isinstance(unit["hedged"], bool):
                found.append(f"{where}: hedged must be true or false")
            phrase = unit["key_phrase"]
            if not phrase or phrase not in piece or not 2 <= len(phrase.split()) <= 5:
                found.append(f"{where}: key_phrase must be 2-5 words copied from the unit")
            for field in ("source", "reporting_verb"):
                if unit[field] is not None and unit[field] not in piece:
                    found.append(f"{where}: {field} must be copied from the unit, or null")
        elif unit["checkworthy"] is False:
            if unit["reason"] not in REASONS:
                found.append(f"{where}: reason must be one of {sorted(REASONS)}")
            if any(unit[field] is not None for field in ("verdict", "hedged", "key_phrase")):
                found.append(f"{where}: a unit that is not check-worthy has verdict, hedged and key_phrase null")
        else:
            found.append(f"{where}: checkworthy must be true or false")
    if text[at:].strip():
        found.append(f"text after the last unit is not in any unit: {text[at:].strip()[:60]!r}")
    return found


if __name__ == "__main__":
    failed = False
    for name in sys.argv[1:]:
        path = Path(name) if Path(name).exists() else HERE / name
        messages = problems(path)
        failed |= bool(messages)
        print(f"{path.name}: {'ok' if not messages else str(len(messages)) + ' problem(s)'}")
        for message in messages:
            print(f"  {message}")
    sys.exit(1 if failed else 0)
