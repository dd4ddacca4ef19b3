"""The flask commands: import articles, split a text file, export verdicts."""
import json
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from . import accounts, export_jobs, import_batches, interchange, lifecycle, scales, store
from .text import claim_to_dict, split_sentences
from .db import get_db
from .scale_cli import scale_group
from .export_rows import (ARCHIVED_CHOICES, FORMATS, ExportFilter, InvalidFilter, archived_refusal,
                          claimreview_refusals, export_chunks)
from .matching import commands as matching_commands
from .matching.stored import match_after_import
from .importing import (SUPPORTED_SUFFIXES, ImportRejected, OverBudget, decode_jsonl, decode_upload,
                        draft_from_file, drafts_from_jsonl, normalise_text, split_within)
from .progress import Counter, progress_bar, quiet_option


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


def _is_snapshot(lines) -> bool:
    """Whether a JSON Lines file's first record is a snapshot's article line ({"article", "claims", ...})."""
    first = next((line for line in lines if line.strip()), "")
    try:
        record = json.loads(first)
    except json.JSONDecodeError:
        return False  # drafts_from_jsonl names the bad line
    return isinstance(record, dict) and isinstance(record.get("article"), dict) and "claims" in record


@click.command("import")
@with_appcontext
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@split_budget_option
@click.option("--atomic", is_flag=True,
              help="Write every article in one transaction: all or nothing, but reviewers' saves wait until the end.")
@quiet_option
def import_command(paths, split_budget, atomic, quiet):
    """Import articles from .txt, .md, .html or .jsonl files, or folders of them.

    A JSON Lines file holds one {"title", "url", "text"} object a line. Every file is read and split first:
    if any is rejected (also one whose split takes longer than --split-budget), nothing is imported. Then the
    articles are written in short batches, so reviewers can keep saving; articles already stored (same title,
    URL and text) are skipped, so a rerun after a failure imports only what is missing.

    Example: flask --app annotator import articles/ feed.jsonl
    """
    max_bytes = current_app.config["MAX_ARTICLE_BYTES"]
    drafts = []
    files = list(_files_under(paths))
    try:
        with progress_bar(len(files), "Reading files", quiet) as bar:
            for path in files:
                drafts.extend(_read_drafts(path, max_bytes))
                bar.update(1)
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
            raise click.ClickException(f"{draft.filename} ({draft.title}): {error} Nothing was imported.")

    with progress_bar(len(drafts), "Splitting articles", quiet) as bar:
        prepared = import_batches.prepare(drafts, split, progress=lambda: bar.update(1))
    db = get_db()
    with progress_bar(len(import_batches.missing(db, prepared)), "Writing articles", quiet) as bar:
        try:
            outcome = import_batches.write(db, prepared, source=" ".join(paths), atomic=atomic, progress=bar.update)
        except import_batches.ImportStopped as stopped:
            _report_import(stopped.outcome)
            _match(db, stopped.outcome.ids)
            raise click.ClickException(f"{stopped} Run the same command again to import the rest.")
    _report_import(outcome)
    _match(db, outcome.ids)


def _match(db, ids):
    """Seen before: the new articles' claims against earlier ones, after the import's writes, outside the lock."""
    if not ids:
        return
    matched = match_after_import(db, ids, current_app.config["MATCH_BUDGET_SECONDS"])
    if matched and matched.stopped:
        click.echo(f"Seen before: matched {matched.articles} of {len(ids)} articles within "
                   f"{current_app.config['MATCH_BUDGET_SECONDS']:g} s; run `flask --app annotator reindex` to match "
                   "the rest.", err=True)


def _report_import(outcome):
    for article_id, item in zip(outcome.ids, outcome.written):
        click.echo(f"{article_id}\t{item.draft.title}")
        if item.draft.encoding:
            click.echo(f"{item.draft.filename}: read as {item.draft.encoding} (the file is not UTF-8).", err=True)
    if outcome.skipped:
        click.echo(f"Skipped {outcome.skipped} article{'s' if outcome.skipped != 1 else ''} already imported "
                   "(same title, URL and text).", err=True)
    count = len(outcome.ids)
    if outcome.batches:
        click.echo(f"Wrote them in {outcome.batches} batch{'es' if outcome.batches != 1 else ''}; the longest held "
                   f"the write lock {outcome.longest_batch * 1000:.0f} ms.", err=True)
    click.echo(f"Imported {count} article{'s' if count != 1 else ''}.", err=True)


def _read_drafts(path: Path, max_bytes: int) -> list:
    """The article drafts of one file: a JSON Lines file's every line, or the one article of a text file."""
    if path.suffix.lower() == ".jsonl":
        # Split on \n only, as reading the file did: a JSON string may hold a raw U+2028.
        lines = decode_jsonl(path.read_bytes(), filename=str(path)).split("\n")
        if _is_snapshot(lines):
            raise click.ClickException(
                f"{path} is a snapshot (export --format snapshot), with verdicts and history: load it with "
                f"`flask --app annotator import-snapshot {path}`. Nothing was imported.")
        return list(drafts_from_jsonl(lines, filename=str(path), max_bytes=max_bytes))
    return [draft_from_file(path.name, path.read_bytes(), source="cli", max_bytes=max_bytes,
                            parse_budget=current_app.config["PARSE_BUDGET_SECONDS"])]


class InputOffsets:
    """Offsets into the text an article is stored as, moved to the file's own text (as decoded)."""

    # Storing trims the ends, turns \r\n and \r into \n and takes a Markdown title off, so a claim at 0 of the
    # stored text is at 1 of a file opening with a blank line; `split` answers in the file's offsets, so that
    # file_text[start:end] is the claim. An HTML page's article text is extracted, not sliced: its offsets stay.

    def __init__(self, given: str, text: str):
        chars, self.origins = [], []
        i = 0
        while i < len(given):
            width = 2 if given.startswith("\r\n", i) else 1
            chars.append("\n" if given[i] == "\r" else given[i])
            self.origins.append((i, i + width))
            i += width
        normalised = "".join(chars).rstrip()
        # The stored text is the end of the normalised file (a Markdown title line goes before it).
        self.base = len(normalised) - len(text) if text and normalised.endswith(text) else None

    def offset(self, value: int | None, end: bool = False) -> int | None:
        """One offset of the stored text in the file; an end offset points just after its last character."""
        if value is None or self.base is None:
            return value
        if end:
            return self.origins[self.base + value - 1][1]
        return self.origins[self.base + value][0]

    def span(self, start: int, end: int) -> dict:
        return {"start": self.offset(start), "end": self.offset(end, end=True)}

    def claim(self, claim: dict) -> dict:
        """A claim_to_dict with its offsets, places and source's offsets in the file's text."""
        return {**claim, **self.span(claim["start"], claim["end"]),
                "places": [list(self.span(*place).values()) for place in claim["places"]],
                "source_start": self.offset(claim["source_start"]),
                "source_end": self.offset(claim["source_end"], end=True)}


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
        given = decode_upload(data)
        if Path(path).suffix.lower() in SUPPORTED_SUFFIXES:
            # The same reading as an upload, so the claims are the ones the review page shows.
            text = draft_from_file(path, data, max_bytes=current_app.config["MAX_ARTICLE_BYTES"],
                                   parse_budget=current_app.config["PARSE_BUDGET_SECONDS"]).text
        else:
            text = normalise_text(given)
    except ImportRejected as error:
        raise click.ClickException(str(error))
    at = InputOffsets(given, text)
    if sentences:
        found = [{"text": s.text, **at.span(s.start, s.end)} for s in split_sentences(text)]
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
        click.echo(json.dumps([at.claim(claim_to_dict(claim)) for claim in claims], ensure_ascii=False, indent=2))
        return
    for claim in claims:
        span = at.span(claim.start, claim.end)
        click.echo(f"{span['start']}-{span['end']}\t{claim.suggestion}\t{claim.key_phrase}\t{claim.text}")


@click.command("export")
@with_appcontext
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), default="csv", show_default=True,
              help="csv or jsonl: verdicts; snapshot: whole articles with history (for import-snapshot); "
                   "claimreview: schema.org JSON-LD of final verdicts.")
@click.option("--article", "article_id", type=int, help="Only this article.")
@click.option("--reviewer", help="Only this reviewer's verdicts.")
@click.option("--verdict", help="Only this verdict: a value of a scale (sourced, mostly true...; `scale list`).")
@click.option("--since", help="Only verdicts last changed on or after this date (YYYY-MM-DD).")
@click.option("--until", help="Only verdicts last changed on or before this date (YYYY-MM-DD).")
@click.option("--claims", type=click.Choice(["live", "retired", "all"]), default="live", show_default=True,
              help="Whose verdicts: live claims, claims a fix of the split retired, or both.")
@click.option("--archived", type=click.Choice(list(ARCHIVED_CHOICES)), default="exclude", show_default=True,
              help="Whose verdicts: articles not archived, all of them, or only archived ones. A snapshot always "
                   "holds every article, archived ones with their archived state.")
@click.option("--wide", is_flag=True, help="One row per claim: final verdict, then a column per reviewer.")
@click.option("--excel", is_flag=True, help="CSV for Excel: a UTF-8 byte order mark first, so accents and curly "
              "quotes survive Excel on Windows.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write here, not to stdout.")
@quiet_option
def export_command(fmt, article_id, reviewer, verdict, since, until, claims, archived, wide, excel, output, quiet):
    """Export verdicts, one row per reviewer's verdict on a claim (or, with --wide, per claim).

    A snapshot written in full is recorded as downloaded: `article delete` then accepts its articles.

    Example: flask --app annotator export --format csv --article 1 -o verdicts.csv
    """
    db = get_db()
    try:
        export_filter = ExportFilter.parse(article_id, reviewer, verdict, since, until, claims, archived,
                                           scales.every_value_name(db))
        if article_id is not None:
            store.get_article(db, article_id)
    except (InvalidFilter, store.NotFound) as error:
        raise click.ClickException(str(error))
    if fmt != "snapshot" and (refusal := archived_refusal(db, export_filter, ask="--archived include")):
        raise click.ClickException(refusal)
    config = current_app.config
    # A bar only for a file: on stdout the export itself is the output. Verdict formats count rows; a snapshot
    # counts articles, a line each.
    if fmt in ("csv", "jsonl"):
        total, label = export_jobs.row_count(db, wide, export_filter), "Exporting rows"
    elif fmt == "snapshot":
        total, label = len(_snapshot_articles(db, export_filter)), "Exporting articles"
    else:
        total, label = 0, ""
    with progress_bar(total, label, quiet or not output or not label) as bar:
        counter = Counter(bar)
        chunks = export_chunks(db, fmt, wide, export_filter, config["CLAIMREVIEW_ORGANISATION"],
                               config["CLAIMREVIEW_ORGANISATION_URL"],
                               url_template=config.get("CLAIMREVIEW_URL_TEMPLATE", ""), excel=excel,
                               progress=counter if fmt in ("csv", "jsonl") else None)
        if fmt == "claimreview":
            for refusal in claimreview_refusals(db, export_filter):
                click.echo(refusal, err=True)
        # newline="" so the CSV's own \r\n line ends are written as they are.
        out = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout
        try:
            for chunk in chunks:
                out.write(chunk)
                if fmt == "snapshot":
                    bar.update(1)
        finally:
            if output:
                out.close()


def _snapshot_articles(db, export_filter) -> list:
    if export_filter.article_id is not None:
        return [export_filter.article_id]
    return [row["id"] for row in db.query("select id from articles")]


@click.command("import-snapshot")
@with_appcontext
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@quiet_option
def import_snapshot_command(path, quiet):
    """Import a snapshot made by `export --format snapshot`: articles, claims, verdicts, evidence, history.

    The articles are added as new ones (new ids); reviewers are matched by name, and names not found are
    created without a password (they cannot log in until an admin sets one). All or nothing.

    Example: flask --app annotator import-snapshot snapshot.jsonl
    """
    try:
        with open(path, encoding="utf-8") as lines:
            lines = lines.readlines()
        with progress_bar(sum(1 for line in lines if line.strip()), "Importing articles", quiet) as bar:
            ids = interchange.load_articles(get_db(), lines, filename=path,
                                            max_bytes=current_app.config["MAX_ARTICLE_BYTES"],
                                            progress=lambda: bar.update(1))
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


def _article_or_fail(db, article_id: int) -> dict:
    try:
        return store.get_article(db, article_id)
    except store.NotFound as error:
        raise click.ClickException(str(error))


@click.group("article")
def article_group():
    """Edit an article's title, URL, author and date; archive, restore or delete it for good.

    Example: flask --app annotator article edit 3 --title "Port reopens after strike"
    """


@article_group.command("edit")
@with_appcontext
@click.argument("article_id", type=int)
@click.option("--title", help="The new title (required to be non-empty, at most 300 characters).")
@click.option("--url", help="The source URL (http or https); an empty string clears it.")
@click.option("--author", help="The author; an empty string clears it.")
@click.option("--date", "published", help="The publication date, ISO 8601 (2026-11-25); an empty string clears it.")
def article_edit_command(article_id, title, url, author, published):
    """Change an article's title, URL, author or date; each change goes to the article's history.

    Example: flask --app annotator article edit 3 --url https://news.example/port --date 2026-11-25
    """
    db = get_db()
    _article_or_fail(db, article_id)
    if all(value is None for value in (title, url, author, published)):
        raise click.UsageError("Give at least one of --title, --url, --author, --date.")
    try:
        changed = lifecycle.edit_article(db, article_id, None, title=title, url=url, author=author,
                                         published=published)
    except lifecycle.ArticleRefused as error:
        raise click.ClickException(str(error))
    click.echo(f"Article {article_id}: changed {', '.join(changed)}." if changed
               else f"Article {article_id}: nothing changed.")


@article_group.command("archive")
@with_appcontext
@click.argument("article_id", type=int)
def article_archive_command(article_id):
    """Archive an article: it leaves the lists, queues and default exports and keeps every verdict.

    Example: flask --app annotator article archive 3
    """
    db = get_db()
    title = _article_or_fail(db, article_id)["title"]
    done = lifecycle.archive_article(db, article_id, None)
    click.echo(f"Archived article {article_id} ({title})." if done else f"Article {article_id} was archived already.")


@article_group.command("restore")
@with_appcontext
@click.argument("article_id", type=int)
def article_restore_command(article_id):
    """Bring an archived article back to the lists and queues.

    Example: flask --app annotator article restore 3
    """
    db = get_db()
    title = _article_or_fail(db, article_id)["title"]
    done = lifecycle.restore_article(db, article_id, None)
    click.echo(f"Restored article {article_id} ({title})." if done else f"Article {article_id} is not archived.")


@article_group.command("delete")
@with_appcontext
@click.argument("article_id", type=int)
@click.option("--yes", is_flag=True, help="Do not ask for the article's id or title to be typed.")
def article_delete_command(article_id, yes):
    """Delete an article for good, with its claims, verdicts and history, in one transaction.

    Refused while it holds verdicts, final verdicts, evidence or notes, unless a snapshot of it as it is now was
    written (`export --format snapshot --article ID -o FILE`). Asks for its id or title unless --yes.

    Example: flask --app annotator article delete 3 --yes
    """
    db = get_db()
    article = _article_or_fail(db, article_id)
    how = f"write its snapshot (export --format snapshot --article {article_id} -o FILE)"
    refusal = lifecycle.delete_refusal(db, article_id, how)
    if refusal:
        raise click.ClickException(refusal)
    typed = str(article_id) if yes else click.prompt(
        f"Type the id ({article_id}) or title of “{article['title']}” to delete it for good", default="",
        show_default=False)
    try:
        summary = lifecycle.delete_article(db, article_id, None, typed, how)
    except lifecycle.ArticleRefused as error:
        raise click.ClickException(str(error))
    click.echo(f"Deleted article {article_id} ({summary['title']}) and its {summary['claims']} claims for good.")


ARTICLE_COMMANDS = (article_edit_command, article_archive_command, article_restore_command, article_delete_command)

def _figures(entry: dict) -> str:
    return f"accuracy {entry['accuracy']:.3f}, macro-F1 {entry['macro_f1']:.3f}"


@click.command("learn")
@with_appcontext
def learn_command():
    """Retrain the suggestions on the desk's settled verdicts and print both methods' held-out figures.

    Settled: a lead's final verdict, else the verdict all of a claim's reviewers agree on; "not a claim" marks are
    learnt too. Per scale, the learnt model takes over only if it beats the built-in rules on held-out articles;
    untagged claims are then suggested again.

    Example: flask --app annotator learn
    """
    from .learning import CLAIM_SCALE, SCALE, model_file
    from .learning.training import retrain
    try:
        outcome = retrain(get_db(), model_file.path_in(current_app.instance_path))
    except ImportError as error:
        raise click.ClickException(f"Learning needs scikit-learn ({error}): pip install -r requirements.txt")
    model = outcome.model
    click.echo(f"Model {model['version']}: {model['verdict_count']} settled verdicts.")
    for scale, what in ((SCALE, "Verdicts"), (CLAIM_SCALE, "Claim or not a claim")):
        entry = model["scales"][scale]
        held = entry["held_out"]
        if held is None:
            click.echo(f"{what} ({entry['verdicts']} answers): too few to compare on held-out articles, "
                       "the built-in rules suggest.")
            continue
        click.echo(f"{what} ({entry['verdicts']} answers), held out ({held['folds']}-fold cross-validation by "
                   f"article, {held['articles']} articles):")
        click.echo(f"  learnt      {_figures(held['learnt'])}")
        click.echo(f"  built-in    {_figures(held['built-in'])}")
        click.echo(f"  learnt right where the rules were wrong: {held['learnt_right_built_in_wrong']}, "
                   f"the reverse: {held['built_in_right_learnt_wrong']} (sign test p = {held['p']:.3f})")
        click.echo("  The learnt model suggests from now on." if entry["active"]
                   else "  The built-in rules keep suggesting (the learnt model did not beat them).")
    click.echo(f"{outcome.resuggested} untagged claim{'s' if outcome.resuggested != 1 else ''} changed.")



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
            set_password_command, unlock_command, article_group, learn_command, scale_group,
            *matching_commands.COMMANDS)


def init_app(app):
    for command in COMMANDS:
        app.cli.add_command(command)
