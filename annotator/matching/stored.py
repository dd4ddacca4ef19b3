"""The stored matches: found after an import, read by the review page, decided by reviewers (reuse, not the same)."""
import logging
import time
from dataclasses import dataclass

from .. import store, team
from ..accounts import LEAD_ROLES
from ..db import utc_now, write_transaction
from ..evidence import evidence_for
from . import match_text
from .thresholds import DEFAULT, Thresholds

log = logging.getLogger(__name__)

# How long the matching after one import may run (MATCH_BUDGET_SECONDS). One article's claims take well under a
# second; a command-line import of thousands of near-identical articles (wire copy) took minutes, so it stops after
# this long, says so, and `flask --app annotator reindex` matches the rest. The import itself is never held back.
DEFAULT_MATCH_BUDGET_SECONDS = 15.0


class InvalidDecision(ValueError):
    """A reuse or rejection that cannot be made; the message says why."""


@dataclass(frozen=True)
class Refreshed:
    claims: int
    matches: int
    articles: int = 0  # how many of the articles asked for were matched
    stopped: bool = False  # the time budget ran out before the last of them


def _found_for_article(db, article_id: int, thresholds: Thresholds) -> tuple[list[int], list[tuple]]:
    """The article's live claims and, for each, its matches among earlier articles' claims (reads only)."""
    claims = list(db.query("select id, text from claims where article_id = ? and retired_at is null and is_claim "
                           "order by position", [article_id]))
    found = [(claim["id"], match) for claim in claims
             for match in match_text(db, claim["text"], thresholds, before_article=article_id)]
    return [claim["id"] for claim in claims], found


def _store(db, claim_ids: list[int], found: list[tuple], now: str):
    """Replace the undecided matches of these claims with those found; the caller holds the write lock."""
    for start in range(0, len(claim_ids), 500):
        batch = claim_ids[start:start + 500]
        db.execute(f"delete from claim_matches where decided_by is null and claim_id in "
                   f"({','.join('?' * len(batch))})", batch)
    # A pair a person decided (reused, rejected) keeps their decision: "do nothing" on conflict.
    db.conn.executemany(
        "insert into claim_matches (claim_id, earlier_claim_id, score, auto_link, status, matched_at) "
        "values (?, ?, ?, ?, ?, ?) on conflict (claim_id, earlier_claim_id) do nothing",
        [(claim_id, match.claim_id, match.score, int(match.auto_link), "linked" if match.auto_link else "suggested",
          now) for claim_id, match in found])


def match_articles(db, article_ids, thresholds: Thresholds = DEFAULT, budget_seconds: float | None = None) -> Refreshed:
    """Match every live claim of these articles against the earlier articles' claims and store what is found.

    Call it after the import's transaction has committed: the scoring runs on reads alone, and only the short
    store of the results takes the write lock, so no verdict save waits for the matching. With a budget, it stops
    after the article that ran past it (stopped=True; the first article is always matched): `reindex` matches
    the rest.
    """
    article_ids = list(article_ids)
    claims = matches = done = 0
    began = time.monotonic()
    for article_id in article_ids:
        if done and budget_seconds is not None and time.monotonic() - began > budget_seconds:
            return Refreshed(claims, matches, done, stopped=True)
        claim_ids, found = _found_for_article(db, article_id, thresholds)
        with write_transaction(db):
            _store(db, claim_ids, found, utc_now())
        claims, matches, done = claims + len(claim_ids), matches + len(found), done + 1
    return Refreshed(claims, matches, done)


def reindex(db, thresholds: Thresholds = DEFAULT) -> Refreshed:
    """Rebuild the claims' full-text index, then every article's matches (decisions people made are kept)."""
    with write_transaction(db):
        db["claims"].rebuild_fts()
    return match_articles(db, [row["id"] for row in db.query("select id from articles order by id")], thresholds)


def seen_before(db, claim_ids) -> dict[int, dict]:
    """Per claim with matches not rejected: the earlier articles and claims that state it, the best score, whether
    it was linked, and the final verdict of the best-matching earlier claim that has one."""
    claim_ids = list(claim_ids)
    found: dict[int, dict] = {}
    for start in range(0, len(claim_ids), 500):
        batch = claim_ids[start:start + 500]
        for row in db.query(
            f"""select m.claim_id, m.earlier_claim_id, m.score, m.status, e.article_id, f.verdict as final_verdict
                from claim_matches m join claims e on e.id = m.earlier_claim_id
                  left join final_verdicts f on f.claim_id = m.earlier_claim_id
                where m.status != 'rejected' and m.claim_id in ({','.join('?' * len(batch))})
                order by m.claim_id, m.score desc, m.earlier_claim_id""", batch):
            seen = found.setdefault(row["claim_id"], {"articles": set(), "claims": 0, "best": row["score"],
                                                      "linked": False, "final_verdict": None})
            seen["articles"].add(row["article_id"])
            seen["claims"] += 1
            seen["linked"] = seen["linked"] or row["status"] == "linked"
            seen["final_verdict"] = seen["final_verdict"] or row["final_verdict"]
    for seen in found.values():
        seen["articles"] = len(seen["articles"])
    return found


def mark_seen(db, claims) -> None:
    """Give each claim dict its "seen" summary (None when no earlier claim states it), for the claim card."""
    seen = seen_before(db, [claim["id"] for claim in claims])
    for claim in claims:
        claim["seen"] = seen.get(claim["id"])


def matches_for(db, claim_id: int, viewer: dict) -> list[dict]:
    """The earlier claims matched to this one (rejected pairs left out), best first, with what a reviewer weighs.

    Each has its text, article, date, the verdicts (everyone's for a lead, the viewer's own for a reviewer, as on
    the review page), the final verdict with its reason, and the evidence (the lead's who gave the final verdict,
    and the viewer's own; a lead sees all).
    """
    rows = list(db.query(
        """select m.earlier_claim_id as claim_id, m.score, m.auto_link, m.status, m.decided_at, c.text,
             c.article_id, a.title as article_title, coalesce(nullif(a.published, ''), substr(a.created_at, 1, 10))
             as article_date
           from claim_matches m join claims c on c.id = m.earlier_claim_id join articles a on a.id = c.article_id
           where m.claim_id = ? and m.status != 'rejected' order by m.score desc, m.earlier_claim_id""",
        [claim_id]))
    ids = [row["claim_id"] for row in rows]
    everyone = viewer["role"] in LEAD_ROLES
    finals = team.final_verdicts(db, ids)
    evidence = evidence_for(db, ids)
    verdicts: dict[int, list] = {}
    for start in range(0, len(ids), 500):
        batch = ids[start:start + 500]
        for row in db.query(
            f"""select v.claim_id, v.reviewer_id, r.name as reviewer, v.verdict, v.evidence_url, v.note
                from verdicts v join reviewers r on r.id = v.reviewer_id
                where v.claim_id in ({','.join('?' * len(batch))}) order by r.name""", batch):
            if everyone or row["reviewer_id"] == viewer["id"]:
                verdicts.setdefault(row["claim_id"], []).append(row)
    for row in rows:
        final = finals.get(row["claim_id"])
        shown = {viewer["id"]} | ({final["adjudicated_by"]} if final else set())
        row.update(final=final, verdicts=verdicts.get(row["claim_id"], []),
                   evidence=[item for item in evidence.get(row["claim_id"], [])
                             if everyone or item["reviewer_id"] in shown])
    return rows


def _pair(db, claim_id: int, earlier_claim_id: int) -> dict:
    rows = list(db.query("select * from claim_matches where claim_id = ? and earlier_claim_id = ?",
                         [claim_id, earlier_claim_id]))
    if not rows:
        raise InvalidDecision(f"Claim {earlier_claim_id} is not among the claims this one was seen in.")
    if rows[0]["status"] == "rejected":
        raise InvalidDecision("This pair was marked “not the same claim”: it is no longer offered.")
    return rows[0]


def reuse(db, claim_id: int, earlier_claim_id: int, reviewer_id: int) -> str:
    """Copy the earlier claim's final verdict to this reviewer's verdict on the claim, linked to it; the verdict.

    The note says where it came from and why; the evidence URL is the one the deciding lead gave, if any. The
    history records it as reused from the earlier claim, and the export's reused_from names it.
    """
    _pair(db, claim_id, earlier_claim_id)
    final = team.final_verdicts(db, [earlier_claim_id]).get(earlier_claim_id)
    if not final:
        raise InvalidDecision("The earlier claim has no final verdict yet: there is nothing settled to reuse.")
    lead = store.get_verdict(db, earlier_claim_id, final["adjudicated_by"]) or {}
    article = store.get_article(db, store.get_claim(db, earlier_claim_id)["article_id"])
    note = f"Reused from claim {earlier_claim_id} ({article['title']})" + (
        f": {final['reason']}" if final["reason"] else "")
    evidence_url = lead.get("evidence_url") or ""
    store.save_verdict(db, claim_id, reviewer_id, final["verdict"], evidence_url, note[:store.MAX_NOTE_LENGTH],
                       cause=f"reused from claim {earlier_claim_id}", reused_from=earlier_claim_id)
    with write_transaction(db):
        db.execute("update claim_matches set status = 'linked', decided_by = ?, decided_at = ? "
                   "where claim_id = ? and earlier_claim_id = ? and status != 'rejected'",
                   [reviewer_id, utc_now(), claim_id, earlier_claim_id])
    return final["verdict"]


def reject(db, claim_id: int, earlier_claim_id: int, reviewer_id: int) -> bool:
    """Mark the pair "not the same claim" for good: kept, never offered again; False if it was already."""
    rows = list(db.query("select status from claim_matches where claim_id = ? and earlier_claim_id = ?",
                         [claim_id, earlier_claim_id]))
    if rows and rows[0]["status"] == "rejected":
        return False
    _pair(db, claim_id, earlier_claim_id)
    with write_transaction(db):
        db.execute("update claim_matches set status = 'rejected', decided_by = ?, decided_at = ? "
                   "where claim_id = ? and earlier_claim_id = ?",
                   [reviewer_id, utc_now(), claim_id, earlier_claim_id])
    return True


def match_after_import(db, article_ids, budget_seconds: float | None = None) -> Refreshed | None:
    """match_articles for articles just imported; a failure is logged, never undoes or refuses the import."""
    try:
        return match_articles(db, article_ids, budget_seconds=budget_seconds)
    except Exception:  # the articles are stored already: `flask --app annotator reindex` finds their matches later
        log.exception("Matching imported articles %s failed; run `flask --app annotator reindex`.", article_ids)
        return None
