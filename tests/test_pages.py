from annotator import accounts, pages, store
from annotator.export_rows import ExportFilter
from annotator.importing import draft_from_text


def test_pages_cover_every_row_once_with_the_total(bare_db):
    for number in range(5):
        store.add_article(bare_db, draft_from_text(f"Kim said {number} ships sailed. Lee said so too.", title=f"A{number}"))
    seen = []
    for page in (1, 2, 3):
        rows, total = pages.articles_page(bare_db, page, 2)
        assert total == 5
        seen += [row["title"] for row in rows]
    assert seen == ["A0", "A1", "A2", "A3", "A4"]
    assert "text" not in rows[0]


def test_claims_and_verdicts_pages(bare_db):
    article_id = store.add_article(bare_db, draft_from_text("Kim said ships sailed. Lee might agree.", title="A"))
    rows, total = pages.claims_page(bare_db, article_id, 1, 10)
    assert total == 2 and [row["position"] for row in rows] == [0, 1]
    ana = accounts.create_user(bare_db, "Ana", "long password")
    ben = accounts.create_user(bare_db, "Ben", "long password")
    store.save_verdict(bare_db, rows[0]["id"], ana, "sourced")
    store.save_verdict(bare_db, rows[0]["id"], ben, "unverified")
    mine, total = pages.verdicts_page(bare_db, ExportFilter(reviewer="Ana"), 1, 10)
    assert total == 1 and mine[0]["reviewer"] == "Ana"
    everyone, total = pages.verdicts_page(bare_db, ExportFilter(), 1, 1)
    assert total == 2 and len(everyone) == 1
