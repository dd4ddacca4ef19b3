"""Reading and writing articles, claims, reviewers and verdicts; every function takes the database first."""
import json
from dataclasses import dataclass, field

from . import guidelines, rechecks
from .article_hash import content_hash
from .db import utc_now, write_transaction
from .history import record
from .scales import InvalidScale, claim_scale, default_scale_name
from .importing import ArticleDraft
from .text import VERDICTS, split_claims
from .urls import InvalidURL, web_url

MAX_NOTE_LENGTH = 5_000
MAX_REVIEWER_NAME_LENGTH = 60


class NotFound(LookupError):
    """An article or claim id that does not exist."""


class InvalidVerdict(ValueError):
    """A verdict form that cannot be saved; the message says why."""


@dataclass(frozen=True)
class Progress:
    tagged: int
    total: int
    sourced: int = 0
    speculative: int = 0
    unverified: int = 0
    # Verdicts per value of whatever scale the article uses (the three fields above are the sourcing scale's).
    counts: dict = field(default_factory=dict, compare=False)
    # The last verdict change when these were counted: two tags answered out of order must not leave the older
    # count on screen (static/app.js keeps the progress with the higher stamp). Not part of what a count is.
    stamp: int = field(default=0, compare=False)

    @property
    def percent(self) -> int:
        return round(100 * self.tagged / self.total) if self.total else 0


def add_article(db, draft: ArticleDraft) -> int:
    """Store an article with its claims in one transaction; return its id."""
    claims = split_claims(draft.text)
    with write_transaction(db):
        article_id = insert_article(db, draft, claims)
    return article_id


def add_article_once(db, draft: ArticleDraft, split=split_claims) -> int:
    """Store the article unless the very same one (title, URL and text) is stored already; return its id.

    A double-clicked import button or a re-sent form must not make two copies that reviewers tag apart.
    """
    return import_article(db, draft, split)[0]


def import_article(db, draft: ArticleDraft, split=split_claims) -> tuple[int, bool]:
    """add_article_once that also says whether it stored anything: (id, True) if new, (id of the copy, False) if not."""
    claims = split(draft.text)
    with write_transaction(db):
        same = list(db.query("select id from articles where title = ? and coalesce(url, '') = ? and text = ? "
                             "order by id limit 1", [draft.title, draft.url, draft.text]))
        if same:
            return same[0]["id"], False
        return insert_article(db, draft, claims), True


def add_articles(db, drafts, split=split_claims) -> list[int]:
    """Store several articles in one transaction: all of them or, on any error, none."""
    done = [(draft, split(draft.text)) for draft in drafts]
    with write_transaction(db):
        return [insert_article(db, draft, claims) for draft, claims in done]


def insert_article(db, draft: ArticleDraft, claims) -> int:
    """Insert one article and its claims; the caller owns the transaction."""
    article_id = db["articles"].insert({
        "title": draft.title, "url": draft.url, "author": draft.author, "published": draft.published,
        "source": draft.source, "filename": draft.filename, "text": draft.text, "created_at": utc_now(),
        "encoding": draft.encoding or None, "scale": default_scale_name(db),
    }).last_pk
    db["claims"].insert_all(
        {
            "article_id": article_id, "position": position, "text": claim.text,
            "start": claim.start, "end": claim.end, "key_phrase": claim.key_phrase,
            "suggestion": claim.suggestion, "confidence": claim.confidence, "cue": claim.cue,
            "explanation": claim.explanation, "places": json.dumps([list(place) for place in claim.places]),
            "is_claim": int(claim.is_claim), "reason": claim.reason, **intelligence_columns(claim),
        }
        for position, claim in enumerate(claims)
    )
    # Replaced, not inserted: SQLite may give a deleted article's id to a new one.
    db.execute("insert or replace into article_hashes (article_id, content_hash) values (?, ?)",
               [article_id, content_hash(draft.title, draft.url, draft.text)])
    return article_id


def intelligence_columns(claim) -> dict:
    """The claims-table columns of what the text core says about a claim beyond its verdict suggestion."""
    return {
        "checkworthiness": claim.checkworthiness, "checkworthy_reasons": json.dumps(list(claim.checkworthy_reasons)),
        "hedged": int(claim.hedged), "source": claim.source, "source_start": claim.source_start,
        "source_end": claim.source_end,
        "source_named": None if claim.source_named is None else int(claim.source_named),
        "reporting_verb": claim.reporting_verb,
    }


def list_articles(db, reviewer_id=None) -> list[dict]:
    """Articles newest first (archived ones left out), each with its claim count, claims tagged by anyone and by
    this reviewer.

    Lines the splitter marked "not a claim" are shown on the review page but left out of these counts.
    """
    return list(db.query(
        """
        select a.id, a.title, a.url, a.source, a.created_at,
          (select count(*) from live_claims c where c.article_id = a.id and c.is_claim) as claim_count,
          (select count(distinct v.claim_id) from verdicts v join live_claims c on c.id = v.claim_id
             where c.article_id = a.id and c.is_claim) as tagged_count,
          (select count(*) from verdicts v join live_claims c on c.id = v.claim_id
             where c.article_id = a.id and c.is_claim and v.reviewer_id = :reviewer) as my_tagged_count
        from articles a where a.archived_at is null order by a.id desc
        """,
        {"reviewer": reviewer_id},
    ))


def get_article(db, article_id: int) -> dict:
    rows = list(db.query("select * from articles where id = ?", [article_id]))
    if not rows:
        raise NotFound(f"Article {article_id} does not exist.")
    return rows[0]


def get_claim(db, claim_id: int) -> dict:
    rows = list(db.query("select * from claims where id = ?", [claim_id]))
    if not rows:
        raise NotFound(f"Claim {claim_id} does not exist.")
    return _with_places(rows[0])


def _with_places(row: dict) -> dict:
    row["places"] = [tuple(place) for place in json.loads(row["places"] or "[]")] or [(row["start"], row["end"])]
    # Claims stored before migration 0007 have no reasons (NULL): an empty list, and the page shows none.
    row["checkworthy_reasons"] = json.loads(row.get("checkworthy_reasons") or "[]")
    return row


def claims_for(db, article_id: int, reviewer_id=None) -> list[dict]:
    """An article's claims in reading order, each with this reviewer's verdict, evidence and note (or None).

    On a claim the reviewer has not tagged, evidence_url and note are those typed before tagging (untagged_notes).
    """
    rows = db.query(
        """
        select c.*, v.verdict, coalesce(v.evidence_url, n.evidence_url) as evidence_url,
          coalesce(v.note, n.note) as note, v.updated_at as verdict_updated_at, n.updated_at as note_saved_at
        from live_claims c left join verdicts v on v.claim_id = c.id and v.reviewer_id = :reviewer
          left join untagged_notes n on n.claim_id = c.id and n.reviewer_id = :reviewer
        where c.article_id = :article order by c.position
        """,
        {"article": article_id, "reviewer": reviewer_id},
    )
    return [_with_places(row) for row in rows]


def claim_with_verdict(db, claim_id: int, reviewer_id) -> dict:
    """One claim with this reviewer's verdict, as claims_for gives it."""
    claim = get_claim(db, claim_id)
    verdict = get_verdict(db, claim_id, reviewer_id)
    typed = verdict or get_untagged_note(db, claim_id, reviewer_id) or {}
    claim.update(verdict=(verdict or {}).get("verdict"), evidence_url=typed.get("evidence_url"),
                 note=typed.get("note"), verdict_updated_at=(verdict or {}).get("updated_at"),
                 note_saved_at=None if verdict else typed.get("updated_at"))
    return claim


def progress(db, article_id: int, reviewer_id) -> Progress:
    """How many of the article's claims this reviewer has tagged, in all and per verdict."""
    # Read before the counts: the counts then hold at least every change up to the stamp, never fewer.
    stamp = db.execute("select coalesce(max(id), 0) from verdict_history").fetchone()[0]
    counts = {row["verdict"]: row["n"] for row in db.query(
        """
        select v.verdict, count(*) as n
        from live_claims c join verdicts v on v.claim_id = c.id and v.reviewer_id = :reviewer
        where c.article_id = :article and c.is_claim group by v.verdict
        """,
        {"article": article_id, "reviewer": reviewer_id},
    )}
    total = next(db.query("select count(*) as n from live_claims where article_id = ? and is_claim",
                          [article_id]))["n"]
    return Progress(tagged=sum(counts.values()), total=total, sourced=counts.get("sourced", 0),
                    speculative=counts.get("speculative", 0), unverified=counts.get("unverified", 0),
                    counts=counts, stamp=stamp)


def reviewer_id_for(db, name: str) -> int:
    """The id of the reviewer with this name, created on first use."""
    name = " ".join(name.split())
    if not name:
        raise InvalidVerdict("Enter your name to start reviewing.")
    if len(name) > MAX_REVIEWER_NAME_LENGTH:
        raise InvalidVerdict(f"A name has at most {MAX_REVIEWER_NAME_LENGTH} characters.")
    with write_transaction(db):
        db.execute("insert or ignore into reviewers (name, created_at) values (?, ?)", [name, utc_now()])
        return next(db.query("select id from reviewers where name = ?", [name]))["id"]


def get_verdict(db, claim_id: int, reviewer_id) -> dict | None:
    rows = list(db.query("select * from verdicts where claim_id = ? and reviewer_id = ?", [claim_id, reviewer_id]))
    return rows[0] if rows else None


def get_untagged_note(db, claim_id: int, reviewer_id) -> dict | None:
    """The evidence URL and note this reviewer typed on a claim they have not tagged, or None."""
    rows = list(db.query("select * from untagged_notes where claim_id = ? and reviewer_id = ?",
                         [claim_id, reviewer_id]))
    return rows[0] if rows else None


def validate_note(evidence_url: str, note: str) -> tuple[str, str]:
    """Clean the evidence URL and note a reviewer typed, or InvalidVerdict with a message for the reviewer."""
    note = (note or "").strip()
    try:
        evidence_url = web_url(evidence_url, "evidence URL")
    except InvalidURL as error:
        raise InvalidVerdict(str(error)) from None
    if len(note) > MAX_NOTE_LENGTH:
        raise InvalidVerdict(f"The note is longer than {MAX_NOTE_LENGTH} characters.")
    return evidence_url, note


def validate_verdict(verdict: str, evidence_url: str, note: str, allowed=VERDICTS) -> tuple[str, str, str]:
    """Clean the fields of a verdict form, or InvalidVerdict with a message for the reviewer.

    allowed is the values of the article's scale a reviewer may choose (the sourcing scale's by default).
    """
    verdict = (verdict or "").strip()
    if verdict not in allowed:
        raise InvalidVerdict(f"Choose a verdict: {', '.join(allowed)}.")
    return (verdict, *validate_note(evidence_url, note))


def _allowed_verdicts(db, claim_id: int) -> tuple[str, ...]:
    """The values a reviewer may choose on this claim: its article's scale, retired values left out."""
    try:
        return tuple(value.name for value in claim_scale(db, claim_id).active)
    except InvalidScale as error:  # an article naming a scale that is gone: nothing can be saved until fixed
        raise InvalidVerdict(str(error)) from None


def _refuse_retired(db, claim_id: int):
    """InvalidVerdict if an edit of the split replaced the claim or its article is archived; call it under the lock.

    An archived article is out of the queues because the desk stopped work on it: its verdicts stay as they were
    (and in exports that ask for archived articles) until a lead restores it.
    """
    row = db.execute("select c.retired_at, a.archived_at from claims c join articles a on a.id = c.article_id "
                     "where c.id = ?", [claim_id]).fetchone()
    if row is None:
        raise NotFound(f"Claim {claim_id} does not exist.")
    if row[0]:
        raise InvalidVerdict("This claim was replaced when the split was fixed: reload the page.")
    if row[1]:
        raise InvalidVerdict("This article is archived: a lead or admin restores it before it is reviewed again.")


def append_verdict_history(db, claim_id, reviewer_id, changed_at, old: dict, new: dict, cause=None):
    """One verdict change, from old to new (dicts of verdict, evidence_url, note); the caller holds the lock.

    cause says why when the reviewer did not make the change themselves (a fix of the split carried it).
    """
    # Plain SQL, not db[table].insert: sqlite-utils looks the table up three times, and this runs under the
    # write lock on every tag (bench/tag_load.py).
    db.execute(
        "insert into verdict_history (claim_id, reviewer_id, changed_at, from_verdict, to_verdict, "
        "from_evidence_url, to_evidence_url, from_note, to_note, cause) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [claim_id, reviewer_id, changed_at, old.get("verdict"), new["verdict"], old.get("evidence_url"),
         new["evidence_url"], old.get("note"), new["note"], cause],
    )


def save_verdict(db, claim_id: int, reviewer_id: int, verdict: str, evidence_url: str | None = "",
                 note: str | None = "", seconds: int | None = None, cause: str | None = None,
                 reused_from: int | None = None) -> bool:
    """Set this reviewer's verdict on a claim, keeping the previous one in the history; True if anything changed.

    Saving the same verdict again (a double click, a replayed form) changes nothing and adds no history, except
    that it settles a re-check flag a fix of the split left: the reviewer looked again and kept the verdict.
    An evidence URL or note of None keeps the one stored. The first verdict on a claim takes over the URL and
    note typed before tagging: the history row starts from them, so undoing the tag gives them back. seconds (from
    timing.parse_seconds) is how long the reviewer took; the row also records the guidelines version in force.
    reused_from names the claim whose final verdict this one copies (seen before); any other save clears it.
    """
    verdict, *_ = validate_verdict(verdict, evidence_url or "", note or "", _allowed_verdicts(db, claim_id))
    now = utc_now()
    with write_transaction(db):
        # Checked under the write lock (NotFound for an unknown claim): another reviewer may have merged or
        # split this claim a moment ago.
        _refuse_retired(db, claim_id)
        # Again under the lock: an admin may have given the article another scale since the check above.
        validate_verdict(verdict, "", "", _allowed_verdicts(db, claim_id))
        old = get_verdict(db, claim_id, reviewer_id)
        untagged = None if old else get_untagged_note(db, claim_id, reviewer_id)
        stored = old or untagged or {}
        evidence_url, note = validate_note(stored.get("evidence_url") if evidence_url is None else evidence_url,
                                           stored.get("note") if note is None else note)
        rechecked = rechecks.clear(db, claim_id, reviewer_id, now)
        if old and (old["verdict"], old["evidence_url"] or "", old["note"] or "") == (verdict, evidence_url, note):
            return rechecked
        if untagged:
            db.execute("delete from untagged_notes where claim_id = ? and reviewer_id = ?", [claim_id, reviewer_id])
        db.execute(
            """
            insert into verdicts (claim_id, reviewer_id, verdict, evidence_url, note, created_at, updated_at,
              seconds, guidelines_version, reused_from)
            values (:claim, :reviewer, :verdict, :url, :note, :now, :now, :seconds, :guidelines, :reused_from)
            on conflict (claim_id, reviewer_id) do update set
              verdict = excluded.verdict, evidence_url = excluded.evidence_url,
              note = excluded.note, updated_at = excluded.updated_at,
              seconds = excluded.seconds, guidelines_version = excluded.guidelines_version,
              reused_from = excluded.reused_from
            """,
            {"claim": claim_id, "reviewer": reviewer_id, "verdict": verdict, "url": evidence_url,
             "note": note, "now": now, "seconds": seconds, "guidelines": guidelines.version_for_claim(db, claim_id),
             "reused_from": reused_from},
        )
        old = old or {"evidence_url": (untagged or {}).get("evidence_url"), "note": (untagged or {}).get("note")}
        append_verdict_history(db, claim_id, reviewer_id, now, old, {
            "verdict": verdict, "evidence_url": evidence_url, "note": note}, cause=cause)
    return True


def save_note(db, claim_id: int, reviewer_id: int, evidence_url: str, note: str) -> bool:
    """Keep the evidence URL and note a reviewer typed, tagged or not; True if anything changed.

    On a tagged claim they change the verdict's (its history gets the change, the verdict and any re-check flag
    stay as they are). On an untagged claim they are kept in untagged_notes, which is not a verdict: progress,
    agreement and exports do not count it. Each change is appended to claim_history.
    """
    evidence_url, note = validate_note(evidence_url, note)
    now = utc_now()
    with write_transaction(db):
        _refuse_retired(db, claim_id)
        verdict = get_verdict(db, claim_id, reviewer_id)
        if verdict:
            if (verdict["evidence_url"] or "", verdict["note"] or "") == (evidence_url, note):
                return False
            db.execute("update verdicts set evidence_url = ?, note = ?, updated_at = ? where id = ?",
                       [evidence_url, note, now, verdict["id"]])
            append_verdict_history(db, claim_id, reviewer_id, now, verdict, {
                "verdict": verdict["verdict"], "evidence_url": evidence_url, "note": note})
            return True
        old = get_untagged_note(db, claim_id, reviewer_id) or {}
        if (old.get("evidence_url") or "", old.get("note") or "") == (evidence_url, note):
            return False
        _keep_untagged_note(db, claim_id, reviewer_id, evidence_url, note, now)
        for action, before, after in (("evidence URL", old.get("evidence_url") or "", evidence_url),
                                      ("note", old.get("note") or "", note)):
            if before != after:
                record(db, claim_id, reviewer_id, action, before or None, after or None, now)
    return True


def _keep_untagged_note(db, claim_id, reviewer_id, evidence_url, note, now):
    """Store (or, when both are empty, drop) a reviewer's typed text on an untagged claim; the caller holds the lock."""
    if not (evidence_url or note):
        db.execute("delete from untagged_notes where claim_id = ? and reviewer_id = ?", [claim_id, reviewer_id])
        return
    db.execute(
        """insert into untagged_notes (claim_id, reviewer_id, evidence_url, note, updated_at) values (?, ?, ?, ?, ?)
           on conflict (claim_id, reviewer_id) do update set evidence_url = excluded.evidence_url,
             note = excluded.note, updated_at = excluded.updated_at""",
        [claim_id, reviewer_id, evidence_url, note, now])


def undo_last_change(db, claim_id: int, reviewer_id: int) -> bool:
    """Put this reviewer's verdict on the claim back as it was before their last change; False if none.

    The undo is itself a change: it is appended to the history, and undoing twice redoes.
    """
    now = utc_now()
    with write_transaction(db):
        _refuse_retired(db, claim_id)
        last = list(db.query(
            "select * from verdict_history where claim_id = ? and reviewer_id = ? order by id desc limit 1",
            [claim_id, reviewer_id]))
        if not last:
            return False
        last = last[0]
        current = get_verdict(db, claim_id, reviewer_id)
        before = {"verdict": current and current["verdict"],
                  "evidence_url": current["evidence_url"] if current else None,
                  "note": current["note"] if current else None}
        after = {"verdict": last["from_verdict"], "evidence_url": last["from_evidence_url"],
                 "note": last["from_note"]}
        if last["from_verdict"] is not None and last["from_verdict"] not in claim_scale(db, claim_id).names:
            # The article moved to another scale since (possible only once this verdict was gone or changed).
            raise InvalidVerdict(f"Your verdict before was {last['from_verdict']!r}, which this article's scale "
                                 "no longer has: choose one of its verdicts instead.")
        if last["from_verdict"] is None:
            # Untagging keeps the URL and note that were typed before the tag, as typed text, not a verdict.
            db.execute("delete from verdicts where claim_id = ? and reviewer_id = ?", [claim_id, reviewer_id])
            _keep_untagged_note(db, claim_id, reviewer_id, after["evidence_url"] or "", after["note"] or "", now)
        else:
            if current is None:
                # Redoing a tag: text typed since the untag wins over the one the tag had.
                untagged = get_untagged_note(db, claim_id, reviewer_id)
                if untagged:
                    after.update(evidence_url=untagged["evidence_url"], note=untagged["note"])
                    db.execute("delete from untagged_notes where claim_id = ? and reviewer_id = ?",
                               [claim_id, reviewer_id])
            db.execute(
                """insert into verdicts (claim_id, reviewer_id, verdict, evidence_url, note, created_at, updated_at)
                   values (:claim, :reviewer, :verdict, :url, :note, :now, :now)
                   on conflict (claim_id, reviewer_id) do update set verdict = excluded.verdict,
                     evidence_url = excluded.evidence_url, note = excluded.note, updated_at = excluded.updated_at""",
                {"claim": claim_id, "reviewer": reviewer_id, "verdict": after["verdict"],
                 "url": after["evidence_url"], "note": after["note"], "now": now})
        append_verdict_history(db, claim_id, reviewer_id, now, before, after)
    return True
