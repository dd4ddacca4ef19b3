"""Each reviewer's pace: claims per hour and median seconds per claim from the timed verdicts, and how often their
verdict is the suggestion."""
from dataclasses import dataclass
from statistics import median


@dataclass(frozen=True)
class Throughput:
    reviewer: str
    verdicts: int
    timed: int
    claims_per_hour: float | None
    median_seconds: float | None
    accepted_share: float | None


def summarise(rows) -> list[Throughput]:
    """From (reviewer, seconds or None, verdict, suggestion) rows, one figure set per reviewer, names sorted.

    Only timed verdicts (tagged with JavaScript) count for pace: an untimed one is not a verdict taking no time.
    """
    by_reviewer: dict[str, list] = {}
    for row in rows:
        by_reviewer.setdefault(row["reviewer"], []).append(row)
    found = []
    for name in sorted(by_reviewer):
        mine = by_reviewer[name]
        times = [row["seconds"] for row in mine if row["seconds"] is not None]
        total = sum(times)
        accepted = sum(1 for row in mine if row["suggestion"] and row["verdict"] == row["suggestion"])
        found.append(Throughput(
            reviewer=name, verdicts=len(mine), timed=len(times),
            claims_per_hour=3600 * len(times) / total if total else None,
            median_seconds=float(median(times)) if times else None,
            accepted_share=accepted / len(mine) if mine else None))
    return found


def for_desk(db, article_id=None) -> list[Throughput]:
    """Per reviewer over one article's live claims, or over every article not archived."""
    where, params = ("c.article_id = ?", [article_id]) if article_id is not None else ("a.archived_at is null", [])
    return summarise(db.query(
        f"""select r.name as reviewer, v.seconds, v.verdict, c.suggestion from verdicts v
            join live_claims c on c.id = v.claim_id join articles a on a.id = c.article_id
            join reviewers r on r.id = v.reviewer_id where c.is_claim and {where}""", params))
