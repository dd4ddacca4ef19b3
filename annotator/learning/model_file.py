"""The learnt model as JSON: weights per feature name, never pickle, so a corrupt or planted file cannot run code.

The database (table learnt_models) holds every model trained, so a backup has it; the file in the instance folder
is the working copy, rewritten from the database when it is missing or belongs to another database. A file that
cannot be read, or is not a model of this form, is left alone and the built-in rules suggest, with a warning in
the log.
"""
import json
import logging
import math
import os
from pathlib import Path

from ..db import utc_now, write_transaction
from . import SCALES

FILE_NAME = "learnt_model.json"
FORMAT = "claim-annotator-learnt-model"
FORMAT_VERSION = 1
# Models kept in the database: the newest is used; a few older ones say how the figures moved.
KEEP_MODELS = 5

log = logging.getLogger("annotator.learning")


class CorruptModel(ValueError):
    """A model document that is not of the form this module writes."""


def _number(value, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise CorruptModel(f"{where} is not a finite number")
    return float(value)


def check(document) -> dict:
    """The document if it is a model of this form, else CorruptModel saying what is wrong."""
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise CorruptModel("not a learnt model")
    if document.get("format_version") != FORMAT_VERSION:
        raise CorruptModel(f"format version {document.get('format_version')!r}, expected {FORMAT_VERSION}")
    for key in ("version", "verdict_count"):
        if not isinstance(document.get(key), int) or document[key] < 0:
            raise CorruptModel(f"{key} is not a count")
    if not isinstance(document.get("scales"), dict):
        raise CorruptModel("no scales")
    for scale, entry in document["scales"].items():
        if not isinstance(entry, dict) or not isinstance(entry.get("active"), bool):
            raise CorruptModel(f"scale {scale!r} has no active flag")
        weights = entry.get("weights")
        if weights is None:
            if entry["active"]:
                raise CorruptModel(f"scale {scale!r} is active without weights")
            continue
        classes = weights.get("classes") if isinstance(weights, dict) else None
        if scale not in SCALES or not isinstance(classes, list) or len(classes) < 2 \
                or not set(classes) <= set(SCALES[scale]):
            raise CorruptModel(f"scale {scale!r}: not a scale, or classes that are not its labels")
        for label in classes:
            _number(weights.get("intercept", {}).get(label), f"{scale} intercept of {label}")
            table = weights.get("weights", {}).get(label)
            if not isinstance(table, dict):
                raise CorruptModel(f"{scale} weights of {label} missing")
            for name, value in table.items():
                _number(value, f"{scale} weight of {name!r}")
    return document


def document(version: int, verdict_count: int, scales: dict) -> dict:
    return {"format": FORMAT, "format_version": FORMAT_VERSION, "version": version, "verdict_count": verdict_count,
            "trained_at": utc_now(), "scales": scales}


def path_in(instance_path) -> Path:
    return Path(instance_path) / FILE_NAME


def _write_file(path: Path, model: dict):
    """Write whole or not at all: a reader never sees half a file (written aside, then renamed over)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    draft = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    draft.write_text(json.dumps(model, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    os.replace(draft, path)


def save(db, path, verdict_count: int, scales: dict) -> dict:
    """Store a newly trained model in the database (next version) and as the instance file; return it."""
    with write_transaction(db):
        latest = next(db.query("select coalesce(max(version), 0) as v from learnt_models"))["v"]
        model = document(latest + 1, verdict_count, scales)
        db["learnt_models"].insert({"version": model["version"], "trained_at": model["trained_at"],
                                    "verdict_count": verdict_count, "model": json.dumps(model, sort_keys=True)})
        db.execute("delete from learnt_models where version <= ?", [model["version"] - KEEP_MODELS])
    _write_file(Path(path), model)
    return model


def latest_in_db(db) -> dict | None:
    """The newest model stored in the database, or None (a stored one that fails its check is logged and skipped)."""
    rows = list(db.query("select version, model from learnt_models order by version desc limit 1"))
    if not rows:
        return None
    try:
        return check(json.loads(rows[0]["model"]))
    except (ValueError, CorruptModel) as error:
        log.warning("Learnt model %s in the database is corrupt (%s): using the built-in rules.", rows[0]["version"],
                    error)
        return None


def load(db, path) -> dict | None:
    """The model to suggest with, or None for the built-in rules (logged when a file is corrupt)."""
    path = Path(path)
    stored = latest_in_db(db)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        if stored:
            log.info("Learnt model file %s is missing: rewritten from the database (version %s).", path,
                     stored["version"])
            _write_file(path, stored)
        return stored
    except (OSError, UnicodeDecodeError) as error:
        log.warning("Learnt model file %s cannot be read (%s): suggestions fall back to the built-in rules.", path,
                    error)
        return None
    try:
        found = check(json.loads(text))
    except (ValueError, CorruptModel) as error:
        log.warning("Learnt model file %s is corrupt (%s): suggestions fall back to the built-in rules; delete it "
                    "to restore it from the database, or run `flask --app annotator learn`.", path, error)
        return None
    if stored is None or (found["version"], found["trained_at"]) != (stored["version"], stored["trained_at"]):
        # A file from another database (a restored backup, a copied instance folder): the database says which.
        if stored:
            log.info("Learnt model file %s is not this database's model: rewritten from the database.", path)
            _write_file(path, stored)
        else:
            log.info("Learnt model file %s is not this database's model (it has none): built-in rules.", path)
        return stored
    return found
