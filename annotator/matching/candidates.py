"""The earlier claims worth scoring against a claim: those sharing its rarest words, by FTS5's BM25 over claims_fts.

BM25 has to score every claim holding any of the query's words, so a query of common words costs as much as the
corpus is large (45 ms a claim at 10,000 claims with every content word in the query, bench/match_speed.py). The
query therefore takes the claim's rarest words only, as the index itself counts them, and at most a bounded
number of postings: rare words (names, numbers, the topic's own terms) are also what two wordings of one claim
share.
"""
import re

# Twice the claims shown (MAX_MATCHES): BM25 puts the near-copies first, and on the gold set 20 found what 50
# did; each more is a row read and scored (on 100 much-repeating generated articles, 50 -> 20 with 600 postings
# instead of 1,500 took matching from 6.1 to 3.7 times the time storing them takes).
CANDIDATES = 20
# The query's words: at most this many, the rarest first ...
MAX_TERMS = 10
# ... and no more claims holding them, in all, than this (the two rarest are always taken, however common).
MAX_POSTINGS = 600
# Doc frequencies change slowly as claims are added: each connection keeps what it looked up, up to this many.
DF_CACHE_SIZE = 200_000
_WORDS = re.compile(r"\w+")
# Words nearly every claim holds: they would match most of the corpus and name nothing.
STOPWORDS = frozenset("""
a an the and or but if of to in on at by for with from as is are was were be been being it its this that these those
he she they we you i his her their our your them us him me not no so than then there here which who whom whose what
when where why how all any each more most other some such only own same very can will just should now has have had
do does did said says say would could also into over after before about up down out off again further once between
""".split())


def content_words(text: str) -> list[str]:
    """The claim's distinct words that are not stopwords, in order."""
    seen = []
    for word in _WORDS.findall(text.lower()):
        if (len(word) > 1 or word.isdigit()) and word not in STOPWORDS and word not in seen:
            seen.append(word)
    return seen


def _counts(db) -> dict:
    """This connection's cache of how many claims hold each word (as claims_fts counts them)."""
    cache = getattr(db, "_matching_counts", None)
    if cache is None or len(cache) > DF_CACHE_SIZE:
        cache = db._matching_counts = {}
    return cache


def claims_holding(db, word: str) -> int:
    """How many claims hold the word, stemmed as the index stems it ("recalls" counts "recalled")."""
    cache = _counts(db)
    if word in cache:
        return cache[word]
    # FTS5 reads the word's list of claims to count them: once per word and connection, then from the cache (a
    # count that has grown since only changes which words are the rarest). A word no claim holds is not kept: the
    # next import may bring it, and it costs nothing to count again.
    count = db.execute("select count(*) from claims_fts where claims_fts match ?",
                       ['"' + word.replace('"', '""') + '"']).fetchone()[0]
    if count:
        cache[word] = count
    return count


def rare_terms(db, text: str) -> list[str]:
    """The claim's rarest content words within MAX_TERMS and MAX_POSTINGS; words no claim holds are left out."""
    counted = sorted((count, word) for word in content_words(text) if (count := claims_holding(db, word)))
    chosen, postings = [], 0
    for count, word in counted:
        if len(chosen) >= MAX_TERMS or (len(chosen) >= 2 and postings + count > MAX_POSTINGS):
            break
        chosen.append(word)
        postings += count
    return chosen


def candidates(db, text: str, before_article=None, exclude_article=None, limit: int = CANDIDATES) -> list[dict]:
    """Live claims best first by BM25 (id, text, article_id, bm25), from other articles.

    before_article keeps only articles with a smaller id (the earlier ones); exclude_article leaves out one article.
    """
    terms = rare_terms(db, text)
    if not terms:
        return []
    query = " OR ".join('"' + term.replace('"', '""') + '"' for term in terms)
    conditions, params = ["c.retired_at is null", "c.is_claim"], {"match": query, "limit": limit}
    if before_article is not None:
        conditions.append("c.article_id < :before")
        params["before"] = before_article
    if exclude_article is not None:
        conditions.append("c.article_id != :exclude")
        params["exclude"] = exclude_article
    return list(db.query(
        "select c.id, c.text, c.article_id, f.rank as bm25 from claims_fts f join claims c on c.id = f.rowid "
        f"where claims_fts match :match and {' and '.join(conditions)} order by f.rank limit :limit", params))
