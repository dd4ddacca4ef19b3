"""Seen before on the matching gold set: P@1, MAP@5 and precision / recall at both thresholds, beside baselines.

The gold set (tests/data/matchgold/, docs/matching-gold.md) was written blind, before the matcher ran on it: claims
of earlier articles (corpus) and claims of new articles (queries) labelled exact / near / paraphrase (must match)
and other number / other actor / other direction / same topic (must not). Each half's corpus claims are stored as
articles, every query is matched against them as the app matches an imported claim, and:

- P@1: share of the queries with a relevant claim whose best-scored candidate is relevant;
- MAP@5: mean average precision of the top five (relevant claims counted up to five);
- auto-link / suggest precision and recall: over every (query, claim) pair scored at or above the threshold, the
  share relevant, and the share of relevant pairs reached (auto-link: of the exact and near pairs).

Baselines in the same run: BM25's own order (the candidate step alone), exact text (the same text after case,
spaces, quotes and digit separators, linked), and each scoring measure with and without the facts rule.
Tune only on the dev half (the default); --split test reports the held-out half with the app's thresholds.
--tune prints the thresholds the dev half would choose.

Example:
    PYTHONPATH=. python bench/match_eval.py
    PYTHONPATH=. python bench/match_eval.py --split test
"""
import argparse
import json
import re
import sys
import tempfile
from pathlib import Path

from annotator.db import connect, migrate, utc_now
from annotator.matching import MEASURE, score_candidates
from annotator.matching.candidates import candidates
from annotator.matching.thresholds import AUTO_LINK, SUGGEST

GOLD = Path(__file__).resolve().parents[1] / "tests" / "data" / "matchgold"
RELEVANT = ("exact", "near", "paraphrase")
# The targets of issue 15.
TARGETS = {"MAP@5": 0.85, "auto-link precision": 0.99, "suggest precision": 0.90, "suggest recall": 0.70}


def load(split: str) -> tuple[list[dict], list[dict]]:
    """The corpus claims and queries of one half's topics."""
    topics = set(json.loads((GOLD / "split.json").read_text())[split])
    read = lambda name: [json.loads(line) for line in (GOLD / name).read_text(encoding="utf-8").splitlines()
                         if line.strip()]
    return ([row for row in read("corpus.jsonl") if row["topic"] in topics],
            [row for row in read("queries.jsonl") if row["topic"] in topics])


def stored_corpus(folder: Path, corpus: list[dict]):
    """A migrated database holding each corpus article with its claims exactly as written; gold id by claim id."""
    db = connect(folder / "matchgold.db")
    migrate(db)
    ids, articles = {}, {}
    for row in corpus:
        if row["article"] not in articles:
            articles[row["article"]] = db["articles"].insert({"title": row["article"], "text": row["article"],
                                                              "created_at": utc_now()}).last_pk
        claim_id = db["claims"].insert({"article_id": articles[row["article"]], "position": len(ids),
                                        "text": row["text"], "start": 0, "end": len(row["text"]),
                                        "key_phrase": ""}).last_pk
        ids[claim_id] = row["id"]
    return db, ids


def _plain(text: str) -> str:
    """The text as the exact-text baseline compares it: case, quotes, spaces and digit separators ignored."""
    text = re.sub(r"[‘’“”']", '"', text.lower())
    text = re.sub(r"(?<=\d)[, \u2009\u202f](?=\d{3})", "", text)
    return " ".join(re.sub(r"[^\w%£$€\"]+", " ", text).split())


def ranked(db, ids, queries, method: str) -> dict[str, list[tuple]]:
    """For each query id, (gold claim id, score, linkable) best first, by one method."""
    out = {}
    for query in queries:
        found = candidates(db, query["text"])
        if method == "bm25":
            # BM25's order alone, a score falling with the rank so that the thresholds read it as a ranking.
            out[query["id"]] = [(ids[row["id"]], 1 / (1 + i), True) for i, row in enumerate(found)]
        elif method == "exact":
            out[query["id"]] = [(ids[row["id"]], 1.0, True) for row in found
                                if _plain(row["text"]) == _plain(query["text"])]
        else:
            measure, _, facts = method.partition("+")
            out[query["id"]] = [(ids[row["id"]], score, linkable) for row, score, _, linkable in
                                score_candidates(query["text"], found, measure, use_facts=facts == "facts")]
    return out


def figures(results, queries, auto_link: float, suggest: float) -> dict:
    """P@1, MAP@5 and precision / recall at both thresholds."""
    p1, ap5 = [], []
    linked_right = linked = should_link = linked_strong = 0
    suggested_right = suggested = relevant_pairs = 0
    for query in queries:
        relevant = {claim for claim, label in query["relevant"].items() if label in RELEVANT}
        strong = {claim for claim, label in query["relevant"].items() if label in ("exact", "near")}
        found = results[query["id"]]
        if relevant:
            top = [claim for claim, *_ in found[:5]]
            p1.append(bool(top) and top[0] in relevant)
            hits, precisions = 0, []
            for rank, claim in enumerate(top, 1):
                if claim in relevant:
                    hits += 1
                    precisions.append(hits / rank)
            ap5.append(sum(precisions) / min(len(relevant), 5))
        above_link = {claim for claim, score, linkable in found if score >= auto_link and linkable}
        above_suggest = {claim for claim, score, _ in found if score >= suggest}
        # A linked paraphrase is right (the same claim), though auto-link recall only counts exact and near pairs.
        linked_right, linked = linked_right + len(above_link & relevant), linked + len(above_link)
        linked_strong, should_link = linked_strong + len(above_link & strong), should_link + len(strong)
        suggested_right, suggested = suggested_right + len(above_suggest & relevant), suggested + len(above_suggest)
        relevant_pairs += len(relevant)
    mean = lambda values: sum(values) / len(values) if values else 0.0
    ratio = lambda a, b: a / b if b else 1.0
    return {"P@1": mean(p1), "MAP@5": mean(ap5), "auto-link precision": ratio(linked_right, linked),
            "auto-link recall": ratio(linked_strong, should_link), "auto-linked": linked,
            "suggest precision": ratio(suggested_right, suggested),
            "suggest recall": ratio(suggested_right, relevant_pairs), "suggested": suggested}


def tune(results, queries) -> tuple[float, float]:
    """The lowest auto-link line keeping precision >= 0.99 and the lowest suggest line keeping it >= 0.90."""
    grid = [round(0.40 + i / 100, 2) for i in range(61)]
    auto = next((t for t in grid if figures(results, queries, t, t)["auto-link precision"] >= 0.99), 1.0)
    suggest = next((t for t in grid if figures(results, queries, auto, t)["suggest precision"] >= 0.90), auto)
    return auto, min(suggest, auto)


METHODS = ("bm25", "exact", "token_set", "token_set+facts", "token_sort+facts", "char_tfidf", "char_tfidf+facts",
           "blend", "blend+facts")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=("dev", "test"), default="dev")
    parser.add_argument("--tune", action="store_true", help="print the thresholds each measure would get (dev)")
    parser.add_argument("--show", action="store_true", help="print the app method's mistakes")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    args = parser.parse_args(argv)
    corpus, queries = load(args.split)
    app_method = f"{MEASURE}+facts"
    print(f"{args.split} half: {len(corpus)} corpus claims, {len(queries)} queries; app: {app_method}, "
          f"auto-link {AUTO_LINK}, suggest {SUGGEST}")
    rows = {}
    with tempfile.TemporaryDirectory(prefix="matchgold-") as folder:
        db, ids = stored_corpus(Path(folder), corpus)
        header = f"{'method':<18}{'P@1':>6}{'MAP@5':>7}{'link P':>8}{'link R':>8}{'sugg P':>8}{'sugg R':>8}"
        print(header + ("   tuned (link, suggest)" if args.tune else ""))
        for method in METHODS:
            results = ranked(db, ids, queries, method)
            auto, suggest = (1.0, 1.0) if method == "exact" else (AUTO_LINK, SUGGEST)
            if method == "bm25":
                auto, suggest = 1.0, 1.0  # top-1 is linked and suggested: the ranking alone
            row = rows[method] = figures(results, queries, auto, suggest)
            line = (f"{method + (' (app)' if method == app_method else ''):<18}{row['P@1']:>6.3f}{row['MAP@5']:>7.3f}"
                    f"{row['auto-link precision']:>8.3f}{row['auto-link recall']:>8.3f}"
                    f"{row['suggest precision']:>8.3f}{row['suggest recall']:>8.3f}")
            if args.tune and method not in ("bm25", "exact"):
                t_auto, t_suggest = tune(results, queries)
                tuned = figures(results, queries, t_auto, t_suggest)
                line += (f"   {t_auto:.2f}, {t_suggest:.2f} -> link P {tuned['auto-link precision']:.3f} R "
                         f"{tuned['auto-link recall']:.3f}, sugg P {tuned['suggest precision']:.3f} R "
                         f"{tuned['suggest recall']:.3f}")
            print(line)
            if args.show and method == app_method:
                show = [(query, results[query["id"]][:3]) for query in queries]
        if args.show:
            for query, top in show:
                labels = {**query["hard_negatives"], **query["relevant"]}
                for claim, score, _ in top:
                    label = labels.get(claim, "-")
                    wrong = (score >= SUGGEST) != (label in RELEVANT)
                    if wrong:
                        text = next(row["text"] for row in corpus if row["id"] == claim)
                        print(f"\n{query['id']} {score:.3f} {label}: {query['text']}\n      {claim}: {text}")
    app = rows[app_method]
    print("\nTargets (issue 15): " + ", ".join(
        f"{name} {app[name]:.3f} {'>=' if app[name] >= target else '<'} {target}" for name, target in TARGETS.items()))
    if args.json:
        Path(args.json).write_text(json.dumps({"split": args.split, "methods": rows}, indent=2))
    return rows


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
