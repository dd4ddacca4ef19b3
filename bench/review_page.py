"""Review page: server time and bytes for articles of 10, 100 and 1,000 claims, and the demo page's total weight.

Server time is the time the app takes to answer GET /articles/<id>, measured in this process through Flask's
test client (so no network, no server in between), for a signed-in reviewer: median of several requests after a
warm-up, on a page where the reviewer has tagged nothing and on one where every claim has a verdict. The
same-run baseline is the cheapest page the app serves the same reviewer (its static CSS), which shows what
routing, session and headers cost on their own. The demo page's weight adds the CSS and JavaScript the page
links to, each fetched once.

Example: python bench/review_page.py --quick
"""
import gzip
import re
import statistics
import time
from pathlib import Path

import benchlib

FULL = {"sizes": (10, 100, 1_000), "repeats": 15}
QUICK = {"sizes": (10, 100, 1_000), "repeats": 3}
TARGET_MS = 200  # for 1,000 claims
TARGET_DEMO_BYTES = 100 * 1000
# This bench's figure on the commit before the compact review screen (9b3ddee): 82.4 KB of HTML, 9.6 KB of CSS,
# 74.7 KB of JavaScript of which htmx is 52.2 KB, all sent as written.
OLD_DEMO_BYTES = 167 * 1000
STATIC = Path(__file__).resolve().parent.parent / "static"
# Label Studio 1.23.2's labelling page, from issue 7 (not measured here).
PEER_PAGE_BYTES = 7.8e6
REVIEWER = "bench reviewer"
ASSETS = re.compile(rb'<link rel="stylesheet" href="([^"]+)"|<script src="([^"]+)"')


class AppClient:
    """Flask's test client behind the same request() as benchlib.Session, so sign_in works on both."""

    def __init__(self, app):
        self.client = app.test_client()
        self.csrf_token = ""

    def request(self, method, path, body=None, headers=None):
        response = self.client.open(path, method=method, data=body, headers=headers or {})
        return response.status_code, response.get_data()


def page_time(client, path: str, repeats: int) -> tuple[float, bytes]:
    """Median milliseconds to answer GET path, and the body."""
    status, body = client.request("GET", path)  # warm-up: template compilation, caches
    if status != 200:
        raise RuntimeError(f"GET {path} answered {status}")
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        client.request("GET", path)
        times.append(1000 * (time.perf_counter() - start))
    return statistics.median(times), body


def tag_everything(database, article_id: int):
    """Give every claim of the article a verdict by the benchmark's reviewer, as if the review were done."""
    from annotator import store

    db = benchlib.open_db(database)
    try:
        reviewer_id = db.execute("select id from reviewers where name = ?", [REVIEWER]).fetchone()[0]
        for number, claim in enumerate(db.execute("select id from claims where article_id = ?", [article_id])):
            store.save_verdict(db, claim[0], reviewer_id, ("sourced", "speculative", "unverified")[number % 3],
                               "https://evidence.example/a", "checked")
    finally:
        db.close()


def demo_id(database) -> int:
    """The demo article, which create_app seeds."""
    db = benchlib.open_db(database)
    try:
        return db.execute("select id from articles where source = 'seed' order by id").fetchone()[0]
    finally:
        db.close()


def demo_weight(client, demo_id: int) -> dict:
    """Bytes of the demo article's review page and of every stylesheet and script it links to, as sent."""
    _, html = client.request("GET", f"/articles/{demo_id}")
    weights = {"HTML": len(html)}
    for match in ASSETS.finditer(html):
        path = (match.group(1) or match.group(2)).decode()
        _, asset = client.request("GET", path)
        weights[path.rsplit("/", 1)[-1].split("?")[0]] = len(asset)
    weights["gzip of all"] = len(gzip.compress(html)) + sum(
        len(gzip.compress(client.request("GET", (m.group(1) or m.group(2)).decode())[1]))
        for m in ASSETS.finditer(html))
    return weights


def main(argv=None):
    args = benchlib.parse_args(__doc__.split("\n")[0], argv)
    settings = QUICK if args.quick else FULL
    results = benchlib.Results("review page")
    from annotator import create_app

    with benchlib.work_dir("page") as work:
        database = work / "annotator.db"
        texts = {count: benchlib.article_with_claims(count) for count in settings["sizes"]}
        ids = dict(zip(texts, benchlib.add_articles(database, [(f"{count} claims", text)
                                                               for count, text in texts.items()])))
        benchlib.prepare_reviewers(database, [REVIEWER])
        app = create_app({"DATABASE": str(database), "SECRET_KEY": benchlib.BENCH_SECRET_KEY, "SEED_DEMO": True})
        client = AppClient(app)
        benchlib.sign_in(client, REVIEWER)
        benchlib.wait_until_quiet()
        floor_ms, _ = page_time(client, "/static/app.css", settings["repeats"] * 5)
        results.add("cheapest request (GET /static/app.css)", floor_ms, "ms")

        weights = demo_weight(client, demo_id(database))
        total = sum(value for name, value in weights.items() if name != "gzip of all")
        results.add("demo review page: HTML + CSS + JS", total / 1000, "KB", "Label Studio 7.8 MB (issue 7)",
                    PEER_PAGE_BYTES / total, f"< {TARGET_DEMO_BYTES / 1000:g} KB", total < TARGET_DEMO_BYTES)
        results.add("  the same before the compact screen (issue 17)", OLD_DEMO_BYTES / 1000, "KB",
                    "now", OLD_DEMO_BYTES / total)
        for name, value in weights.items():
            # Our own CSS and JavaScript are sent minified (annotator/minify.py): beside each, the file as written.
            written = STATIC / name
            if name != "HTML" and name != "gzip of all" and written.exists() and written.stat().st_size != value:
                results.add(f"  {name} (minified)", value / 1000, "KB", "as written",
                            written.stat().st_size / value)
            else:
                results.add(f"  {name}", value / 1000, "KB")

        for count, article_id in ids.items():
            milliseconds, body = page_time(client, f"/articles/{article_id}", settings["repeats"])
            target = count == max(settings["sizes"])
            results.add(f"{count:,} claims, nothing tagged: server time", milliseconds, "ms",
                        "cheapest request", milliseconds / floor_ms, f"< {TARGET_MS} ms" if target else "",
                        milliseconds < TARGET_MS if target else None)
            results.add(f"  {count:,} claims: page size (gzip)",
                        f"{len(body) / 1000:,.0f} ({len(gzip.compress(body)) / 1000:,.0f})", "KB")
        largest = max(settings["sizes"])
        tag_everything(database, ids[largest])
        milliseconds, body = page_time(client, f"/articles/{ids[largest]}", settings["repeats"])
        results.add(f"{largest:,} claims, all tagged: server time", milliseconds, "ms", "cheapest request",
                    milliseconds / floor_ms, f"< {TARGET_MS} ms", milliseconds < TARGET_MS)
        results.add(f"  {largest:,} claims, all tagged: page size (gzip)",
                    f"{len(body) / 1000:,.0f} ({len(gzip.compress(body)) / 1000:,.0f})", "KB")
    results.finish(args)


if __name__ == "__main__":
    main()
