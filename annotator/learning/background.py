"""Retraining after every N new settled verdicts, in a background thread: a request only hands over a job, never trains.

One worker thread per process takes the jobs; jobs for the same database that pile up while it trains are done
once. The runner is injectable (config LEARN_RUNNER), so a test can hold the job, check the request did not train,
then run it.
"""
import logging
import os
import threading
import time
from dataclasses import dataclass

from ..db import connect
from . import model_file, resuggest
from .training import due, release_lease, retrain, take_lease

log = logging.getLogger("annotator.learning")
# The worker looks at most this often: a burst of saves (a desk can save 1,000 verdicts a second) costs one count
# of the settled verdicts, not one per save.
MIN_INTERVAL_SECONDS = 1.0


@dataclass(frozen=True)
class Job:
    """Train if due, else bring untagged claims up to the current model (claims imported or split since)."""

    database: str
    model_path: str

    def __call__(self):
        db = connect(self.database)
        try:
            if due(db):
                if not take_lease(db):
                    log.info("Another server process is training on %s: this one leaves it to it.", self.database)
                    return
                try:
                    # Checked again under the lease: the process that held it may just have trained on these.
                    if not due(db):
                        return
                    outcome = retrain(db, self.model_path)
                except ImportError as error:
                    log.warning("Cannot learn from the desk's verdicts (%s): pip install scikit-learn.", error)
                    return
                finally:
                    release_lease(db)
                log.info("Learnt model %s from %s settled verdicts; %s suggestions changed.",
                         outcome.model["version"], outcome.model["verdict_count"], outcome.resuggested)
                return
            model = model_file.load(db, self.model_path)
            if resuggest.stale(db, model):
                resuggest.apply(db, model, stale_only=True)
        finally:
            db.close()


_lock = threading.Lock()
_wake = threading.Event()
_pending: set[Job] = set()
_worker: dict[str, object] = {"thread": None, "pid": None}


def _work():
    while True:
        _wake.wait()
        with _lock:
            _wake.clear()
            jobs = list(_pending)
            _pending.clear()
        for job in jobs:
            try:
                job()
            except Exception:  # a failed step must not stop the worker: the next save tries again
                log.exception("Learning step failed for %s", getattr(job, "database", job))
        time.sleep(MIN_INTERVAL_SECONDS)


def thread_runner(job: Job):
    """Hand the job to this process's worker thread (started on first use, again after a fork)."""
    with _lock:
        _pending.add(job)
        if _worker["pid"] != os.getpid() or not _worker["thread"].is_alive():
            _worker["thread"] = threading.Thread(target=_work, name="annotator-learning", daemon=True)
            _worker["pid"] = os.getpid()
            _worker["thread"].start()
    _wake.set()
