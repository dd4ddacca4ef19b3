"""Who is reviewing: a reviewer name chosen on first visit and kept in the session."""
from functools import wraps
from urllib.parse import urlsplit

from flask import g, redirect, request, session, url_for

from .. import store
from ..db import get_db


def load_reviewer():
    """Put the session's reviewer (or None) on g for views and templates."""
    g.reviewer = None
    reviewer_id = session.get("reviewer_id")
    if reviewer_id is not None:
        # A session can outlive its database (a reset instance): forget a reviewer that no longer exists.
        g.reviewer = store.get_reviewer(get_db(), reviewer_id)
        if g.reviewer is None:
            session.pop("reviewer_id", None)


def reviewer_required(view):
    """Send a visitor without a reviewer name to choose one, then back to where they were going."""
    @wraps(view)
    def wrapped(*args, **kwargs):
        if g.reviewer is None:
            if request.method != "GET":
                return "Choose a reviewer name first.", 403
            return redirect(url_for("review.choose_reviewer", next=request.full_path.rstrip("?")))
        return view(*args, **kwargs)
    return wrapped


def safe_next(target: str | None) -> str:
    """A local path to go back to; anything pointing off-site falls back to the home page."""
    if target and target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc:
        return target
    return url_for("articles.index")
