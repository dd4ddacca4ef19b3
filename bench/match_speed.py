"""Seen-before matching speed: latency per claim with 10,000 / 100,000 (/ 1,000,000) stored claims, and index size.

Claims are generated news-like sentences: words drawn from a Zipf-shaped vocabulary of 40,000 (so, as in news,
a few words are in most claims and most words in few), names, numbers. Each size is stored in a fresh database
(the claims table and its FTS5 index, filled by the app's own triggers); then claims are matched as an import
matches them: half are reworded copies of a stored claim (a few words dropped, moved or replaced), half new.
Prints p50 / p99 per claim of the whole match (candidates + scoring + facts) and of the candidate step alone
(the FTS5 BM25 query, the baseline: the work matching cannot skip), and the FTS index's size on disk.

Example: python bench/match_speed.py --quick
"""
import random
import time

import benchlib

from annotator.matching import match_text
from annotator.matching.candidates import candidates

FULL_SIZES = (10_000, 100_000, 1_000_000)
QUICK_SIZES = (10_000,)
QUERIES = 300
QUICK_QUERIES = 100
TARGET_P99_MS = 20  # at 1,000,000 claims (issue 15)
VOCABULARY = 40_000


def vocabulary(rng: random.Random) -> tuple[list[str], list[float]]:
    """Made-up words with Zipf weights: word k is about 1/k as frequent as the first."""
    syllables = ["ka", "lo", "mer", "tan", "vi", "sor", "del", "pra", "mun", "es", "ri", "gol", "ben", "tu", "zar"]
    words = set()
    while len(words) < VOCABULARY:
        words.add("".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))))
    words = sorted(words)
    rng.shuffle(words)
    return words, [1 / rank for rank in range(1, len(words) + 1)]


def claim(rng: random.Random, words, weights) -> str:
    """A sentence of 12-30 words, with a capitalised name and a number or two."""
    body = rng.choices(words, weights, k=rng.randint(10, 26))
    body.insert(rng.randint(0, len(body)), rng.choice(words).capitalize())
    body.insert(rng.randint(0, len(body)), f"{rng.randint(2, 999):,}")
    if rng.random() < 0.5:
        body.insert(rng.randint(0, len(body)), f"{rng.randint(1, 99)} per cent")
    return body[0].capitalize() + " " + " ".join(body[1:]) + ", officials said."


def reworded(rng: random.Random, text: str, words, weights) -> str:
    """A paraphrase-like copy: two words dropped, one replaced, a clause moved."""
    parts = text.rstrip(".").split()
    for _ in range(2):
        del parts[rng.randrange(len(parts))]
    parts[rng.randrange(len(parts))] = rng.choices(words, weights)[0]
    cut = rng.randrange(1, len(parts))
    return " ".join(parts[cut:] + parts[:cut]) + "."


def store_claims(db, texts, per_article: int = 25):
    """The claims in articles of per_article each, in batches of one transaction, as imports store them."""
    now = "2026-12-01T00:00:00Z"
    for start in range(0, len(texts), 50_000):
        batch = texts[start:start + 50_000]
        db.execute("BEGIN IMMEDIATE")
        for offset in range(0, len(batch), per_article):
            article_id = db.execute("insert into articles (title, text, created_at) values (?, ?, ?)",
                                    [f"Article {start + offset}", "-", now]).lastrowid
            db.conn.executemany(
                "insert into claims (article_id, position, text, start, \"end\", key_phrase) values (?, ?, ?, 0, 0, '')",
                [(article_id, position, text) for position, text in enumerate(batch[offset:offset + per_article])])
        db.execute("COMMIT")


def timed(function, queries) -> list[float]:
    """Milliseconds per query, sorted."""
    times = []
    for query in queries:
        began = time.perf_counter()
        function(query)
        times.append((time.perf_counter() - began) * 1000)
    return sorted(times)


def fts_bytes(db) -> int:
    """Bytes of the claims' FTS5 index (its shadow tables), from SQLite's dbstat."""
    try:
        return db.execute("select sum(pgsize) from dbstat where name like 'claims_fts%'").fetchone()[0] or 0
    except Exception:  # a SQLite built without dbstat: the whole file instead
        return db.execute("select page_count * page_size from pragma_page_count(), pragma_page_size()").fetchone()[0]


def main(argv=None):
    args = benchlib.parse_args(__doc__.split("\n")[0], argv)
    results = benchlib.Results("match_speed")
    sizes, count = (QUICK_SIZES, QUICK_QUERIES) if args.quick else (FULL_SIZES, QUERIES)
    rng = random.Random(15)
    words, weights = vocabulary(rng)
    for size in sizes:
        with benchlib.work_dir("annotator-match-speed-") as folder:
            db = benchlib.open_db(folder / "match.db")
            texts = [claim(rng, words, weights) for _ in range(size)]
            began = time.perf_counter()
            store_claims(db, texts)
            stored_s = time.perf_counter() - began
            queries = [reworded(rng, rng.choice(texts), words, weights) if i % 2 else claim(rng, words, weights)
                       for i in range(count)]
            # Warm, as a serving process is: index pages read from disk, common words' counts looked up once.
            for _ in range(count):
                match_text(db, claim(rng, words, weights))
            whole = timed(lambda text: match_text(db, text), queries)
            fts = timed(lambda text: candidates(db, text), queries)
            found = sum(bool(match_text(db, text)) for text in queries[1::2])
            label = f"{size:,} claims"
            results.add(f"{label}: match p50", round(benchlib.percentile(whole, 0.5), 2), "ms/claim")
            p99 = round(benchlib.percentile(whole, 0.99), 2)
            fts_p99 = round(benchlib.percentile(fts, 0.99), 2)
            results.add(f"{label}: match p99", p99, "ms/claim", baseline="FTS5 candidates alone",
                        ratio=round(p99 / fts_p99, 2) if fts_p99 else None,
                        target=f"< {TARGET_P99_MS} ms at 1,000,000" if size == 1_000_000 else "",
                        met=p99 < TARGET_P99_MS if size == 1_000_000 else None)
            results.add(f"{label}: FTS5 candidates p50 / p99",
                        f"{benchlib.percentile(fts, 0.5):.2f} / {fts_p99:.2f}", "ms/claim")
            results.add(f"{label}: FTS index size", round(fts_bytes(db) / 1e6, 1), "MB")
            results.add(f"{label}: reworded copies found", f"{found} of {len(queries[1::2])}", "")
            results.note(f"{label}: stored in {stored_s:.0f} s (claims and FTS index, one transaction per 50,000)")
            db.close()
    results.finish(args)


if __name__ == "__main__":
    main()
