"""One learning step: train on the desk's settled verdicts, store the model, re-suggest the untagged claims."""
import os
import time
from dataclasses import dataclass

from ..db import get_setting, set_setting, write_transaction
from . import CLAIM_SCALE, SCALE, SCALES, model_file, resuggest, settled
from .model import train

# Retrain after this many new settled verdicts unless the settings page says otherwise; 0 turns it off.
DEFAULT_LEARN_EVERY = 20
MAX_LEARN_EVERY = 100_000
LEARN_EVERY_KEY = "learn_every"
# Several server processes share one database, and each has its own learning thread: the lease says which one is
# training, so the same model is not trained twice at once. A process that dies while training leaves a lease that
# runs out after this long (a training on a big desk takes seconds, not minutes).
LEASE_KEY = "learning_lease"
LEASE_SECONDS = 600


@dataclass(frozen=True)
class Outcome:
    model: dict
    resuggested: int


def learn_every(db) -> int:
    value = get_setting(db, LEARN_EVERY_KEY)
    return int(value) if value is not None and value.isdecimal() else DEFAULT_LEARN_EVERY


def parse_learn_every(value) -> int:
    """The settings form's "retrain after every N new settled verdicts", or ValueError with a message for the admin."""
    text = str(value or "").strip()
    if not text.isdecimal() or int(text) > MAX_LEARN_EVERY:
        raise ValueError(f"Enter a whole number of verdicts from 0 (never retrain on its own) to {MAX_LEARN_EVERY:,}.")
    return int(text)


def set_learn_every(db, every: int):
    with write_transaction(db):
        set_setting(db, LEARN_EVERY_KEY, str(every))


def due(db) -> bool:
    """Whether enough verdicts were settled since the last model to train again (never when learn_every is 0)."""
    every = learn_every(db)
    if every <= 0:
        return False
    last = next(db.query("select verdict_count from learnt_models order by version desc limit 1"), None)
    return settled.settled_count(db) - (last["verdict_count"] if last else 0) >= every


def take_lease(db, holder: str | None = None, now: float | None = None) -> bool:
    """Become the one process training now; False while another holds an unexpired lease."""
    holder = holder or f"{os.getpid()}"
    now = time.time() if now is None else now
    with write_transaction(db):
        held = get_setting(db, LEASE_KEY)
        if held:
            other, _, until = held.partition("@")
            if other != holder and float(until or 0) > now:
                return False
        set_setting(db, LEASE_KEY, f"{holder}@{now + LEASE_SECONDS}")
    return True


def release_lease(db, holder: str | None = None):
    """Give the lease back (only one's own: a lease that ran out may be someone else's by now)."""
    holder = holder or f"{os.getpid()}"
    with write_transaction(db):
        held = get_setting(db, LEASE_KEY) or ""
        if held.partition("@")[0] == holder:
            db.execute("delete from settings where key = ?", [LEASE_KEY])


def retrain(db, model_path) -> Outcome:
    """Train every scale on the settled verdicts, save the model (database and file), re-suggest untagged claims."""
    examples = settled.examples(db)
    scales = {SCALE: train(examples, SCALES[SCALE]),
              CLAIM_SCALE: train(settled.claim_examples(db), SCALES[CLAIM_SCALE])}
    model = model_file.save(db, model_path, len(examples), scales)
    return Outcome(model, resuggest.apply(db, model))
