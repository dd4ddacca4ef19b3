"""Migration 0015: the stored matches between claims, and where a reused verdict came from."""


def add_claim_matches(db):
    """Create claim_matches, verdicts.reused_from, and the export view with a reused_from column."""
    from ..db import add_export_view_columns
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
    # The export view as it stands, with reused_from after its columns.
    add_export_view_columns(db, "coalesce(v.reused_from, '') as reused_from")
