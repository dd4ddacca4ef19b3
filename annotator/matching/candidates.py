"""The earlier claims worth scoring against a claim: those sharing its rarer words, by FTS5's BM25 over claims_fts."""
import re

# Enough for a paraphrase that shares only a few of its words to be among them; scoring 50 short texts is
# under a millisecond, and BM25 already put the near-copies first.
CANDIDATES = 50
# A long claim's words after the first MAX_TERMS distinct ones add little and make the OR query slower.
MAX_TERMS = 24
_WORDS = re.compile(r"\w+")
# Words nearly every claim holds: as OR terms they match most of the corpus, which BM25 must then rank.
STOPWORDS = frozenset("""
a an the and or but if of to in on at by for with from as is are was were be been being it its this that these those
he she they we you i his her their our your them us him me not no so than then there here which who whom whose what
when where why how all any each more most other some such only own same very can will just should now has have had
do does did said says say would could also into over after before about up down out off again further once between
""".split())


def fts_query(text: str) -> str:
    """The claim's distinct content words as an FTS5 OR query, each quoted so no word is read as syntax."""
    seen = []
    for word in _WORDS.findall(text.lower()):
        if (len(word) > 1 or word.isdigit()) and word not in STOPWORDS and word not in seen:
            seen.append(word)
    return " OR ".join('"' + word.replace('"', '""') + '"' for word in seen[:MAX_TERMS])


def candidates(db, text: str, before_article=None, exclude_article=None, limit: int = CANDIDATES) -> list[dict]:
    """Live claims best first by BM25 (id, text, article_id, bm25), from other articles.

    before_article keeps only articles with a smaller id (the earlier ones); exclude_article leaves out one article.
    """
    query = fts_query(text)
    if not query:
        return []
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
