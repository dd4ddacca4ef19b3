"""What of colleagues' work a reviewer sees on a claim: in blind review nothing (no verdict, note, evidence or final
verdict) until they have tagged it themselves, then every colleague's verdict beside their own; leads see all."""
from . import double_review, team
from .accounts import LEAD_ROLES
from .evidence import evidence_for
from .history import history_for


def _everyone(viewer: dict) -> bool:
    return viewer["role"] in LEAD_ROLES


def _blind_claims(db, viewer: dict, claim_ids, tagged: bool) -> set[int]:
    """Of these claims, those of blind articles that the viewer has (tagged=True) or has not tagged."""
    claim_ids = list(claim_ids)
    if not claim_ids:
        return set()
    params = {f"c{number}": claim_id for number, claim_id in enumerate(claim_ids)}
    marks = ",".join(f":{name}" for name in params)
    return {row["id"] for row in db.query(
        f"""select c.id from claims c where c.id in ({marks}) and {double_review.blind_sql('c.article_id')}
              and {'' if tagged else 'not '}exists (
                select 1 from verdicts v where v.claim_id = c.id and v.reviewer_id = :me)""",
        {**params, "me": viewer["id"], "default_required": double_review.default_required(db)})}


def hidden_claims(db, viewer: dict, claim_ids) -> set[int]:
    """The claims on which this viewer may not see the final verdict or any colleague's work yet."""
    if _everyone(viewer):
        return set()
    return _blind_claims(db, viewer, claim_ids, tagged=False)


def revealed_claims(db, viewer: dict, claim_ids) -> set[int]:
    """The claims on which this viewer sees colleagues' verdicts: every claim for a lead or admin; for a reviewer,
    the claims of blind articles they have tagged (outside blind review a reviewer sees only their own work)."""
    if _everyone(viewer):
        return set(claim_ids)
    return _blind_claims(db, viewer, claim_ids, tagged=True)


def apply(db, viewer: dict, claims: list[dict]) -> None:
    """Hide the final verdict where the viewer may not see it yet, and give each claim its colleagues' verdicts
    (with note and evidence) where they may see them: claim["colleagues"], empty elsewhere."""
    ids = [claim["id"] for claim in claims]
    hidden = hidden_claims(db, viewer, ids)
    shown = revealed_claims(db, viewer, ids)
    verdicts = team.verdicts_side_by_side(db, shown)
    evidence = evidence_for(db, shown)
    for claim in claims:
        if claim["id"] in hidden:
            claim["final"] = None
        claim["blind_hidden"] = claim["id"] in hidden
        claim["colleagues"] = [
            {**row, "evidence_items": [item for item in evidence.get(claim["id"], [])
                                       if item["reviewer"] == row["reviewer"]]}
            for row in verdicts.get(claim["id"], []) if row["reviewer"] != viewer["name"]]


def history_for_viewer(db, claim_id: int, viewer: dict) -> list[dict]:
    """The claim's history as this viewer may read it: everything for a lead, or for a reviewer once blind review
    revealed the claim; otherwise their own changes and the claim's, the final verdict only if not hidden."""
    if claim_id in revealed_claims(db, viewer, [claim_id]):
        return history_for(db, claim_id, None)
    changes = history_for(db, claim_id, viewer["id"])
    if claim_id in hidden_claims(db, viewer, [claim_id]):
        changes = [change for change in changes if change["action"] != "final verdict"]
    return changes


def final_visible_sql(viewer: dict) -> str:
    """A condition on claims c that holds where the viewer may see the final verdict; binds :default_required, :me."""
    if _everyone(viewer):
        return "1"
    return (f"(not {double_review.blind_sql('c.article_id')} or exists (select 1 from verdicts bv "
            "where bv.claim_id = c.id and bv.reviewer_id = :me))")
