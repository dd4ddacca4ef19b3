"""A small simulated desk for the learning tests: articles whose "Officials said" claims the desk counts as sourced."""
from annotator import store
from annotator.importing import ArticleDraft

PLACES = ["Elm Street", "Harbour Road", "Mill Lane", "Kings Way", "Station Road", "Bridge Street", "Park Avenue",
          "Church Lane", "Market Square", "River Walk", "Castle Hill", "Ash Grove"]


# A line the splitter counts as a claim and a desk may mark "not a claim" (an editor's note).
EDITORS_NOTE = "This story was updated on {day} May to add a comment from the council."


def article_text(n: int, editors_note: bool = False) -> str:
    place = PLACES[n % len(PLACES)]
    return "\n".join([
        f"Works on {place} begin",
        f"Officials said the {place} bridge will close for repairs on Monday.",
        f"Police said a driver was arrested after a crash on {place} on Sunday.",
        f"The river near {place} rose {n + 2} metres overnight, flooding {n + 30} homes.",
        f"Officials said the repairs on {place} would cost {n + 1} million dollars.",
        f"Mayor Ann Lee said the city had set aside funds for {place} in March.",
    ] + ([EDITORS_NOTE.format(day=n % 28 + 1)] if editors_note else []))


def add_articles(db, count: int, first: int = 0, editors_note: bool = False) -> list[int]:
    return [store.add_article(db, ArticleDraft(f"Works {n}", article_text(n, editors_note)))
            for n in range(first, first + count)]


def desk_verdict(claim: dict) -> str:
    """The desk's rule: an unnamed official is a source; otherwise the built-in suggestion is right."""
    return "sourced" if claim["text"].startswith("Officials said") else claim["suggestion"]


def claims_of(db, article_id: int) -> list[dict]:
    return [claim for claim in store.claims_for(db, article_id) if claim["is_claim"]]


def tag_like_the_desk(db, article_ids, reviewer_id: int, rule=desk_verdict):
    for article_id in article_ids:
        for claim in claims_of(db, article_id):
            store.save_verdict(db, claim["id"], reviewer_id, rule(claim))
