"""Fixing the split of an article into claims: merge, split, new boundaries, add, "not a claim", undo; and paging."""
import json
import re
from dataclasses import dataclass

from . import carry
from .db import utc_now, write_transaction
from .history import record
from .store import intelligence_columns
from .text import describe_span

MAX_REASON_LENGTH = 300

# The review page lists every claim of an article of up to ONE_PAGE claims (most news articles), and longer ones
# CLAIMS_PER_PAGE at a time: a 1,000-claim article stays one light page that opens at once, while the article
# text beside the list still shows every claim.
ONE_PAGE = 60
CLAIMS_PER_PAGE = 25


class EditRefused(ValueError):
    """An edit that would break the claims (empty, overlapping, not adjacent...); the message says why."""


class ClaimNotFound(LookupError):
    """A claim or article id that does not exist."""


class NeedsConfirmation(Exception):
    """An edit that would retire claims reviewers have tagged, asked for without confirmation; nothing was written.

    The message says what would happen to the verdicts ("3 verdicts by 2 reviewers will be carried or flagged").
    """


def _live_claim(db, claim_id: int) -> dict:
    rows = list(db.query("select * from claims where id = ?", [claim_id]))
    if not rows:
        raise ClaimNotFound(f"Claim {claim_id} does not exist.")
    claim = rows[0]
    if claim["retired_at"]:
        raise EditRefused(f"Claim {claim_id} was already replaced by another edit: reload the page.")
    return claim


def _places(claim: dict) -> list[tuple[int, int]]:
    return [tuple(place) for place in json.loads(claim["places"] or "[]")] or [(claim["start"], claim["end"])]


def _article_text(db, article_id: int) -> str:
    rows = list(db.query("select text from articles where id = ?", [article_id]))
    if not rows:
        raise ClaimNotFound(f"Article {article_id} does not exist.")
    return rows[0]["text"]


def trimmed_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The span inside text[start:end] without its leading and trailing whitespace; EditRefused if nothing is left."""
    if not 0 <= start < end <= len(text):
        raise EditRefused(f"Choose a start and end between 0 and {len(text)}, the start before the end.")
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        raise EditRefused("That would make an empty claim: choose some text.")
    return start, end


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _nested(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] <= b[0] and b[1] <= a[1] or b[0] <= a[0] and a[1] <= b[1]


def _check_no_new_overlap(db, article_id: int, spans, replaced: list[dict]):
    """Refuse spans that overlap another live claim, unless the claims they replace already overlapped it.

    A pull quote repeated inside a longer sentence is one claim with a place nested in that sentence: editing the
    sentence must stay possible, so only overlaps the edit creates are refused.
    """
    replaced_ids = {claim["id"] for claim in replaced}
    old_spans = [place for claim in replaced for place in _places(claim)]
    for other in db.query("select * from live_claims where article_id = ?", [article_id]):
        if other["id"] in replaced_ids:
            continue
        for place in _places(other):
            for span in spans:
                # An overlap the replaced claims had is allowed only while it stays a clean nesting: a span
                # crossing a nested place would leave that place impossible to mark in the article.
                if _overlaps(span, place) and not (_nested(span, place)
                                                   and any(_overlaps(old, place) for old in old_spans)):
                    raise EditRefused(
                        f"That would overlap claim {other['position'] + 1} (“{_short(other['text'])}”): "
                        "change or merge that claim instead.")


def _short(text: str, length: int = 40) -> str:
    return text if len(text) <= length else text[:length - 1] + "…"


def _insert_claim(db, article_id: int, text: str, span: tuple[int, int], edit: str) -> int:
    """A new live claim at span with its key phrase and suggestion computed afresh; positions are renumbered after."""
    # Analysed in its article, so a quotation's speaker outside the span is still found. A claim a reviewer made
    # by hand is a claim (is_claim 1) whatever the check-worthiness score says.
    claim = describe_span(text, span[0], span[1])
    return db["claims"].insert({
        "article_id": article_id, "position": -1, "text": claim.text, "start": span[0], "end": span[1],
        "key_phrase": claim.key_phrase, "suggestion": claim.suggestion, "confidence": claim.confidence,
        "cue": claim.cue, "explanation": claim.explanation, "places": json.dumps([list(span)]),
        "is_claim": 1, "reason": "", "edit": edit, **intelligence_columns(claim),
    }).last_pk


def _retire(db, claim: dict, actor_id: int, now: str):
    db.execute("update claims set retired_at = ?, retired_by = ? where id = ?", [now, actor_id, claim["id"]])


def _record_edit(db, article_id: int, kind: str, actor_id: int, now: str, old_ids, new_ids, undoes=None) -> int:
    """The edit as a row with the claims it retired and made; the caller owns the transaction."""
    edit_id = db["claim_edits"].insert({"article_id": article_id, "kind": kind, "actor_id": actor_id,
                                        "made_at": now, "undoes": undoes}).last_pk
    db.conn.executemany("insert into claim_replacements (edit_id, old_claim_id, new_claim_id) values (?, ?, ?)",
                        [(edit_id, old, new) for old in old_ids or [None] for new in new_ids or [None]])
    return edit_id


def _mark_history(db, edit_id: int):
    """Remember the last verdict change the edit itself made: an undo asks first if reviewers changed any since."""
    mark = next(db.query("select coalesce(max(id), 0) as mark from verdict_history"))["mark"]
    db.execute("update claim_edits set history_mark = ? where id = ?", [mark, edit_id])


def _retire_tagged(db, kind: str, old_claims: list[dict], new_count: int, confirmed: bool) -> carry.CarryPlan:
    """The carry for retiring these claims; NeedsConfirmation if reviewers tagged them and nobody confirmed."""
    carry_plan = carry.plan(db, kind, old_claims)
    if (carry_plan.verdicts or carry_plan.final or carry_plan.finals_left) and not confirmed:
        raise NeedsConfirmation(carry_plan.summary(new_count))
    return carry_plan


def _finish(db, article_id: int, kind: str, actor_id: int, now: str, old_claims, new_ids, carry_plan, cause: str):
    """Record the edit, carry the verdicts to the new claims and renumber; returns the edit's id."""
    edit_id = _record_edit(db, article_id, kind, actor_id, now, [c["id"] for c in old_claims], new_ids)
    if carry_plan is not None:
        carry.apply(db, carry_plan, edit_id, new_ids, cause, now, [c["id"] for c in old_claims])
    _mark_history(db, edit_id)
    renumber(db, article_id)
    return edit_id


def renumber(db, article_id: int):
    """Give the article's live claims positions 0, 1, 2... in reading order; the caller owns the transaction."""
    ids = [row["id"] for row in db.query(
        'select id from live_claims where article_id = ? order by start, "end", id', [article_id])]
    db.conn.executemany("update claims set position = ? where id = ?", [(i, claim_id) for i, claim_id in enumerate(ids)])


def _describe(claim_id: int, span: tuple[int, int]) -> str:
    return f"claim {claim_id} [{span[0]}:{span[1]}]"


def _span(claim: dict) -> tuple[int, int]:
    return claim["start"], claim["end"]


def neighbours(db, claim_id: int) -> tuple[dict | None, dict | None]:
    """The live claims just before and after this one in reading order (None at either end)."""
    claim = _live_claim(db, claim_id)
    before = list(db.query(
        "select * from live_claims where article_id = ? and position < ? order by position desc limit 1",
        [claim["article_id"], claim["position"]]))
    after = list(db.query(
        "select * from live_claims where article_id = ? and position > ? order by position limit 1",
        [claim["article_id"], claim["position"]]))
    return (before[0] if before else None), (after[0] if after else None)


def merge(db, claim_id: int, other_id: int, actor_id: int, confirmed: bool = True) -> int:
    """Replace two adjacent claims by one spanning both; returns its id.

    A reviewer whose verdicts on the two agree keeps that verdict on the new claim; one whose verdicts differ (or
    who tagged only one) is flagged to re-check it. Unconfirmed, an edit of tagged claims is NeedsConfirmation.
    """
    now = utc_now()
    with write_transaction(db):
        claim, other = _live_claim(db, claim_id), _live_claim(db, other_id)
        if claim["article_id"] != other["article_id"]:
            raise EditRefused(f"Claim {other_id} belongs to another article: only adjacent claims can be merged.")
        if abs(claim["position"] - other["position"]) != 1:
            raise EditRefused("Only two claims next to each other can be merged.")
        first, second = sorted((claim, other), key=lambda row: row["position"])
        text = _article_text(db, claim["article_id"])
        span = trimmed_span(text, min(first["start"], second["start"]), max(first["end"], second["end"]))
        _check_no_new_overlap(db, claim["article_id"], [span], [first, second])
        carry_plan = _retire_tagged(db, "merge", [first, second], 1, confirmed)
        for old in (first, second):
            _retire(db, old, actor_id, now)
        edit = f"merge of {first['id']} and {second['id']}"
        new_id = _insert_claim(db, claim["article_id"], text, span, edit)
        for old in (first, second):
            record(db, old["id"], actor_id, "merge", _describe(old["id"], _span(old)),
                   f"merged into {_describe(new_id, span)}", changed_at=now)
        record(db, new_id, actor_id, "merge", f"claims {first['id']} and {second['id']}", _describe(new_id, span),
               changed_at=now)
        _finish(db, claim["article_id"], "merge", actor_id, now, [first, second], [new_id], carry_plan, edit)
    return new_id


def split(db, claim_id: int, at: int, actor_id: int, confirmed: bool = True) -> tuple[int, int]:
    """Replace a claim by two, cut `at` characters after its start; returns their ids.

    Both inherit every reviewer's verdict on the claim, flagged to re-check.
    """
    now = utc_now()
    with write_transaction(db):
        claim = _live_claim(db, claim_id)
        length = claim["end"] - claim["start"]
        if not 0 < at < length:
            raise EditRefused(f"Choose a split point inside the claim: between 1 and {length - 1} characters.")
        text = _article_text(db, claim["article_id"])
        cut = claim["start"] + at
        try:
            spans = [trimmed_span(text, claim["start"], cut), trimmed_span(text, cut, claim["end"])]
        except EditRefused:
            raise EditRefused("That split would leave an empty claim: choose a point between two words.") from None
        _check_no_new_overlap(db, claim["article_id"], spans, [claim])
        carry_plan = _retire_tagged(db, "split", [claim], 2, confirmed)
        _retire(db, claim, actor_id, now)
        new_ids = tuple(_insert_claim(db, claim["article_id"], text, span, f"split of {claim_id}") for span in spans)
        record(db, claim_id, actor_id, "split", _describe(claim_id, _span(claim)),
               " and ".join(_describe(new_id, span) for new_id, span in zip(new_ids, spans)), changed_at=now)
        for new_id, span in zip(new_ids, spans):
            record(db, new_id, actor_id, "split", _describe(claim_id, _span(claim)), _describe(new_id, span),
                   changed_at=now)
        _finish(db, claim["article_id"], "split", actor_id, now, [claim], new_ids, carry_plan, f"split of {claim_id}")
    return new_ids


def set_boundaries(db, claim_id: int, start: int, end: int, actor_id: int, confirmed: bool = True) -> int:
    """Replace a claim by one with new start and end offsets in the article (trimmed); returns the live claim's id.

    The same boundaries again change nothing. The new claim inherits every reviewer's verdict, flagged to re-check:
    the verdict was given on the old text, which keeps it on the retired claim.
    """
    now = utc_now()
    with write_transaction(db):
        claim = _live_claim(db, claim_id)
        text = _article_text(db, claim["article_id"])
        span = trimmed_span(text, start, end)
        if span == _span(claim):
            return claim_id
        _check_no_new_overlap(db, claim["article_id"], [span], [claim])
        carry_plan = _retire_tagged(db, "boundaries", [claim], 1, confirmed)
        _retire(db, claim, actor_id, now)
        new_id = _insert_claim(db, claim["article_id"], text, span, f"boundaries of {claim_id}")
        record(db, claim_id, actor_id, "boundaries", _describe(claim_id, _span(claim)), _describe(new_id, span),
               changed_at=now)
        record(db, new_id, actor_id, "boundaries", _describe(claim_id, _span(claim)), _describe(new_id, span),
               changed_at=now)
        _finish(db, claim["article_id"], "boundaries", actor_id, now, [claim], [new_id], carry_plan,
                f"boundaries of {claim_id}")
    return new_id


def add_claim(db, article_id: int, start: int, end: int, actor_id: int) -> int:
    """A new claim on text of the article no claim covers yet (offsets trimmed); returns its id."""
    now = utc_now()
    with write_transaction(db):
        text = _article_text(db, article_id)
        span = trimmed_span(text, start, end)
        _check_no_new_overlap(db, article_id, [span], [])
        new_id = _insert_claim(db, article_id, text, span, "added")
        record(db, new_id, actor_id, "added", None, _describe(new_id, span), changed_at=now)
        _finish(db, article_id, "add", actor_id, now, [], [new_id], None, "added")
    return new_id


def _edit(db, edit_id: int) -> dict:
    rows = list(db.query("select * from claim_edits where id = ?", [edit_id]))
    if not rows:
        raise ClaimNotFound(f"Edit {edit_id} of the split does not exist.")
    return rows[0]


def _edit_claims(db, edit_id: int, side: str) -> list[dict]:
    """The claims an edit retired (side "old") or made ("new"), in reading order."""
    column = {"old": "old_claim_id", "new": "new_claim_id"}[side]
    return list(db.query(f"select * from claims where id in (select {column} from claim_replacements "
                         "where edit_id = ?) order by start, id", [edit_id]))


def _undo_refusal(db, edit: dict) -> str | None:
    """Why this edit cannot be undone now, or None."""
    if edit["kind"] == "undo":
        return "An undo is not undone in turn: fix the split again instead."
    if db["claim_edits"].count_where("undoes = ?", [edit["id"]]):
        return "This edit was undone already: reload the page."
    if any(claim["retired_at"] for claim in _edit_claims(db, edit["id"], "new")):
        return "A later edit replaced the claims this edit made: undo that one first."
    return None


def undo(db, edit_id: int, actor_id: int, confirmed: bool = True) -> list[int]:
    """Put back the claims an edit retired, with their verdicts, and retire the claims it made; returns the ids back.

    Nothing is deleted: the claims the edit made keep their verdicts (carried or given since) as retired claims,
    and the undo is an edit of its own in the history. Unconfirmed, undoing claims tagged since the edit is
    NeedsConfirmation.
    """
    now = utc_now()
    with write_transaction(db):
        edit = _edit(db, edit_id)
        refusal = _undo_refusal(db, edit)
        if refusal:
            raise EditRefused(refusal)
        old, new = _edit_claims(db, edit_id, "old"), _edit_claims(db, edit_id, "new")
        _check_no_new_overlap(db, edit["article_id"], [_span(claim) for claim in old], new)
        since = _verdicts_since(db, edit, new)
        if since["verdicts"] and not confirmed:
            raise NeedsConfirmation(
                f"{carry.counted(since['verdicts'], 'verdict')} by {carry.counted(since['reviewers'], 'reviewer')} "
                "were given on the claims of this edit since it was made: the undo retires those claims with their "
                "verdicts kept, and the claims it puts back have the verdicts they had before.")
        for claim in new:
            _retire(db, claim, actor_id, now)
            record(db, claim["id"], actor_id, "undo", _describe(claim["id"], _span(claim)),
                   f"retired: undo of the {edit['kind']}", changed_at=now)
        for claim in old:
            db.execute("update claims set retired_at = null, retired_by = null where id = ?", [claim["id"]])
            record(db, claim["id"], actor_id, "undo", f"retired by the {edit['kind']}",
                   _describe(claim["id"], _span(claim)), changed_at=now)
        undo_id = _record_edit(db, edit["article_id"], "undo", actor_id, now, [c["id"] for c in new],
                               [c["id"] for c in old], undoes=edit_id)
        _mark_history(db, undo_id)
        renumber(db, edit["article_id"])
    return [claim["id"] for claim in old]


def _verdicts_since(db, edit: dict, claims: list[dict]) -> dict:
    """How many verdicts on these claims, by how many reviewers, were saved after the edit made them."""
    ids = [claim["id"] for claim in claims]
    return next(db.query(
        f"""select count(*) as verdicts, count(distinct v.reviewer_id) as reviewers from verdicts v
            where v.claim_id in ({','.join('?' * len(ids)) or 'null'}) and exists (
              select 1 from verdict_history h where h.claim_id = v.claim_id and h.reviewer_id = v.reviewer_id
                and h.id > ?)""",
        [*ids, edit["history_mark"] or 0]))


def undoable_edit(db, article_id: int) -> dict | None:
    """The article's latest fix of the split that can still be undone, described for its Undo button; or None."""
    rows = list(db.query(
        """select e.*, r.name as actor from claim_edits e join reviewers r on r.id = e.actor_id
           where e.article_id = ? and e.kind != 'undo'
             and not exists (select 1 from claim_edits u where u.undoes = e.id)
             and not exists (select 1 from claim_replacements x join claims c on c.id = x.new_claim_id
                             where x.edit_id = e.id and c.retired_at is not null)
           order by e.id desc limit 1""", [article_id]))
    if not rows:
        return None
    edit = rows[0]
    old = [claim["position"] + 1 for claim in _edit_claims(db, edit["id"], "old")]
    new = [claim["position"] + 1 for claim in _edit_claims(db, edit["id"], "new")]
    # Positions as the reader saw them: a retired claim keeps the position it had when the edit retired it.
    edit["description"] = {
        "merge": lambda: f"claims {' and '.join(map(str, old))} merged into claim {new[0]}",
        "split": lambda: f"claim {old[0]} split into claims {' and '.join(map(str, new))}",
        "boundaries": lambda: f"new boundaries for claim {new[0]}",
        "add": lambda: f"claim {new[0]} added",
    }.get(edit["kind"], lambda: edit["kind"])()
    return edit


# How a claim's `edit` (and a carried verdict's cause) names the claims an edit replaced, by id: "merge of 34 and 35".
_EDIT_NAMES = re.compile(r"\b(merge|split|boundaries) of (\d+)(?: and (\d+))?\b")


def edit_label(db, label: str | None) -> str | None:
    """An edit's label with claim numbers as the reader saw them ("merge of claims 1 and 2"), never internal ids."""
    if not label:
        return label
    ids = {int(number) for found in _EDIT_NAMES.finditer(label) for number in found.groups()[1:] if number}
    if not ids:
        return label
    # A retired claim keeps the position it had when the edit retired it: the number it had on screen then.
    numbers = {row["id"]: row["position"] + 1 for row in db.query(
        f"select id, position from claims where id in ({','.join('?' * len(ids))})", sorted(ids))}

    def named(found):
        olds = [numbers.get(int(number)) for number in found.groups()[1:] if number]
        if None in olds:
            return found.group(0)  # a claim no longer stored (a deleted article's): keep the label as it was
        kind = "new boundaries" if found.group(1) == "boundaries" else found.group(1)
        return f"{kind} of claim{'s' if len(olds) > 1 else ''} {' and '.join(map(str, olds))}"
    return _EDIT_NAMES.sub(named, label)


def edit_article(db, edit_id: int) -> int:
    """The article an edit of the split belongs to; ClaimNotFound if there is no such edit."""
    return _edit(db, edit_id)["article_id"]


def set_not_a_claim(db, claim_id: int, actor_id: int, reason: str) -> bool:
    """Mark a claim "not a claim" with the reason why; its text, offsets and verdicts stay. True if changed."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise EditRefused("Say why this is not a claim (for example “a question” or “a photo caption”).")
    if len(reason) > MAX_REASON_LENGTH:
        raise EditRefused(f"The reason is longer than {MAX_REASON_LENGTH} characters.")
    with write_transaction(db):
        claim = _live_claim(db, claim_id)
        if not claim["is_claim"] and claim["reason"] == reason:
            return False
        db.execute("update claims set is_claim = 0, reason = ? where id = ?", [reason, claim_id])
        record(db, claim_id, actor_id, "not a claim", "claim" if claim["is_claim"] else claim["reason"], reason)
    return True


def set_a_claim(db, claim_id: int, actor_id: int) -> bool:
    """Count a claim marked "not a claim" as a claim again. True if changed."""
    with write_transaction(db):
        claim = _live_claim(db, claim_id)
        if claim["is_claim"]:
            return False
        db.execute("update claims set is_claim = 1, reason = '' where id = ?", [claim_id])
        record(db, claim_id, actor_id, "a claim", claim["reason"], "claim")
    return True


@dataclass(frozen=True)
class Window:
    """The page of claims the review page lists: claims[start:end] of the filtered list, page 1-based."""

    claims: list
    page: int
    pages: int
    start: int
    total: int
    size: int

    @property
    def end(self) -> int:
        return self.start + len(self.claims)


def claim_window(claims: list, page=None, focus=None, size: int = CLAIMS_PER_PAGE, one_page: int = ONE_PAGE) -> Window:
    """The page asked for; else the page with the focus claim; else the page with the first claim left to tag."""
    if len(claims) <= one_page:
        return Window(claims, 1, 1, 0, len(claims), max(len(claims), 1))
    pages = max(1, -(-len(claims) // size))
    if page is None:
        ids = [claim["id"] for claim in claims]
        if focus in ids:
            index = ids.index(focus)
        else:
            index = next((i for i, claim in enumerate(claims)
                          if not claim.get("verdict") and claim.get("is_claim", 1)), 0)
        page = index // size + 1
    page = min(max(1, page), pages)
    start = (page - 1) * size
    return Window(claims[start:start + size], page, pages, start, len(claims), size)
