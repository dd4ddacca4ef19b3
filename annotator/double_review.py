"""How many reviewers each claim needs and whether they review blind; which claim to hand out next; when an article
is done."""
from dataclasses import dataclass

from .db import get_setting, set_setting, utc_now, write_transaction

MIN_REQUIRED, MAX_REQUIRED = 1, 5
# The settings row with the desk's default number of reviewers per claim, for articles without their own.
DEFAULT_REQUIRED = "required_reviewers"
# Blind review turns itself on from this many reviewers per claim: a second reviewer who can read the first
# one's verdict tends to follow it, and the agreement figures then measure copying, not the guidelines.
BLIND_FROM = 2
# The form's choices for blind mode: automatic (stored as NULL), on, off.
BLIND_CHOICES = {"auto": None, "on": 1, "off": 0}


class InvalidRule(ValueError):
    """A number of reviewers or a blind choice that cannot be saved; the message says why."""


@dataclass(frozen=True)
class ReviewRule:
    """What an article asks of its reviewers; own is False when it follows the desk's default."""
    required: int
    blind: bool
    blind_choice: str = "auto"
    own: bool = False


def parse_required(raw) -> int:
    """A number of reviewers per claim from a form or the command line, or InvalidRule."""
    text = str(raw if raw is not None else "").strip()
    if not (text.isascii() and text.isdecimal() and MIN_REQUIRED <= int(text) <= MAX_REQUIRED):
        raise InvalidRule(f"Reviewers per claim is a whole number from {MIN_REQUIRED} to {MAX_REQUIRED}.")
    return int(text)


def parse_blind(raw) -> str:
    choice = (raw or "auto").strip()
    if choice not in BLIND_CHOICES:
        raise InvalidRule(f"Blind review is one of {', '.join(BLIND_CHOICES)}.")
    return choice


def default_required(db) -> int:
    """The desk's default number of reviewers per claim (1 until an admin sets another)."""
    value = get_setting(db, DEFAULT_REQUIRED, "1")
    return int(value) if value.isdecimal() and MIN_REQUIRED <= int(value) <= MAX_REQUIRED else 1


def set_default_required(db, required) -> int:
    required = parse_required(required)
    with write_transaction(db):
        set_setting(db, DEFAULT_REQUIRED, str(required))
    return required


def rule_for(db, article_id: int) -> ReviewRule:
    """The article's own rule, else the desk's default with blind review on from BLIND_FROM reviewers."""
    rows = list(db.query("select required, blind from review_rules where article_id = ?", [article_id]))
    if not rows:
        required = default_required(db)
        return ReviewRule(required, required >= BLIND_FROM)
    required, blind = rows[0]["required"], rows[0]["blind"]
    choice = next(key for key, value in BLIND_CHOICES.items() if value == blind)
    return ReviewRule(required, bool(blind) if blind is not None else required >= BLIND_FROM, choice, own=True)


def set_rule(db, article_id: int, actor_id: int, required, blind="auto") -> ReviewRule:
    """Give the article its own number of reviewers per claim and blind choice; the change goes to its history."""
    required, choice = parse_required(required), parse_blind(blind)
    before = rule_for(db, article_id)
    with write_transaction(db):
        db["review_rules"].upsert({"article_id": article_id, "required": required, "blind": BLIND_CHOICES[choice],
                                   "set_by": actor_id, "set_at": utc_now()}, pk="article_id")
        after = rule_for(db, article_id)
        if after != before:
            db.execute("insert into article_history (article_id, actor_id, changed_at, action, from_value, to_value) "
                       "values (?, ?, ?, ?, ?, ?)",
                       [article_id, actor_id, utc_now(), "reviewers per claim", describe(before), describe(after)])
    return after


def describe(rule: ReviewRule) -> str:
    return f"{rule.required} reviewer{'s' if rule.required != 1 else ''} per claim, blind {'on' if rule.blind else 'off'}"


def required_sql(article: str) -> str:
    """SQL for the number of reviewers the article (a column expression) needs; binds :default_required."""
    return f"coalesce((select rr.required from review_rules rr where rr.article_id = {article}), :default_required)"


def blind_sql(article: str) -> str:
    """SQL true when the article (a column expression) is reviewed blind; binds :default_required."""
    return (f"coalesce((select rr.blind from review_rules rr where rr.article_id = {article}), "
            f"{required_sql(article)} >= {BLIND_FROM})")


def next_claim(db, reviewer_id: int) -> dict | None:
    """The claim to hand this reviewer: one they have not tagged that still lacks verdicts, in their assigned
    articles first, then the claim with the fewest verdicts, then in assignment and reading order."""
    rows = list(db.query(
        f"""
        select c.id, c.article_id from live_claims c join articles a on a.id = c.article_id
          left join assignments s on s.article_id = c.article_id and s.reviewer_id = :reviewer
        where c.is_claim and a.archived_at is null
          and not exists (select 1 from verdicts v where v.claim_id = c.id and v.reviewer_id = :reviewer)
          and (select count(*) from verdicts v where v.claim_id = c.id) < {required_sql('c.article_id')}
        order by s.reviewer_id is null, (select count(*) from verdicts v where v.claim_id = c.id),
          s.assigned_at, c.article_id, c.position
        limit 1
        """,
        {"reviewer": reviewer_id, "default_required": default_required(db)},
    ))
    return rows[0] if rows else None


def waiting_counts(db, reviewer_id: int, article_ids) -> dict[int, int]:
    """Per article, how many claims wait for this reviewer: not tagged by them and still short of verdicts."""
    article_ids = list(article_ids)
    if not article_ids:
        return {}
    marks = ",".join("?" * len(article_ids))
    return {row["article_id"]: row["n"] for row in db.query(
        f"""select c.article_id, count(*) as n from live_claims c where c.is_claim and c.article_id in ({marks})
              and not exists (select 1 from verdicts v where v.claim_id = c.id and v.reviewer_id = ?)
              and (select count(*) from verdicts v where v.claim_id = c.id) <
                coalesce((select rr.required from review_rules rr where rr.article_id = c.article_id), ?)
            group by c.article_id""",
        [*article_ids, reviewer_id, default_required(db)])}


@dataclass(frozen=True)
class ArticleState:
    """Where an article stands: claims still short of verdicts, disagreements with no final verdict."""
    claims: int
    short: int
    unresolved: int

    @property
    def done(self) -> bool:
        return self.short == 0 and self.unresolved == 0


def article_state(db, article_id: int) -> ArticleState:
    """Done when every live claim has the verdicts it needs and every disagreement has a final verdict."""
    row = next(db.query(
        f"""
        select count(*) as claims,
          count(case when (select count(*) from verdicts v where v.claim_id = c.id) < {required_sql(':article')}
                then 1 end) as short,
          count(case when (select count(distinct v.verdict) from verdicts v where v.claim_id = c.id) > 1
                 and not exists (select 1 from final_verdicts f where f.claim_id = c.id) then 1 end) as unresolved
        from live_claims c where c.article_id = :article and c.is_claim
        """,
        {"article": article_id, "default_required": default_required(db)},
    ))
    return ArticleState(**row)


def with_waiting(db, reviewer_id: int, queue: list[dict]) -> list[dict]:
    """The reviewer's queue, each article with the claims waiting for them and whether the article is done."""
    waiting = waiting_counts(db, reviewer_id, [item["id"] for item in queue])
    return [{**item, "waiting": waiting.get(item["id"], 0), "done": article_state(db, item["id"]).done}
            for item in queue]
