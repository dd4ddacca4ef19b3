"""The matching commands: `match TEXT` prints the earlier claims that state it; `reindex` rebuilds index and matches."""
import json

import click
from flask.cli import with_appcontext

from .. import team
from ..db import get_db
from . import match_text
from .stored import reindex


def matches_as_json(db, text: str) -> list[dict]:
    """The stored claims at or above the suggestion threshold, best first, as the command prints them."""
    found = match_text(db, text)
    finals = team.final_verdicts(db, [match.claim_id for match in found])
    return [{"claim_id": match.claim_id, "text": match.text, "article_id": match.article_id, "score": match.score,
             "auto_link": match.auto_link, "final_verdict": (finals.get(match.claim_id) or {}).get("verdict")}
            for match in found]


@click.command("match")
@with_appcontext
@click.argument("text")
def match_command(text):
    """Print, as a JSON array best first, the stored claims that state TEXT: [] when none is similar enough.

    Each has claim_id, text, article_id, score (0-1), auto_link (true above the auto-link threshold) and
    final_verdict (null until a lead gives one).

    Example: flask --app annotator match "The company recalled 63,000 vehicles last year."
    """
    if not text.strip():
        raise click.ClickException("Give the claim's text to match, in quotes.")
    click.echo(json.dumps(matches_as_json(get_db(), text), ensure_ascii=False, indent=2))


@click.command("reindex")
@with_appcontext
def reindex_command():
    """Rebuild the claims' full-text index and every "seen before" match (decisions reviewers made are kept).

    Example: flask --app annotator reindex
    """
    done = reindex(get_db())
    click.echo(f"Reindexed {done.claims} claims: {done.matches} matches with earlier articles.")


COMMANDS = (match_command, reindex_command)
