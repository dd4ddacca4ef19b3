"""Fixing the split of an article into claims: merge, split, new boundaries, add, "not a claim"; and paging its claims."""
import json
from dataclasses import dataclass

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


def merge(db, claim_id: int, other_id: int, actor_id: int) -> int:
    """Replace two adjacent claims by one spanning both; the new claim starts untagged. Returns its id."""
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
        for old in (first, second):
            _retire(db, old, actor_id, now)
        new_id = _insert_claim(db, claim["article_id"], text, span, f"merge of {first['id']} and {second['id']}")
        for old in (first, second):
            record(db, old["id"], actor_id, "merge", _describe(old["id"], _span(old)),
                   f"merged into {_describe(new_id, span)}", changed_at=now)
        record(db, new_id, actor_id, "merge", f"claims {first['id']} and {second['id']}", _describe(new_id, span),
               changed_at=now)
        renumber(db, claim["article_id"])
    return new_id


def split(db, claim_id: int, at: int, actor_id: int) -> tuple[int, int]:
    """Replace a claim by two, cut `at` characters after its start; both start untagged. Returns their ids."""
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
        _retire(db, claim, actor_id, now)
        new_ids = tuple(_insert_claim(db, claim["article_id"], text, span, f"split of {claim_id}") for span in spans)
        record(db, claim_id, actor_id, "split", _describe(claim_id, _span(claim)),
               " and ".join(_describe(new_id, span) for new_id, span in zip(new_ids, spans)), changed_at=now)
        for new_id, span in zip(new_ids, spans):
            record(db, new_id, actor_id, "split", _describe(claim_id, _span(claim)), _describe(new_id, span),
                   changed_at=now)
        renumber(db, claim["article_id"])
    return new_ids


def set_boundaries(db, claim_id: int, start: int, end: int, actor_id: int) -> int:
    """Replace a claim by one with new start and end offsets in the article (trimmed); returns the live claim's id.

    The same boundaries again change nothing. A claim with new boundaries starts untagged: a verdict was given on
    the old text, and stays with it on the retired claim.
    """
    now = utc_now()
    with write_transaction(db):
        claim = _live_claim(db, claim_id)
        text = _article_text(db, claim["article_id"])
        span = trimmed_span(text, start, end)
        if span == _span(claim):
            return claim_id
        _check_no_new_overlap(db, claim["article_id"], [span], [claim])
        _retire(db, claim, actor_id, now)
        new_id = _insert_claim(db, claim["article_id"], text, span, f"boundaries of {claim_id}")
        record(db, claim_id, actor_id, "boundaries", _describe(claim_id, _span(claim)), _describe(new_id, span),
               changed_at=now)
        record(db, new_id, actor_id, "boundaries", _describe(claim_id, _span(claim)), _describe(new_id, span),
               changed_at=now)
        renumber(db, claim["article_id"])
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
        renumber(db, article_id)
    return new_id


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
