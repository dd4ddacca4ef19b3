"""How alike two claims' wordings are, from 0 to 1: the measures compared in bench/match_eval.py."""
import re

from rapidfuzz import fuzz, process, utils

_WORDS = re.compile(r"\w+")


def _ratios(scorer, query: str, candidates: list[str]) -> list[float]:
    """scorer(query, candidate) / 100 for each candidate, in their order (one call into rapidfuzz's C++ for all)."""
    scores = [0.0] * len(candidates)
    for _, score, index in process.extract(query, candidates, scorer=scorer, processor=utils.default_process,
                                           limit=None):
        scores[index] = score / 100
    return scores


def token_set(query: str, candidates: list[str]) -> list[float]:
    """rapidfuzz's token-set ratio: shared words count in full, word order and repeated words do not."""
    return _ratios(fuzz.token_set_ratio, query, candidates)


def token_sort(query: str, candidates: list[str]) -> list[float]:
    """rapidfuzz's token-sort ratio: edit distance over the sorted words (extra words cost, unlike token-set)."""
    return _ratios(fuzz.token_sort_ratio, query, candidates)


def char_tfidf(query: str, candidates: list[str]) -> list[float]:
    """Cosine of character 3-5-gram TF-IDF vectors, the IDF taken from the query and its candidates."""
    if not candidates:
        return []
    # Imported here: scikit-learn takes about a second to import, which the default measure never pays.
    from sklearn.feature_extraction.text import TfidfVectorizer
    vectors = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), lowercase=True, sublinear_tf=True) \
        .fit_transform([query, *candidates])
    return [float(value) for value in (vectors[1:] @ vectors[0].T).toarray().ravel()]


def blend(query: str, candidates: list[str]) -> list[float]:
    """The mean of token-set and token-sort: token-set alone calls a claim and any longer one holding it equal."""
    return [(a + b) / 2 for a, b in zip(token_set(query, candidates), token_sort(query, candidates))]


MEASURES = {"token_set": token_set, "token_sort": token_sort, "blend": blend, "char_tfidf": char_tfidf}
