"""Splitting speed: claims per second on ~10 MB of English news text, against pySBD and syntok in the same run.

Our splitter runs on the whole corpus. pySBD is many times slower, so it runs on a slice of the same
articles and its time is extrapolated per MB (printed as such); syntok likewise on a larger slice. Every
splitter gets one article at a time, as an import gives it; pySBD's time grows faster than linearly on a
single huge text, so feeding it articles is the fair comparison. Accuracy is measured elsewhere
(bench/claims_eval.py): this file only times.

Example: python bench/split_speed.py --quick
"""
import time

import benchlib

from annotator.text import split_claims, split_sentences

MB = 1_000_000
FULL = {"corpus": 10 * MB, "pysbd_slice": 500_000, "syntok_slice": 2 * MB}
QUICK = {"corpus": 1 * MB, "pysbd_slice": 100_000, "syntok_slice": 300_000}
TARGET_RATIO = 20


def size(texts) -> int:
    return sum(len(text.encode("utf-8")) for text in texts)


def head(texts, max_bytes: int) -> list[str]:
    """The first articles adding up to at most max_bytes."""
    taken, total = [], 0
    for text in texts:
        total += len(text.encode("utf-8"))
        if total > max_bytes and taken:
            break
        taken.append(text)
    return taken


def timed(split, texts) -> tuple[float, int]:
    """Seconds to split every text, and how many pieces came out."""
    split(texts[0])  # warm up: compiled patterns, lazy imports
    start = time.perf_counter()
    pieces = sum(len(split(text)) for text in texts)
    return time.perf_counter() - start, pieces


def pysbd_splitter():
    import pysbd

    segmenter = pysbd.Segmenter(language="en", clean=False)
    return segmenter.segment


def syntok_splitter():
    from syntok import segmenter

    def split(text):
        return [sentence for paragraph in segmenter.process(text) for sentence in paragraph]
    return split


def main(argv=None):
    args = benchlib.parse_args(__doc__.split("\n")[0], argv)
    sizes = QUICK if args.quick else FULL
    results = benchlib.Results("split")
    corpus = benchlib.news_corpus(sizes["corpus"])
    megabytes = size(corpus) / MB
    print(f"split: {len(corpus):,} articles, {megabytes:.1f} MB", flush=True)

    benchlib.wait_until_quiet()
    seconds, claims = timed(split_claims, corpus)
    claims_mb_s = megabytes / seconds
    seconds_sentences, sentences = timed(split_sentences, corpus)
    sentences_mb_s = megabytes / seconds_sentences

    sbd_slice = head(corpus, sizes["pysbd_slice"])
    sbd_seconds, sbd_sentences = timed(pysbd_splitter(), sbd_slice)
    sbd_mb_s = size(sbd_slice) / MB / sbd_seconds
    try:
        syntok = syntok_splitter()
    except ImportError:
        syntok = None
    if syntok:
        syntok_slice = head(corpus, sizes["syntok_slice"])
        syntok_seconds, syntok_sentences = timed(syntok, syntok_slice)

    pysbd_label = f"pySBD {sbd_mb_s:.2f} MB/s"
    results.add("claims (split_claims: sentences, repeats, key phrases, suggestions)", claims / seconds,
                "claims/s", pysbd_label, claims_mb_s / sbd_mb_s, f"≥ {TARGET_RATIO}× pySBD",
                claims_mb_s / sbd_mb_s >= TARGET_RATIO)
    results.add("  throughput of split_claims", claims_mb_s, "MB/s")
    results.add(f"  time for the {megabytes:.1f} MB corpus", seconds, "s", f"pySBD ~{megabytes / sbd_mb_s:.0f} s "
                "(extrapolated)", (megabytes / sbd_mb_s) / seconds)
    results.add("sentences (split_sentences, like for like with pySBD)", sentences / seconds_sentences,
                "sentences/s", pysbd_label, sentences_mb_s / sbd_mb_s, f"≥ {TARGET_RATIO}× pySBD",
                sentences_mb_s / sbd_mb_s >= TARGET_RATIO)
    results.add("  throughput of split_sentences", sentences_mb_s, "MB/s")
    results.add(f"pySBD 0.3.4 on a {size(sbd_slice) / MB:.1f} MB slice", sbd_sentences / sbd_seconds,
                "sentences/s")
    results.add("  throughput of pySBD", sbd_mb_s, "MB/s")
    if syntok:
        syntok_mb_s = size(syntok_slice) / MB / syntok_seconds
        results.add(f"syntok 1.4.4 on a {size(syntok_slice) / MB:.1f} MB slice", syntok_sentences / syntok_seconds,
                    "sentences/s", pysbd_label, syntok_mb_s / sbd_mb_s)
        results.add("  throughput of syntok", syntok_mb_s, "MB/s", "split_claims vs syntok", claims_mb_s / syntok_mb_s)
    else:
        results.note("syntok is not installed: pip install -r bench/requirements-perf.txt")
    results.note(f"sentences per MB: ours {sentences / megabytes:,.0f}, pySBD "
                 f"{sbd_sentences / (size(sbd_slice) / MB):,.0f}" +
                 (f", syntok {syntok_sentences / (size(syntok_slice) / MB):,.0f}" if syntok else ""))
    results.finish(args)


if __name__ == "__main__":
    main()
