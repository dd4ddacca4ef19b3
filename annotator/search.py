"""Search the whole corpus: a person's words as a safe FTS5 query, filters, a page of claims with highlights, CSV rows."""
import re
from dataclasses import dataclass, field

from markupsafe import Markup, escape

from . import blind, double_review
from .accounts import LEAD_ROLES
from .export_rows import ExportFilter, InvalidFilter
from .text import VERDICTS

# The search page shows this many claims a page.
PAGE_SIZE = 25
# Longer than any search a person types: a pasted paragraph is refused with a message instead of becoming a query
# of hundreds of terms that every claim must hold.
MAX_QUERY_LENGTH = 500
MAX_TERMS = 20
# The final-verdict filter: any, none given yet, or one verdict.
FINAL_CHOICES = {"none": "no final verdict yet", **{verdict: verdict for verdict in VERDICTS}}


def final_choices(known_verdicts=None) -> dict:
    """The final-verdict filter's choices for every value of every scale (known_verdicts), or the sourcing ones."""
    if not known_verdicts:
        return dict(FINAL_CHOICES)
    return {"none": FINAL_CHOICES["none"], **{verdict: verdict for verdict in known_verdicts}}
# Where a match was, in the words the results use.
PLACES = ("text", "key phrase", "note", "evidence")
# The CSV's columns, fixed here so the header never depends on the results.
CSV_COLUMNS = ("article_id", "article_title", "claim_id", "claim_text", "key_phrase", "claim_status", "verdicts",
               "final_verdict", "matched_in")

# FTS5's highlight() and snippet() wrap each matched phrase in these; the text is escaped first and only then are
# they turned into <mark>, so an article's or a note's own markup always shows as text. Control characters no
# stored text holds (the importer refuses them); a text that holds one anyway is shown unmarked.
OPEN, CLOSE = "\x02", "\x03"
# A phrase in double quotes, or a run of anything else up to the next space or quote.
_TOKENS = re.compile(r'"([^"]*)"|([^\s"]+)')
_WORD = re.compile(r"\w")


class InvalidSearch(ValueError):
    """A search that cannot run; the message says why and what to type instead."""


@dataclass(frozen=True)
class Term:
    """One word or quoted phrase of a search; a prefix term ends with * and finds every word it starts."""
    text: str
    phrase: bool = False
    prefix: bool = False

    def fts(self) -> str:
        # Every term goes to FTS5 as a quoted string, so AND, NEAR(, a lone - or ( are words, never operators.
        return '"' + self.text.replace('"', '""') + '"' + ("*" if self.prefix else "")


def parse_query(query: str) -> tuple[Term, ...]:
    """The words and "quoted phrases" of a search; anything FTS5 would read as syntax is taken as plain words."""
    query = (query or "").strip()
    if len(query) > MAX_QUERY_LENGTH:
        raise InvalidSearch(f"The search is longer than {MAX_QUERY_LENGTH} characters: type a few words or a phrase.")
    if query.count('"') % 2:
        query = query[::-1].replace('"', " ", 1)[::-1]  # a lone quote: the words after it are plain words
    terms = []
    for phrase, word in _TOKENS.findall(query):
        if phrase:
            text, prefix = " ".join(phrase.split()), False
        else:
            text, prefix = word.rstrip("*"), word.endswith("*")
        if not _WORD.search(text):
            continue  # punctuation alone ("-", "(", "*") holds no word to look for
        terms.append(Term(text, phrase=bool(phrase), prefix=prefix))
    if len(terms) > MAX_TERMS:
        raise InvalidSearch(f"The search has more than {MAX_TERMS} words: take out some.")
    if query and not terms:
        raise InvalidSearch("The search holds no word to look for: type letters or numbers.")
    return tuple(terms)


@dataclass(frozen=True)
class Search:
    """What to look for and in which claims: the words, the export's filters, and a final verdict."""
    query: str = ""
    terms: tuple = ()
    filter: ExportFilter = field(default_factory=ExportFilter)
    final_verdict: str | None = None

    @classmethod
    def parse(cls, viewer: dict, query="", article_id=None, reviewer=None, verdict=None, final_verdict=None,
              since=None, until=None, claims=None, archived=None, known_verdicts=None) -> "Search":
        """Clean a search from the page or the API; empty values mean no filter. InvalidSearch says what is wrong."""
        terms = parse_query(query)
        try:
            # The export's own parser: the same verdicts, ISO dates and choices, and the same messages.
            export_filter = ExportFilter.parse(article_id=article_id, reviewer=reviewer, verdict=verdict,
                                               since=since, until=until, claims=claims, archived=archived,
                                               known_verdicts=known_verdicts)
        except InvalidFilter as error:
            raise InvalidSearch(str(error)) from None
        if export_filter.reviewer not in (None, viewer["name"]) and viewer["role"] not in LEAD_ROLES:
            raise InvalidSearch("A reviewer sees only their own verdicts: filter by your own name, or by none.")
        final_verdict = (final_verdict or "").strip() or None
        finals = final_choices(known_verdicts)
        if final_verdict is not None and final_verdict not in finals:
            raise InvalidSearch(f"Unknown final verdict {final_verdict!r}: use {', '.join(finals)}.")
        return cls(query=(query or "").strip(), terms=terms, filter=export_filter, final_verdict=final_verdict)

    @property
    def match(self) -> str:
        """The FTS5 query: every term must be there (FTS5 joins terms with AND)."""
        return " ".join(term.fts() for term in self.terms)

    def args(self) -> dict:
        """The search as URL arguments, empty ones left out: what the page links and the CSV link carry."""
        f = self.filter
        values = {"q": self.query, "article": f.article_id, "reviewer": f.reviewer, "verdict": f.verdict,
                  "final": self.final_verdict, "since": f.since, "until": f.until,
                  "claims": None if f.claims == "live" else f.claims,
                  "archived": None if f.archived == "exclude" else f.archived}
        return {key: value for key, value in values.items() if value}


def _everyone(viewer: dict) -> bool:
    # What a person may see is what the review pages show them: a reviewer their own verdicts, notes and evidence
    # (every article, as the review page opens any article), leads and admins everyone's, as the exports hold.
    return viewer["role"] in LEAD_ROLES


def _hits_sql() -> str:
    """Each (claim, rank) a match was found for: in the claim itself, or in a note or evidence the viewer may see."""
    return """
        select rowid as claim_id, bm25(claims_fts) as rank from claims_fts where claims_fts match :match
        union all
        select v.claim_id, bm25(verdicts_fts) from verdicts_fts join verdicts v on v.rowid = verdicts_fts.rowid
          where verdicts_fts match :match and (:everyone or v.reviewer_id = :me)
        union all
        select n.claim_id, bm25(untagged_notes_fts) from untagged_notes_fts
          join untagged_notes n on n.rowid = untagged_notes_fts.rowid
          where untagged_notes_fts match :match and n.reviewer_id = :me
        union all
        select e.claim_id, bm25(evidence_fts) from evidence_fts join evidence e on e.rowid = evidence_fts.rowid
          where evidence_fts match :match and (:everyone or e.reviewer_id = :me)
    """


def _where(search: Search, viewer: dict) -> tuple[str, dict]:
    """The filters as a condition on claims c and articles a, with its parameters."""
    f, params = search.filter, {}
    conditions = []
    if f.article_id is not None:
        conditions.append("c.article_id = :article")
        params["article"] = f.article_id
    if f.claims != "all":
        conditions.append(f"c.retired_at is {'' if f.claims == 'live' else 'not '}null")
    if f.archived != "include":
        conditions.append(f"a.archived_at is {'' if f.archived == 'exclude' else 'not '}null")
    if search.final_verdict and not _everyone(viewer):
        # A final verdict blind review hides may not be found by filtering on it either (nor by its absence).
        conditions.append(blind.final_visible_sql(viewer))  # binds :default_required, set by the callers below
    if search.final_verdict == "none":
        conditions.append("not exists (select 1 from final_verdicts f where f.claim_id = c.id)")
    elif search.final_verdict:
        conditions.append("exists (select 1 from final_verdicts f where f.claim_id = c.id and f.verdict = :final)")
        params["final"] = search.final_verdict
    # A reviewer filters on their own verdicts only, whatever they asked: others' are not theirs to see.
    reviewer = f.reviewer if _everyone(viewer) else (viewer["name"] if f.reviewer or f.verdict or f.since
                                                     or f.until else None)
    verdict_conditions = []
    for condition, key, value in (("r.name = :reviewer", "reviewer", reviewer), ("v.verdict = :verdict", "verdict",
                                  f.verdict), ("v.updated_at >= :since", "since", f.since),
                                  # updated_at is ISO 8601 text: "until" takes in that whole day.
                                  ("v.updated_at < :until", "until", f.until and f.until + "T24")):
        if value:
            verdict_conditions.append(condition)
            params[key] = value
    if verdict_conditions:
        conditions.append("exists (select 1 from verdicts v join reviewers r on r.id = v.reviewer_id "
                          "where v.claim_id = c.id and " + " and ".join(verdict_conditions) + ")")
    return (" where " + " and ".join(conditions)) if conditions else "", params


def _claims_sql(search: Search, viewer: dict) -> tuple[str, dict]:
    """The matching claims, best match first (reading order when there are no words), and the parameters."""
    where, params = _where(search, viewer)
    params.update(everyone=int(_everyone(viewer)), me=viewer["id"])
    columns = ("c.id, c.article_id, c.position, c.text, c.key_phrase, c.retired_at, a.title as article_title, "
               "a.archived_at")
    if not search.terms:
        return (f"select {columns} from claims c join articles a on a.id = c.article_id{where} "
                "order by c.article_id, c.position, c.id"), params
    params["match"] = search.match
    return (f"with hits as ({_hits_sql()}), ranked as (select claim_id, min(rank) as rank from hits "
            f"group by claim_id) select {columns} from ranked h join claims c on c.id = h.claim_id "
            f"join articles a on a.id = c.article_id{where} order by h.rank, c.id"), params


def search_page(db, search: Search, viewer: dict, page: int = 1, per_page: int = PAGE_SIZE) -> tuple[list[dict], int]:
    """One page of matching claims (page counts from 1), each with what results show, and how many match in all."""
    sql, params = _claims_sql(search, viewer)
    params["default_required"] = double_review.default_required(db)
    total = next(db.query(f"select count(*) as n from ({sql})", params))["n"]
    rows = list(db.query(f"{sql} limit :limit offset :offset",
                         {**params, "limit": per_page, "offset": (page - 1) * per_page}))
    return _detailed(db, search, viewer, rows), total


def all_results(db, search: Search, viewer: dict, batch: int = 500):
    """Every matching claim with its details, in batches: the matches are read once, so a CSV of them streams."""
    sql, params = _claims_sql(search, viewer)
    params["default_required"] = double_review.default_required(db)
    pending = []
    # One pass over the ranked rows: paging with an offset would rank every match again for every batch.
    for row in db.query(sql, params):
        pending.append(row)
        if len(pending) == batch:
            yield from _detailed(db, search, viewer, pending)
            pending = []
    yield from _detailed(db, search, viewer, pending)


def article_choices(db) -> tuple[list[dict], list[dict]]:
    """The articles the filter offers, by title: those not archived, then the archived ones (ids and titles only)."""
    rows = list(db.query("select id, title, archived_at from articles order by title collate nocase, id"))
    return [row for row in rows if not row["archived_at"]], [row for row in rows if row["archived_at"]]


def page_count(total: int, per_page: int = PAGE_SIZE) -> int:
    return max(1, -(-total // per_page))


def marked(highlighted: str | None, original: str | None) -> Markup:
    """FTS5's highlighted text as HTML: escaped first, then each marked phrase in <mark>."""
    if original is None:
        return Markup("")
    if OPEN in original or CLOSE in original or highlighted is None:
        return escape(original)
    return Markup(str(escape(highlighted)).replace(OPEN, "<mark>").replace(CLOSE, "</mark>"))


def _in(ids) -> str:
    return ",".join("?" * len(ids))


def _detailed(db, search: Search, viewer: dict, rows: list[dict]) -> list[dict]:
    """The rows with the visible verdicts, the final verdict, the highlights and where each match was."""
    if not rows:
        return rows
    ids = [row["id"] for row in rows]
    everyone = _everyone(viewer)
    verdicts: dict[int, list[dict]] = {}
    for row in db.query(f"select v.claim_id, r.name as reviewer, v.verdict from verdicts v join reviewers r "
                        f"on r.id = v.reviewer_id where v.claim_id in ({_in(ids)}) and (? or v.reviewer_id = ?) "
                        "order by r.name", [*ids, int(everyone), viewer["id"]]):
        verdicts.setdefault(row["claim_id"], []).append({"reviewer": row["reviewer"], "verdict": row["verdict"]})
    # In blind review a reviewer sees no final verdict on a claim they have not tagged (annotator/blind.py).
    hidden = blind.hidden_claims(db, viewer, ids)
    finals = {row["claim_id"]: row["verdict"] for row in db.query(
        f"select claim_id, verdict from final_verdicts where claim_id in ({_in(ids)})", ids)
        if row["claim_id"] not in hidden}
    texts, matches = _matches(db, search, viewer, ids) if search.terms else ({}, {})
    for row in rows:
        text_html, key_html = texts.get(row["id"], (None, None))
        row.update(
            status="retired" if row["retired_at"] else "live",
            verdicts=verdicts.get(row["id"], []), final_verdict=finals.get(row["id"]),
            text_html=marked(text_html, row["text"]), key_phrase_html=marked(key_html, row["key_phrase"]),
            matches=matches.get(row["id"], []),
        )
        places = (["text"] if text_html and OPEN in text_html else []) + (
            ["key phrase"] if key_html and OPEN in key_html else [])
        row["matched_in"] = [place for place in PLACES
                             if place in places or any(m["where"] == place for m in row["matches"])]
    return rows


# How long a note or evidence excerpt is, in words, around its match.
SNIPPET_WORDS = 16


def _matches(db, search: Search, viewer: dict, ids: list[int]):
    """The claims' highlighted text and key phrase, and each note or evidence item that matched, excerpted."""
    match, everyone, me = search.match, int(_everyone(viewer)), viewer["id"]
    texts = {row["rowid"]: (row["text"], row["key_phrase"]) for row in db.query(
        f"select rowid, highlight(claims_fts, 0, ?, ?) as text, highlight(claims_fts, 1, ?, ?) as key_phrase "
        f"from claims_fts where claims_fts match ? and rowid in ({_in(ids)})",
        [OPEN, CLOSE, OPEN, CLOSE, match, *ids])}
    snip = f"'{OPEN}', '{CLOSE}', '…', {SNIPPET_WORDS}"
    sources = (
        ("verdicts_fts", "verdicts", ("note", "evidence_url"), ("note", "evidence"), "(? or t.reviewer_id = ?)",
         [everyone, me]),
        ("untagged_notes_fts", "untagged_notes", ("note", "evidence_url"), ("note", "evidence"), "t.reviewer_id = ?",
         [me]),
        ("evidence_fts", "evidence", ("url", "quote"), ("evidence", "evidence"), "(? or t.reviewer_id = ?)",
         [everyone, me]),
    )
    found: dict[int, list[dict]] = {}
    for fts, table, columns, places, visible, params in sources:
        snippets = ", ".join(f"snippet({fts}, {number}, {snip}) as s{number}, t.{column} as o{number}"
                             for number, column in enumerate(columns))
        for row in db.query(
                f"select t.claim_id, r.name as reviewer, {snippets} from {fts} join {table} t on t.rowid = {fts}.rowid "
                f"join reviewers r on r.id = t.reviewer_id where {fts} match ? and t.claim_id in ({_in(ids)}) "
                f"and {visible} order by r.name, t.rowid", [match, *ids, *params]):
            for number, place in enumerate(places):
                excerpt, original = row[f"s{number}"], row[f"o{number}"]
                # Only an excerpt FTS5 marked is a match: the other column of the row merely sits beside it.
                if excerpt and OPEN in excerpt and original and OPEN not in original and CLOSE not in original:
                    found.setdefault(row["claim_id"], []).append(
                        {"where": place, "reviewer": row["reviewer"], "html": marked(excerpt, original),
                         "text": excerpt.replace(OPEN, "").replace(CLOSE, "")})
    return texts, found


def api_item(row: dict) -> dict:
    """A result as the JSON API answers it: plain text, no markup."""
    return {"id": row["id"], "article_id": row["article_id"], "article_title": row["article_title"],
            "text": row["text"], "key_phrase": row["key_phrase"], "status": row["status"],
            "verdicts": row["verdicts"], "final_verdict": row["final_verdict"], "matched_in": row["matched_in"]}


def csv_row(row: dict) -> dict:
    """A result as a CSV row in CSV_COLUMNS."""
    return {"article_id": row["article_id"], "article_title": row["article_title"], "claim_id": row["id"],
            "claim_text": row["text"], "key_phrase": row["key_phrase"], "claim_status": row["status"],
            "verdicts": "; ".join(f"{v['reviewer']}: {v['verdict']}" for v in row["verdicts"]),
            "final_verdict": row["final_verdict"] or "", "matched_in": "; ".join(row["matched_in"])}


def csv_chunks(db, search: Search, viewer: dict):
    """The results as CSV text chunks: the export's writer, so the header comes first and every cell is guarded."""
    from .export import csv_chunks as write

    return write(CSV_COLUMNS, (csv_row(row) for row in all_results(db, search, viewer)))

