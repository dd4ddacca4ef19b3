"""Reading and setting up the live app's database file from a browser test, on a connection of its own."""
from annotator import team
from annotator.db import connect


def live_rows(live_app, sql, params=()):
    """The rows of a query on the live app's database file."""
    database = connect(live_app.config["DATABASE"])
    try:
        return list(database.query(sql, params))
    finally:
        database.close()


def live_claims(live_app):
    """The demo article's live claims in reading order."""
    return live_rows(live_app, "select * from live_claims where article_id = 1 order by position")


def let_reviewers_fix_the_split(live_app):
    """Reviewers Ana and Ben may fix the split, as an admin can allow (tests/test_views_split_rights.py: who may)."""
    database = connect(live_app.config["DATABASE"])
    try:
        team.set_reviewers_may_fix_split(database, True)
    finally:
        database.close()
