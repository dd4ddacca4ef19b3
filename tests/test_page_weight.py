"""A 1,000-claim article's review page stays light, and so does the answer to a tag (generous ceilings; bench/ measures)."""
import re
from pathlib import Path

from annotator import store
from annotator.importing import ArticleDraft
from client_helpers import post

STATIC = Path(__file__).resolve().parent.parent / "static"
PAGE_CEILING = 300 * 1024
TAG_CEILING = 4 * 1024

CITIES = ("Seoul", "Busan", "Lagos", "Lima", "Oslo", "Quito", "Hanoi", "Cairo", "Dhaka", "Accra")
PATTERNS = (
    "Company {i} sold {n} phones in {city} last year, the ministry reported.",
    "Prices in {city} might rise by {n} percent, analysts speculate.",
    "The mayor of {city} opened {n} new schools.",
    "Exports from {city} fell {n} percent in March, according to customs data.",
)


def long_article_text(claims: int = 1000) -> str:
    """A generated article of news-like sentences (about 60 characters each), four to a paragraph."""
    sentences = [PATTERNS[i % len(PATTERNS)].format(i=i, n=i * 7 % 97 + 3, city=CITIES[i % len(CITIES)])
                 for i in range(claims)]
    return "\n".join(" ".join(sentences[i:i + 4]) for i in range(0, claims, 4))


def static_bytes(page: str) -> int:
    """The stylesheet and scripts the page links to, as served from static/."""
    names = re.findall(r'(?:href|src)="/static/([^"?]+)(?:\?v=[0-9a-f]+)?"', page)
    assert {"app.css", "app.js", "keys.js"} <= set(names) and any(name.startswith("htmx-") for name in names)
    return sum((STATIC / name).stat().st_size for name in names)


def test_review_page_of_a_1000_claim_article_is_one_light_response(client, reviewer, db):
    article_id = store.add_article(db, ArticleDraft(title="A long article", text=long_article_text()))
    assert db["claims"].count_where("article_id = ?", [article_id]) == 1000
    response = client.get(f"/articles/{article_id}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert len(re.findall(r"<mark [^>]*data-claim=", page)) == 1000  # every claim is marked in the article text
    assert page.count('<article id="claim-') >= 20  # a page of claims, each with its verdict form
    total = len(response.get_data()) + static_bytes(page)
    assert total < PAGE_CEILING, f"review page + CSS + JS is {total / 1024:.0f} KB"


def test_a_tag_answers_htmx_with_a_few_kilobytes(client, reviewer, db):
    article_id = store.add_article(db, ArticleDraft(title="A long article", text=long_article_text()))
    claim_id = store.claims_for(db, article_id)[500]["id"]
    response = post(client, f"/claims/{claim_id}/verdict", {"verdict": "speculative"}, htmx=True)
    assert response.status_code == 200
    assert len(response.get_data()) < TAG_CEILING, f"{len(response.get_data())} bytes"


# The demo review page as a browser gets it, HTML + CSS + JS uncompressed: 167 KB before the compact screen, 156 KB
# after it (bench/review_page.py). Issue 17's target is 100 KB, which is not met: htmx alone is 52 KB and each of the
# 28 claims carries its own forms so that the page works without JavaScript. This ceiling keeps what was won.
# Verdict scales (each button's key, digit and help, for any scale), the guidelines link under each claim's buttons
# and the seen-before and timing scripts brought it to 178 KB: the ceiling follows them, and keeps it there until a
# claim's details are loaded only when it is opened (the way to 100 KB, bench/README.md).
DEMO_CEILING = 185 * 1000


def test_the_demo_review_page_with_its_css_and_javascript_as_sent_stays_under_its_ceiling(client, reviewer,
                                                                                          demo_article):
    page = client.get(f"/articles/{demo_article['id']}")
    links = re.findall(r'(?:href|src)="(/static/[^"]+)"', page.get_data(as_text=True))
    sent = {link: len(client.get(link).get_data()) for link in links}
    assert any("keys.js" in link for link in sent) and any("app.css" in link for link in sent)
    total = len(page.get_data()) + sum(sent.values())
    assert total < DEMO_CEILING, f"demo review page + CSS + JS is {total / 1000:.0f} KB"
