"""Bytes on the wire: the demo review page and its files as the app sends them compressed, against uncompressed.

The app compresses its own responses (annotator/assets.py: brotli, else gzip). This fetches the demo article's
review page and every stylesheet and script it links to through Flask's test client, once asking for
`br, gzip` as a browser does and once for nothing, and a CSV export of every verdict on a 1,000-claim article
both ways; the baseline is the uncompressed bytes in the same run. A second visit fetches only the HTML: the
static files carry a content version in their address and are cached for a year (Cache-Control: immutable).

Example: python bench/wire_size.py --quick
"""
import re
import time

import benchlib
from review_page import REVIEWER, AppClient, demo_id, tag_everything

LINKS = re.compile(rb'<link rel="stylesheet" href="([^"]+)"|<script src="([^"]+)"')
COMPRESSED = {"Accept-Encoding": "br, gzip"}
# Issue 17: "compressed on the wire by the app itself"; a third of the plain bytes is what brotli reaches on text.
TARGET_RATIO = 3.0


def fetch(client, path: str, headers: dict) -> tuple[int, str, float]:
    """Bytes sent, the Content-Encoding, and milliseconds taken for GET path."""
    start = time.perf_counter()
    response = client.client.get(path, headers=headers)
    milliseconds = 1000 * (time.perf_counter() - start)
    if response.status_code != 200:
        raise RuntimeError(f"GET {path} answered {response.status_code}")
    return len(response.get_data()), response.headers.get("Content-Encoding", "none"), milliseconds


def main(argv=None):
    args = benchlib.parse_args(__doc__.split("\n")[0], argv)
    results = benchlib.Results("wire size")
    from annotator import create_app

    with benchlib.work_dir("wire") as work:
        database = work / "annotator.db"
        claims = 200 if args.quick else 1_000
        [big] = benchlib.add_articles(database, [(f"{claims} claims", benchlib.article_with_claims(claims))])
        benchlib.prepare_reviewers(database, [REVIEWER])
        app = create_app({"DATABASE": str(database), "SECRET_KEY": benchlib.BENCH_SECRET_KEY, "SEED_DEMO": True})
        client = AppClient(app)
        benchlib.sign_in(client, REVIEWER)
        page = f"/articles/{demo_id(database)}"
        html = client.client.get(page).get_data()
        paths = [page] + [(m.group(1) or m.group(2)).decode() for m in LINKS.finditer(html)]
        plain = compressed = 0
        for path in paths:
            sent, encoding, _ = fetch(client, path, COMPRESSED)
            raw, _, _ = fetch(client, path, {})
            plain, compressed = plain + raw, compressed + sent
            name = "review page HTML" if path == page else path.split("?")[0].rsplit("/", 1)[-1]
            results.add(f"  {name} ({encoding})", sent / 1000, "KB",
                        "uncompressed", raw / sent)
        results.add("demo review page + CSS + JS, first visit", compressed / 1000, "KB", "uncompressed",
                    plain / compressed, f">= {TARGET_RATIO:g}x smaller", plain / compressed >= TARGET_RATIO)
        repeat, _, _ = fetch(client, page, COMPRESSED)
        results.add("demo review page, later visits (static files cached)", repeat / 1000, "KB",
                    "uncompressed first visit", plain / repeat)

        tag_everything(database, big)
        benchlib.prepare_reviewers(database, ["bench lead"], role="lead")
        lead = AppClient(app)
        benchlib.sign_in(lead, "bench lead")
        sent, encoding, compressed_ms = fetch(lead, f"/export/verdicts.csv?article={big}", COMPRESSED)
        raw, _, plain_ms = fetch(lead, f"/export/verdicts.csv?article={big}", {})
        results.add(f"CSV export of {claims:,} verdicts ({encoding})", sent / 1000, "KB", "uncompressed",
                    raw / sent)
        results.add("  time to build it compressed", compressed_ms, "ms", "uncompressed", compressed_ms / plain_ms)
    results.finish(args)


if __name__ == "__main__":
    main()
