"""Review page in a real browser: time to open a 60 kB, ~500-claim article and time per keyboard tag to the updated row.

The app runs on a free 127.0.0.1 port with a fresh database; Debian's Chromium (headless, via Playwright) signs in and
opens the review page several times (navigation start to the load event, and to the first claim visible on screen),
then tags claims with the keyboard ("s", "p", "u": each press posts through htmx and moves on to the next untagged
claim), timing each press to the moment the claim's row is swapped in and to the next painted frame. The same run
measures the demo article (3 kB, 28 claims) as the baseline, and prints ratios against the targets of issue 5
(open < 1 s, tag < 100 ms) and against the demo.

Example: python bench/review_browser.py            (or --quick, --tags 50 --opens 5, --json results.json)
"""
import argparse
import json
import logging
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from werkzeug.serving import make_server  # noqa: E402

from annotator import accounts, create_app, store  # noqa: E402
from annotator.db import connect  # noqa: E402
from annotator.importing import ArticleDraft  # noqa: E402

TARGET_OPEN_S = 1.0
TARGET_TAG_MS = 100
PASSWORD = "bench password 1"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
CITIES = ("Seoul", "Busan", "Lagos", "Lima", "Oslo", "Quito", "Hanoi", "Cairo", "Dhaka", "Accra")
# News-like sentences of about 120 characters: 500 of them make the 60 kB article of the issue.
PATTERNS = (
    "Company {i} sold {n} thousand phones in {city} last year, up from the year before, the trade ministry reported.",
    "Prices for rented flats in central {city} might rise by another {n} percent before the summer, analysts speculate.",
    "The mayor of {city} opened {n} new primary schools in the districts that had been waiting the longest for them.",
    "Exports of electronics from {city} fell {n} percent in March compared with a year earlier, according to customs data.",
)

# Presses a key as the reviewer would and resolves with the milliseconds until the tagged claim's row is in the
# page (htmx swapped it) and until the next frame is painted with it.
TAG_JS = """async ([key, leaving]) => {
  const claim = document.querySelector("article.claim.current");
  const id = claim.id;
  const start = performance.now();
  const swapped = new Promise((resolve) => {
    const check = () => {
      const row = document.getElementById(id);
      // The verdict button shows pressed in the new row (htmx settles its class attribute 20 ms later).
      if (row && row !== claim && row.querySelector('button[aria-pressed="true"]')) {
        observer.disconnect();
        resolve(performance.now());
      }
    };
    const observer = new MutationObserver(check);
    observer.observe(claim.parentNode, {childList: true, subtree: true});
  });
  document.activeElement.dispatchEvent(new KeyboardEvent("keydown", {key, bubbles: true, cancelable: true}));
  const rowAt = await swapped;
  if (leaving) { return [rowAt - start, null]; }  // the page moves on to the next page of claims now
  const paintedAt = await new Promise((resolve) => requestAnimationFrame(() => setTimeout(() => resolve(performance.now()), 0)));
  return [rowAt - start, paintedAt - start];
}"""


def article_text(claims: int = 500) -> str:
    sentences = [PATTERNS[i % len(PATTERNS)].format(i=i, n=i * 7 % 97 + 3, city=CITIES[i % len(CITIES)])
                 for i in range(claims)]
    return "\n".join(" ".join(sentences[i:i + 4]) for i in range(0, claims, 4))


def chromium() -> str:
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser",
                      shutil.which("chromium")):
        if candidate and os.path.exists(candidate):
            return candidate
    sys.exit("Chromium not found: apt-get install -y chromium")


def p95(values):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def serve(app):
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per request would drown the figures
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


def sign_in(page, base, name):
    page.goto(base + "/login")
    page.get_by_label("User name").fill(name)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(base + "/")


def measure_open(page, url, opens):
    """Seconds from navigation start to the load event, and to the first claim visible in the viewport."""
    loads, visible = [], []
    for _ in range(opens):
        started = time.perf_counter()
        page.goto(url, wait_until="commit")
        page.locator("article.claim").first.wait_for(state="visible")
        seen = time.perf_counter() - started
        page.wait_for_load_state("load")
        timing = page.evaluate("""() => { const n = performance.getEntriesByType("navigation")[0];
                                          return [n.loadEventEnd - n.startTime, n.transferSize, n.decodedBodySize]; }""")
        box = page.locator("article.claim").first.bounding_box()
        assert box and box["y"] < page.viewport_size["height"], "the first claim is not on screen"
        loads.append(timing[0] / 1000)
        visible.append(seen)
    return {"load_s": statistics.median(loads), "visible_s": statistics.median(visible), "html_bytes": timing[2]}


# True when the current claim is the last one left to tag on this page of claims: its tag moves on to the next page.
LAST_ON_PAGE_JS = """() => {
  const all = [...document.querySelectorAll("article.claim")];
  const rest = all.slice(all.indexOf(document.querySelector("article.claim.current")) + 1);
  return !!document.querySelector('[data-page="next"]') && !rest.some((claim) => !claim.classList.contains("tagged"));
}"""


def measure_tags(page, count):
    """Milliseconds per keyboard tag to the swapped row and to the next painted frame."""
    rows, painted = [], []
    keys = "spu"
    for i in range(count):
        if page.evaluate(LAST_ON_PAGE_JS):
            with page.expect_navigation():
                row_ms, _ = page.evaluate(TAG_JS, [keys[i % 3], True])
            page.locator("article.claim.current").wait_for()
        else:
            row_ms, paint_ms = page.evaluate(TAG_JS, [keys[i % 3], False])
            painted.append(paint_ms)
        rows.append(row_ms)
    return {"n": count, "row_median_ms": statistics.median(rows), "row_p95_ms": p95(rows),
            "paint_median_ms": statistics.median(painted), "paint_p95_ms": p95(painted)}


def run(tags: int, opens: int) -> dict:
    from playwright.sync_api import sync_playwright

    workdir = Path(tempfile.mkdtemp(prefix="review-browser-"))
    app = create_app({"DATABASE": str(workdir / "bench.db"), "SECRET_KEY": "bench"})
    db = connect(app.config["DATABASE"])
    for name in ("demo reviewer", "long reviewer"):
        accounts.create_user(db, name, PASSWORD, "reviewer")
    text = article_text()
    long_id = store.add_article(db, ArticleDraft(title="A long article", text=text))
    demo_id = next(db.query("select id from articles where source = 'seed'"))["id"]
    counts = {article_id: db["claims"].count_where("article_id = ?", [article_id]) for article_id in (demo_id, long_id)}
    db.close()
    server, base = serve(app)
    results = {"long": {"bytes": len(text.encode()), "claims": counts[long_id]},
               "demo": {"claims": counts[demo_id]}}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
            for key, article_id, name in (("demo", demo_id, "demo reviewer"), ("long", long_id, "long reviewer")):
                context = browser.new_context(viewport={"width": 1400, "height": 900})
                page = context.new_page()
                sign_in(page, base, name)
                url = f"{base}/articles/{article_id}"
                results[key].update(measure_open(page, url, opens))
                page.goto(url)
                page.locator("article.claim.current").wait_for()
                results[key].update(measure_tags(page, min(tags, counts[article_id] - 1)))
                context.close()
            browser.close()
    finally:
        server.shutdown()
        shutil.rmtree(workdir, ignore_errors=True)
    return results


ROWS = (
    # (what, result key, unit scale to ms, target in ms)
    ("open: navigation to load event", "load_s", 1000, TARGET_OPEN_S * 1000),
    ("open: to first claim visible", "visible_s", 1000, TARGET_OPEN_S * 1000),
    ("tag to updated row, median", "row_median_ms", 1, TARGET_TAG_MS),
    ("tag to updated row, p95", "row_p95_ms", 1, TARGET_TAG_MS),
    ("tag to painted row, median", "paint_median_ms", 1, TARGET_TAG_MS),
    ("tag to painted row, p95", "paint_p95_ms", 1, TARGET_TAG_MS),
)


def rows(results: dict) -> list[dict]:
    """The figures as run_all's rows: the long article's, with the demo article as the same-run baseline."""
    long, demo = results["long"], results["demo"]
    table = []
    for what, key, scale, target in ROWS:
        mine, base = long[key] * scale, demo[key] * scale
        table.append({"benchmark": "review_browser", "what": f"{what} ({long['claims']} claims)", "value": round(mine, 1),
                      "unit": "ms", "baseline": f"demo article: {base:.1f} ms", "ratio": round(mine / base, 2),
                      "target": f"< {target:.0f} ms", "met": mine < target})
    return table


def report(results: dict):
    long, demo = results["long"], results["demo"]
    print(f"Long article: {long['bytes'] / 1000:.0f} kB, {long['claims']} claims, review page {long['html_bytes'] / 1000:.0f} kB "
          f"of HTML; demo article (baseline): {demo['claims']} claims, {demo['html_bytes'] / 1000:.0f} kB of HTML")
    print(f"{'':34}{'long':>10}{'demo':>10}{'target':>10}{'long/target':>13}{'long/demo':>11}")
    for what, key, scale, target in ROWS:
        mine, base = long[key] * scale, demo[key] * scale
        print(f"{what + ' (ms)':34}{mine:10.1f}{base:10.1f}{target:10.0f}{mine / target:13.2f}{mine / base:11.2f}")
    print(f"Tags timed: {long['n']} on the long article, {demo['n']} on the demo (keys s, p, u in turn).")
    met = all(row["met"] for row in rows(results))
    print("All within the targets." if met else "Some figures miss their target.")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tags", type=int, default=50, help="keyboard tags to time per article (default 50)")
    parser.add_argument("--opens", type=int, default=5, help="page opens to time per article (default 5)")
    parser.add_argument("--quick", action="store_true", help="10 tags and 2 opens: a check that it works")
    parser.add_argument("--json", metavar="FILE", help="also write the figures to FILE as JSON (for run_all.py)")
    args = parser.parse_args(argv)
    results = run(10, 2) if args.quick else run(args.tags, args.opens)
    report(results)
    if args.json:
        Path(args.json).write_text(json.dumps({"rows": rows(results), "notes": []}, indent=1))


if __name__ == "__main__":
    main()
