"""Load the demo article from seeds/ into a fresh database, once."""
from .text import split_claims
from .db import get_setting, set_setting, write_transaction
from .importing import draft_from_text
from .resources import resource_dir
from .store import insert_article

SEEDS_DIR = resource_dir("seeds")
DEMO_ARTICLES = [("xiaomi-korea.txt", "Xiaomi expands into South Korea")]
SEEDED_KEY = "demo_seeded"


def seed_demo_once(db) -> list[int]:
    """Import the demo articles unless this database was seeded before (a deleted demo stays deleted)."""
    drafts = [
        draft_from_text((SEEDS_DIR / filename).read_text(encoding="utf-8"), title=title, source="seed",
                        filename=filename)
        for filename, title in DEMO_ARTICLES
    ]
    # Check and insert under one write lock, so several server workers starting at once seed only once.
    with write_transaction(db):
        if get_setting(db, SEEDED_KEY):
            return []
        ids = [insert_article(db, draft, split_claims(draft.text)) for draft in drafts]
        set_setting(db, SEEDED_KEY, "yes")
    return ids
