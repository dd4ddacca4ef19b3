"""The flask commands: import articles, split a text file, export verdicts."""
import json
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from . import accounts, interchange, store
from .text import claim_to_dict, split_sentences
from .db import get_db
from .export_rows import FORMATS, ExportFilter, InvalidFilter, export_chunks
from .importing import (SUPPORTED_SUFFIXES, ImportRejected, OverBudget, decode_jsonl, decode_upload,
                        draft_from_file, drafts_from_jsonl, normalise_text, split_within)


def split_budget_option(command):
    """--split-budget SECONDS: the app's SPLIT_BUDGET_SECONDS unless given; 0 for no limit."""
    return click.option(
        "--split-budget", type=click.FloatRange(min=0), default=None, metavar="SECONDS",
        help="Refuse an article whose split into claims takes longer than this (default: the app's "
             "SPLIT_BUDGET_SECONDS, 15); 0 for no limit.")(command)


def _budget(value) -> float:
    return current_app.config["SPLIT_BUDGET_SECONDS"] if value is None else value


def _files_under(paths):
    """The importable files named, with folders expanded (sorted, so imports are repeatable)."""
    for path in map(Path, paths):
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*")
                              if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES + (".jsonl",))
        else:
            yield path


@click.command("import")
@with_appcontext
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@split_budget_option
def import_command(paths, split_budget):
    """Import articles from .txt, .md, .html or .jsonl files, or folders of them.

    A JSON Lines file holds one {"title", "url", "text"} object a line. Nothing is imported if any file
    is rejected (also one whose split takes longer than --split-budget): fix it and run the command again.

    Example: flask --app annotator import articles/ feed.jsonl
    """
    max_bytes = current_app.config["MAX_ARTICLE_BYTES"]
    drafts = []
    try:
        for path in _files_under(paths):
            if path.suffix.lower() == ".jsonl":
                # Split on \n only, as reading the file did: a JSON string may hold a raw U+2028.
                lines = decode_jsonl(path.read_bytes(), filename=str(path)).split("\n")
                drafts.extend(drafts_from_jsonl(lines, filename=str(path), max_bytes=max_bytes))
            else:
                drafts.append(draft_from_file(path.name, path.read_bytes(), source="cli", max_bytes=max_bytes,
                                              parse_budget=current_app.config["PARSE_BUDGET_SECONDS"]))
    except (ImportRejected, UnicodeDecodeError) as error:
        raise click.ClickException(f"{error} Nothing was imported.")
    if not drafts:
        raise click.ClickException("No .txt, .md, .html or .jsonl files found. Nothing was imported.")
    seconds = _budget(split_budget)

    def split(text):
        try:
            return split_within(text, seconds)
        except OverBudget as error:
            draft = next(draft for draft in drafts if draft.text is text)
            raise click.ClickException(f"{draft.filename} ({draft.title}): {error}")

    ids = store.add_articles(get_db(), drafts, split=split)
    for article_id, draft in zip(ids, drafts):
        click.echo(f"{article_id}\t{draft.title}")
    click.echo(f"Imported {len(ids)} article{'s' if len(ids) != 1 else ''}.", err=True)


@click.command("split")
@with_appcontext
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array instead of one claim a line.")
@click.option("--sentences", is_flag=True,
              help="Print the plain sentence segmentation (before clause splitting, merging and filtering).")
@split_budget_option
def split_command(path, as_json, sentences, split_budget):
    """Print the claims of a text file, as the review page shows them, or with --sentences its sentences.

    Example: flask --app annotator split seeds/xiaomi-korea.txt --json
    """
    data = Path(path).read_bytes()
    try:
        if Path(path).suffix.lower() in SUPPORTED_SUFFIXES:
            # The same reading as an upload, so offsets match the text the review page stores.
            text = draft_from_file(path, data, max_bytes=current_app.config["MAX_ARTICLE_BYTES"],
                                   parse_budget=current_app.config["PARSE_BUDGET_SECONDS"]).text
        else:
            text = normalise_text(decode_upload(data))
    except ImportRejected as error:
        raise click.ClickException(str(error))
    if sentences:
        found = [{"text": s.text, "start": s.start, "end": s.end} for s in split_sentences(text)]
        if as_json:
            click.echo(json.dumps(found, ensure_ascii=False, indent=2))
        else:
            for sentence in found:
                click.echo(f"{sentence['start']}-{sentence['end']}\t{sentence['text']}")
        return
    try:
        claims = split_within(text, _budget(split_budget))
    except OverBudget as error:
        raise click.ClickException(str(error))
    if as_json:
        click.echo(json.dumps([claim_to_dict(claim) for claim in claims], ensure_ascii=False, indent=2))
        return
    for claim in claims:
        click.echo(f"{claim.start}-{claim.end}\t{claim.suggestion}\t{claim.key_phrase}\t{claim.text}")


@click.command("export")
@with_appcontext
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), default="csv", show_default=True,
              help="csv or jsonl: verdicts; snapshot: whole articles with history (for import-snapshot); "
                   "claimreview: schema.org JSON-LD of final verdicts.")
@click.option("--article", "article_id", type=int, help="Only this article.")
@click.option("--reviewer", help="Only this reviewer's verdicts.")
@click.option("--verdict", help="Only this verdict (sourced, speculative, unverified).")
@click.option("--since", help="Only verdicts last changed on or after this date (YYYY-MM-DD).")
@click.option("--until", help="Only verdicts last changed on or before this date (YYYY-MM-DD).")
@click.option("--claims", type=click.Choice(["live", "retired", "all"]), default="live", show_default=True,
              help="Whose verdicts: live claims, claims a fix of the split retired, or both.")
@click.option("--wide", is_flag=True, help="One row per claim: final verdict, then a column per reviewer.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write here, not to stdout.")
def export_command(fmt, article_id, reviewer, verdict, since, until, claims, wide, output):
    """Export verdicts, one row per reviewer's verdict on a claim (or, with --wide, per claim).

    Example: flask --app annotator export --format csv --article 1 -o verdicts.csv
    """
    db = get_db()
    try:
        export_filter = ExportFilter.parse(article_id, reviewer, verdict, since, until, claims)
        if article_id is not None:
            store.get_article(db, article_id)
    except (InvalidFilter, store.NotFound) as error:
        raise click.ClickException(str(error))
    config = current_app.config
    chunks = export_chunks(db, fmt, wide, export_filter, config["CLAIMREVIEW_ORGANISATION"],
                           config["CLAIMREVIEW_ORGANISATION_URL"])
    # newline="" so the CSV's own \r\n line ends are written as they are.
    out = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout
    try:
        for chunk in chunks:
            out.write(chunk)
    finally:
        if output:
            out.close()


@click.command("import-snapshot")
@with_appcontext
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def import_snapshot_command(path):
    """Import a snapshot made by `export --format snapshot`: articles, claims, verdicts, evidence, history.

    The articles are added as new ones (new ids); reviewers are matched by name, and names not found are
    created without a password (they cannot log in until an admin sets one). All or nothing.

    Example: flask --app annotator import-snapshot snapshot.jsonl
    """
    try:
        with open(path, encoding="utf-8") as lines:
            ids = interchange.load_articles(get_db(), lines, filename=path,
                                            max_bytes=current_app.config["MAX_ARTICLE_BYTES"])
    except (interchange.InterchangeError, UnicodeDecodeError) as error:
        raise click.ClickException(f"{error} Nothing was imported.")
    click.echo(f"Imported {len(ids)} article{'s' if len(ids) != 1 else ''}.")


@click.command("create-user")
@with_appcontext
@click.argument("name")
@click.option("--role", type=click.Choice(accounts.ROLES), default="reviewer", show_default=True)
@click.password_option(help="Asked for when not given; at least 8 characters.")
def create_user_command(name, role, password):
    """Create an account that can log in: reviewer (tags), lead (also adjudicates, exports), admin (everything).

    Example: flask --app annotator create-user ana --role admin
    """
    try:
        accounts.create_user(get_db(), name, password, role)
    except accounts.AccountError as error:
        raise click.ClickException(str(error))
    click.echo(f"Created {role} {name}.")


@click.command("set-password")
@with_appcontext
@click.argument("name")
@click.password_option(help="Asked for twice when not given; at least 8 characters.")
def set_password_command(name, password):
    """Give NAME a new password: every session of the account ends and a lock from wrong passwords lifts.

    Also gives a password to a reviewer a snapshot import created without one, so they can log in.

    Example: flask --app annotator set-password ana
    """
    db = get_db()
    try:
        accounts.set_password(db, accounts.find_user_id(db, name), password)
    except accounts.AccountError as error:
        raise click.ClickException(str(error))
    click.echo(f"New password set for {name}; their sessions have ended.")


@click.command("unlock")
@with_appcontext
@click.argument("name")
def unlock_command(name):
    """Let NAME log in again at once after too many wrong passwords, instead of waiting out the lock.

    Example: flask --app annotator unlock ana
    """
    db = get_db()
    try:
        was_locked = accounts.unlock(db, accounts.find_user_id(db, name))
    except accounts.AccountError as error:
        raise click.ClickException(str(error))
    click.echo(f"Unlocked {name}: they can log in again." if was_locked else f"{name} was not locked.")


COMMANDS = (import_command, split_command, export_command, import_snapshot_command, create_user_command,
            set_password_command, unlock_command)


def init_app(app):
    for command in COMMANDS:
        app.cli.add_command(command)
