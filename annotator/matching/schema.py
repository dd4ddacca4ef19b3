"""Migration 0015: the stored matches between claims, and where a reused verdict came from."""


def add_claim_matches(db):
    """Create claim_matches, verdicts.reused_from, and the export view with a reused_from column."""
    from ..db import _EXPORT_VIEW_COLUMNS
    # One row per pair (a claim, an earlier claim of another article that states the same claim). status is
    # suggested or linked (by the score, or by a reviewer's reuse) or rejected ("not the same claim"): a rejected
    # pair is kept, so it is never suggested again and measures how often suggestions were wrong. decided_by and
    # decided_at are NULL until a person decides; a reindex recomputes only the undecided rows.
    db["claim_matches"].create(
        {"claim_id": int, "earlier_claim_id": int, "score": float, "auto_link": int, "status": str,
         "matched_at": str, "decided_by": int, "decided_at": str},
        pk=("claim_id", "earlier_claim_id"),
        foreign_keys=[("claim_id", "claims", "id"), ("earlier_claim_id", "claims", "id"),
                      ("decided_by", "reviewers", "id")],
        not_null=["score", "auto_link", "status", "matched_at"],
    )
    db["claim_matches"].create_index(["earlier_claim_id"])
    # The claim whose final verdict a reviewer's verdict was copied from; NULL for a verdict they chose themselves.
    db["verdicts"].add_column("reused_from", int)
    # The export view of migration 0008 with reused_from after its columns.
    db.execute("drop view verdicts_export")
    db.execute(f"""
        create view verdicts_export as
        select {_EXPORT_VIEW_COLUMNS},
          case when c.retired_at is null then 'live' else 'retired' end as claim_status,
          case when c.retired_at is null then '' else coalesce((
            select group_concat(new_claim_id, ' ') from (
              select new_claim_id from claim_replacements where old_claim_id = c.id and edit_id = (
                select max(edit_id) from claim_replacements where old_claim_id = c.id)
              order by new_claim_id)), '') end as replaced_by,
          exists (select 1 from rechecks k where k.claim_id = v.claim_id and k.reviewer_id = v.reviewer_id
                  and k.cleared_at is null) as recheck,
          coalesce(v.reused_from, '') as reused_from
        from verdicts v join claims c on c.id = v.claim_id join articles a on a.id = c.article_id
          join reviewers r on r.id = v.reviewer_id
          left join final_verdicts f on f.claim_id = c.id left join reviewers lead on lead.id = f.adjudicated_by
    """)
