"""The earlier claims worth scoring against a claim: those sharing its rarest words, by FTS5's BM25 over claims_fts.

BM25 has to score every claim holding any of the query's words, so a query of common words costs as much as the
corpus is large (45 ms a claim at 10,000 claims with every content word in the query, bench/match_speed.py). The
query therefore takes the claim's rarest words only, as the index itself counts them, and at most a bounded
number of postings: rare words (names, numbers, the topic's own terms) are also what two wordings of one claim
share.
"""
import re

# Enough for a paraphrase that shares only a few of its words to be among them; scoring 50 short texts is
# under a millisecond, and BM25 already put the near-copies first.
CANDIDATES = 50
# The query's words: at most this many, the rarest first ...
MAX_TERMS = 10
# ... and no more claims holding them, in all, than this (the two rarest are always taken, however common).
MAX_POSTINGS = 1_500
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


def _prepare(db):
    """This connection's helpers, in its temp schema (nothing is written to the database file): a porter-tokenized
    scratch index that turns a claim into the very terms claims_fts holds, and the claims index's term counts."""
    state = getattr(db, "_matching", None)
    if state is None:
        db.execute("create virtual table if not exists temp.matching_scratch using fts5(text, tokenize='porter')")
        db.execute("create virtual table if not exists temp.matching_scratch_terms "
                   "using fts5vocab(temp, matching_scratch, row)")
        db.execute("create virtual table if not exists temp.matching_claim_terms using fts5vocab(main, claims_fts, row)")
        state = db._matching = {"df": {}}
    return state


def index_terms(db, text: str) -> list[str]:
    """The claim's content words as claims_fts's porter tokenizer stores them ("recalls" -> "recal")."""
    _prepare(db)
    db.execute("insert into temp.matching_scratch (rowid, text) values (1, ?)", [" ".join(content_words(text))])
    try:
        return [row[0] for row in db.execute("select term from temp.matching_scratch_terms")]
    finally:
        db.execute("delete from temp.matching_scratch where rowid = 1")


def rare_terms(db, text: str) -> list[str]:
    """The claim's rarest index terms within MAX_TERMS and MAX_POSTINGS; terms no claim holds are left out."""
    state = _prepare(db)
    cache = state["df"]
    if len(cache) > DF_CACHE_SIZE:
        cache.clear()
    counted = []
    for term in index_terms(db, text):
        if term not in cache:
            row = db.execute("select doc from temp.matching_claim_terms where term = ?", [term]).fetchone()
            cache[term] = row[0] if row else 0
        if cache[term]:
            counted.append((cache[term], term))
    chosen, postings = [], 0
    for count, term in sorted(counted):
        if len(chosen) >= MAX_TERMS or (len(chosen) >= 2 and postings + count > MAX_POSTINGS):
            break
        chosen.append(term)
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
