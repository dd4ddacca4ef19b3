"""Claim -> who it comes from: the source's words, its reporting verb, and whether the source is identified.

Attribution is read as structure, not as a word anywhere: a source counts when it is the subject of a
reporting verb in the main clause ("David Frost ... warned that ..."), stands after the claim ("..., police
said."), or follows "according to". A reporting verb inside a subordinate clause ("after the Fed chief said")
or inside someone's quotation is not the claim's source. The text given here has its quotations masked
(quotations.masked), so only the writer's own words are read.
"""
import json
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from .asides import aside_spans, in_aside

CUES_PATH = Path(__file__).with_name("cues.json")


@dataclass(frozen=True)
class Attribution:
    """Who a claim comes from: offsets into the claim's text, the reporting verb, and how the source names itself.

    named is True for an identified source (a name, an organisation, a document, a pronoun or "the company" for
    one named nearby) and False for a vague one ("officials", "experts", "it is understood").
    """

    source: str
    start: int
    end: int
    verb: str
    named: bool
    hedged_verb: bool = False


@lru_cache(maxsize=1)
def cues() -> dict[str, frozenset[str]]:
    """Each list of cues.json as a set of lower-case phrases."""
    data = json.loads(CUES_PATH.read_text(encoding="utf-8"))
    return {kind: frozenset(phrase.casefold() for phrase in group["phrases"])
            for kind, group in data.items() if not kind.startswith("_")}


_TOKEN = re.compile(r"\d[\d,.]*\d|\w+(?:[’'.\-]\w+)*|[^\w\s]")
# A period that belongs to the word before it ("Mr. Lee", "J. Smith"), so it does not end a source.
_ABBREVIATIONS = frozenset("mr mrs ms dr st gen sen rep gov col sgt lt jr sr inc ltd co corp prof rev no vs".split())
# Capitalised words that are not names: a source "released on Tuesday" names nobody.
_CALENDAR = frozenset("""monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december""".split())
# In "..., said Smith." only these verbs come before their source.
_INVERTED = frozenset("""said says added adds wrote writes explained noted warned continued stated claimed insisted
    recalled commented remarked observed argued replied responded asked concluded reported announced stressed
    agreed admitted declared confirmed told""".split())
# A clause never opens with these as its subject's first word: it is subordinate or relative.
_SUBORDINATORS = frozenset("""after before when whenever while as since because although though if unless until
    once whereas despite which who whom whose that where why how whether so""".split())
_PRONOUNS = frozenset("he she they it we i you his her their".split())
_DETERMINERS = frozenset("the a an this that these those its their his her our one two three some several many".split())
# Words allowed between a source and its verb: "Smith has also said", "police later confirmed".
_BETWEEN = frozenset("""has have had also later earlier previously repeatedly publicly privately already again
    long often always consistently frequently openly even since
    then further separately recently initially originally subsequently yesterday today now last night
    does did do not doesn't didn't don't
    on monday tuesday wednesday thursday friday saturday sunday""".split())
# Words that open a phrase before the main clause: "Just today, the Korea Herald reported ...".
_OPENERS = frozenset("""in on at speaking earlier however meanwhile separately last this by asked writing during
    for with but and just today yesterday later now also still then thus instead indeed overall elsewhere
    previously recently in addition furthermore moreover nevertheless yet so""".split())
# A subject with one of these in it is a clause of its own: "This isn't a surprise – Xiaomi has emphasized".
_FINITE = frozenset("""is are was were isn't aren't wasn't weren't will would can could should must do does did
    don't doesn't didn't won't can't couldn't shouldn't 's""".split())
# After these a reporting word is a noun: "in remarks to", "a report of", "his statement".
_NOUN_BEFORE = frozenset("a an the in of his her their its our my this that these those".split())
_NUMBER_WORDS = frozenset("two three four five six seven eight nine ten dozen dozens hundreds thousands".split())
# Verbs that report a saying only when a clause or a quotation follows ("pledged that", "added: …"); with an
# object they are actions ("pledged $350 million", "added into the bill", "agreed a deal").
_ACTION_VERBS = frozenset("""underline underlines underlined underscore underscores underscored dispute disputes disputed refute refutes refuted rebut rebuts rebutted echo echoes echoed recount recounts recounted clarify clarifies clarified opine opines opined quip quips quipped joke jokes joked exclaim exclaims exclaimed assure assures assured reassure reassures reassured confess confesses confessed reason reasons reasoned identify identifies identified mention mentions mentioned signal signals signalled signaled object objects objected add adds added pledge pledges pledged promise promises promised vow vows vowed
    threaten threatens threatened agree agrees agreed post posts posted describe describes described inform
    informs informed observe observes observed counter counters countered maintain maintains maintained
    cite cites cited call calls called characterize characterizes characterized characterise characterises
    characterised""".split())
# These report a saying when what was said follows its object: "described the policy as ...", "called the ruling
# “dangerous”", "cited “her contribution”". Without it they are acts: "cited safety concerns", "called the police".
_AS_OR_QUOTE_VERBS = frozenset("""identify identifies identified describe describes described cite cites cited call calls called characterize
    characterizes characterized characterise characterises characterised""".split())
_CONJUNCTIONS_AND_PREPOSITIONS = frozenset("""and or but then nor in on at to for with from by during into
    about""".split())
_MAX_SUBJECT_TOKENS = 24
_MAX_TAIL_TOKENS = 18


class _Tok(NamedTuple):
    # A named tuple, not a dataclass: a sentence makes dozens of these, and they are built many times faster.
    text: str
    key: str
    start: int
    end: int


_new_tok = tuple.__new__


def _tokens(text: str) -> list[_Tok]:
    """Words (numbers whole, "Mr." with its period), and single marks, each with its folded key."""
    # The whole text is folded once, and each key sliced from it, unless folding changed its length ("ß").
    folded = text.replace("’", "'").casefold()
    spans = [match.span() for match in _TOKEN.finditer(text)]
    # tuple.__new__ skips the named tuple's keyword handling: a third faster, on the hottest line of the pipeline.
    if len(folded) == len(text):
        tokens = [_new_tok(_Tok, (text[a:b], folded[a:b], a, b)) for a, b in spans]
    else:
        tokens = [_new_tok(_Tok, (text[a:b], text[a:b].replace("’", "'").casefold(), a, b)) for a, b in spans]
    if "." not in text:
        return tokens
    # A period right after an abbreviation or an initial belongs to it: "Mr." and "J." are one token each.
    joined: list[_Tok] = []
    for token in tokens:
        last = joined[-1] if joined else None
        # So is the last period of an initialism: "U.S." is one word, as "U.S" was.
        if token.text == "." and last and last.end == token.start and (
                last.key in _ABBREVIATIONS or (len(last.text) == 1 and last.text.isupper())
                or ("." in last.key and last.text[:1].isupper())):
            joined[-1] = _Tok(last.text + ".", last.key, last.start, token.end)
        else:
            joined.append(token)
    return joined


@lru_cache(maxsize=16)
def _by_first_word(phrases: frozenset[str]) -> dict[str, tuple[int, ...]]:
    """Each first word of the phrases -> the lengths (in words) of its phrases, longest first.

    Most words start no phrase at all: one dictionary look-up rules them out, instead of joining the next few
    tokens for every word of every sentence.
    """
    lengths: dict[str, set[int]] = {}
    for phrase in phrases:
        words = phrase.split()
        lengths.setdefault(words[0], set()).add(len(words))
    return {first: tuple(sorted(found, reverse=True)) for first, found in lengths.items()}


def _phrase_at(tokens: list[_Tok], i: int, phrases: frozenset[str], longest: int = 4) -> int:
    """How many tokens from i form one of the phrases (0 when none), the longest match first."""
    lengths = _by_first_word(phrases).get(tokens[i].key)
    if not lengths:
        return 0
    for n in lengths:
        if n == 1:
            return 1
        if n <= min(longest, len(tokens) - i) and " ".join(t.key for t in tokens[i:i + n]) in phrases:
            return n
    return 0


def _is_capitalised_name(token: _Tok, first: bool) -> bool:
    """A capitalised word that names someone: not a demonym ("US officials"), not "I", nor a sentence's first
    common word."""
    text = token.text
    if not text[:1].isupper() or token.key in cues()["demonyms"] or token.key in _CALENDAR or token.key == "i":
        return False
    if first and (token.key in _DETERMINERS or token.key in cues()["vague_sources"]
                  or token.key in _SUBORDINATORS or token.key in _PRONOUNS):
        return False
    return True


# Endings of adjectives and participles: "Legal experts", "Independent analysts", "Leading economists".
_ADJECTIVE_ENDINGS = ("al", "ic", "ive", "ous", "ent", "ant", "ary", "ior", "ern", "ish", "ese", "ed", "ing", "ful",
                      "less", "ble", "er", "est")
_COMMON_FIRST_WORDS = frozenset("""some many most few several other others new old top all both various numerous
    two three four five ten dozens hundreds thousands unnamed anonymous""".split())


def _reads_as_adjective(key: str) -> bool:
    """Whether a sentence's first word before a vague head is likely a common word, not a name."""
    return key in _COMMON_FIRST_WORDS or key in cues()["demonyms"] or key.endswith(_ADJECTIVE_ENDINGS)


# Words that start what follows a noun phrase's head: a preposition, a relative pronoun.
_POST_MODIFIERS = frozenset("of in at for from with on by about among into over under who which that whose".split())


def _head_index(words: list[_Tok]) -> int:
    """Where the head noun of a source's words is: the last word before a preposition, a relative pronoun or a
    participle ("documenting", "based") that modifies it."""
    for k, token in enumerate(words[1:], 1):
        if token.key in _POST_MODIFIERS or token.text == "," or (
                k >= 2 and token.key.endswith("ing") and len(token.key) > 5 and token.text[:1].islower()):
            return k - 1
    return len(words) - 1


_BODIES = frozenset("""ministry department agency company firm university hospital embassy council commission court
    army military bank institute foundation organisation organization office government administration union school
    board authority service college laboratory lab museum zoo prison club team""".split())


def _of_a_body(words: list[_Tok]) -> bool:
    """Whether words go on from their head with "at / from / of / with the <body>": "officials at the ministry"."""
    at = _head_index(words) + 1
    return at + 1 < len(words) and words[at].key in ("at", "from", "of", "with", "for") \
        and words[at + 1].key in ("the", "its", "their") and words[-1].key in _BODIES


def is_named(tokens: list[_Tok], at_sentence_start: bool) -> bool:
    """Whether a source's words identify it: a name, a pronoun, a document, or "the" + a singular noun."""
    words = [t for t in tokens if t.key[:1].isalnum()]
    if not words:
        return False
    vague, documents = cues()["vague_sources"], cues()["documents"]
    # The head of a noun phrase comes before what modifies it: "A new study documenting iodine levels in school
    # children" is a study, "Critics of the plan" critics.
    head = words[_head_index(words)].key
    definite = words[0].key in ("the", "this", "these", "its", "their", "his", "her", "our")
    # "reports", "figures": a document when someone's ("the figures"), hearsay when bare ("Recent reports").
    heads = [t.key for t in words if t.key in vague and (t.key not in documents or not definite)]
    # A sentence's first word is capitalised anyway: "Legal experts" names nobody, "Smith" and "Scientology
    # officials" do; a first word that reads as an adjective ("Legal", "Recent", "Senior") is not taken as a name.
    if any(_is_capitalised_name(t, at_sentence_start and t is words[0]) for t in words
           if not (heads and at_sentence_start and t is words[0] and _reads_as_adjective(t.key))):
        return True
    # "The researchers envision": a bare definite head points back to the ones the article has named (like "he").
    if heads and len(words) == 2 and words[0].key == "the" and head in vague and head not in documents:
        return True
    # "Officials at the ministry", "researchers from the university": the people of a body the story names.
    if heads and _of_a_body(words):
        return True
    # "officials", "some residents", "legal experts": nobody in particular, whatever the determiner.
    if heads:
        return False
    if len(words) == 1 and head in _PRONOUNS:
        return True
    if words[0].key in ("the", "this", "its", "their", "his", "her", "our") and head not in vague:
        return True
    # A spokesperson speaks for the body the story is about ("a company spokesman"): an identified role.
    if head in ("police", "government", "prosecutors", "investigators", "firefighters", "paramedics", "spokesman",
                "spokeswoman", "spokesperson"):
        return True
    return head in documents and words[0].key in ("the", "this", "its", "their", "a", "an")


def _clause_start(tokens: list[_Tok]) -> int | None:
    """Where the main clause starts: after an opening phrase ("On Monday,", "In a statement,"), or None when
    the sentence opens with a subordinate clause that has no comma to end it."""
    if not tokens:
        return None
    # "But Smith said ...", "And police say ...": a linking word with no comma after it is not part of the subject.
    skip = int(len(tokens) > 1 and tokens[0].key in _LINKING_WORDS and tokens[1].text != ",")
    opener = tokens[skip].key
    for i, token in enumerate(tokens[skip:16], skip):
        if token.text == ",":
            # "Highlighting other countries, he pointed out ...": a participle phrase opens, the clause follows.
            if opener in _SUBORDINATORS or opener in _OPENERS or opener.endswith(("ly", "ing")):
                return i + 1
            return skip
    return None if opener in _SUBORDINATORS else skip


_LINKING_WORDS = frozenset("but and yet or nor however meanwhile still now then also instead indeed thus".split())


def _subject_ok(subject: list[_Tok]) -> bool:
    """Whether tokens can be the subject of a reporting verb: short, with a word, no subordinate clause outside
    commas (an apposition such as ", who heads the agency," is fine)."""
    if not subject or len(subject) > _MAX_SUBJECT_TOKENS:
        return False
    if subject[-1].key in ("who", "which", "that", "whom", "whose") and not subject[-1].text.isupper():
        return False  # "met Devocht, who had told Montalvo": a relative clause, the sentence's subject is earlier
    depth_commas = 0
    for token in subject:
        if token.text == ",":
            depth_commas += 1
        elif token.key in _SUBORDINATORS and depth_commas % 2 == 0 and token is not subject[0] \
                and not (len(token.text) > 1 and token.text.isupper()):  # "the WHO" is an organisation
            return False
        elif token.text in ";:…–—" or token.text in "“”\"" or token.key in _FINITE:
            return False
        elif token.key in ("has", "have", "had", "been", "being") and depth_commas % 2 == 0:
            return False  # "The report has prompted calls for": a clause of its own, not a source
    if subject[0].key in _SUBORDINATORS or subject[0].key in _CONJUNCTIONS_AND_PREPOSITIONS:
        return False  # "…, in remarks to al-Ikhbariya television, said": a phrase about the saying, not who said it
    # "An estimated 2,000 people": a determiner alone is no one.
    return any(t.key[:1].isalnum() and t.key not in _DETERMINERS for t in subject)


def _opens_a_saying(tokens: list[_Tok], i: int, verb: str = "") -> bool:
    """Whether what follows a verb at i is what was said: "that ...", "to ...", a quotation, or nothing more."""
    if i >= len(tokens):
        return True
    if verb in _AS_OR_QUOTE_VERBS:
        # "described the policy as ...", "called the sentence “dangerous”": the saying follows a short object.
        if any(t.text in ("“", '"', "…") for t in tokens[i:i + 8]) or any(t.key == "as" for t in tokens[i:i + 20]):
            return True
        if verb.startswith("call"):
            return False  # "called on the minister", "called at the house": no saying without what was said
    if tokens[i].key in ("that", "to", "on", "in", "at", "yesterday", "today", "last", "this", "earlier",
                         "later", "he", "she", "they", "it", "we") or tokens[i].text in (",", ".", ":", "…", "“", '"'):
        return True
    # A clause without "that": "maintained the plan had worked", "promised the plant would stay open" (a short
    # subject, then its finite verb); "agreed a deal that would ..." has "that" in the way and stays an act.
    if tokens[i].key in _DETERMINERS:
        for token in tokens[i + 1:i + 5]:
            if token.key in _CLAUSE_VERBS:
                return True
            if not token.key[:1].isalnum() or token.key in _SUBORDINATORS or token.key in _CONJUNCTIONS_AND_PREPOSITIONS:
                return False
    return False


# The finite verbs a "that"-less clause after a verb of saying starts with.
_CLAUSE_VERBS = frozenset("is are was were has have had will would could can may might should must did does".split())


def _verb_at(tokens: list[_Tok], i: int, subject: list[_Tok]) -> tuple[int, bool]:
    """(length, hedged) of a reporting verb at i, or (0, False); evidence verbs only after a document or before
    "that"."""
    kinds = cues()
    if not tokens[i].text[:1].islower():
        return 0, False  # "the United States": a capitalised word is a name, not a verb
    if i and (tokens[i - 1].key in _NOUN_BEFORE or tokens[i - 1].key.endswith("'s")):
        return 0, False  # "in remarks to", "published a report", "Maathai's project": a noun, not a verb
    if i and (tokens[i - 1].key[:1].isdigit() or tokens[i - 1].key in _NUMBER_WORDS):
        return 0, False  # "identified three suspects", "two reports": a counted noun, not a verb
    if i + 1 < len(tokens) and tokens[i + 1].key in ("have", "has", "had", "are", "were"):
        return 0, False  # "Recent reports have revealed": the subject, not its verb
    if tokens[i].key in kinds["documents"] and subject and subject[0].key in _NOUN_BEFORE and 1 < len(subject) <= 3 \
            and (subject[-1].key[:1].isdigit() or _reads_as_adjective(subject[-1].key)) \
            and not (i + 1 < len(tokens) and tokens[i + 1].key == "that"):
        return 0, False  # "A new report found", "A 2019 report by the WHO": the noun of the subject, not its verb
    n = _phrase_at(tokens, i, kinds["reporting_verbs"])
    if n:
        # "has pledged $350 million", "Earmarks added into the bill": an action with an object, not a saying.
        if tokens[i].key in _ACTION_VERBS and not _opens_a_saying(tokens, i + n, tokens[i].key):
            return 0, False
        return n, False
    n = _phrase_at(tokens, i, kinds["hedged_reporting_verbs"])
    # "is believed to", "believes in": not a source believing a claim.
    if n and not (i + n < len(tokens) and tokens[i + n].key in ("to", "in", "by")):
        return n, True
    if tokens[i].key.endswith(("ed", "s")) and len(tokens[i].key) > 3 and i + 2 < len(tokens) \
            and tokens[i + 1].text in (",", ":") and tokens[i + 2].text in ("…", "“", '"'):
        return 1, False  # "The city reasoned, “…”", "she quipped: “…”": any verb that opens a quotation reports it
    n = _phrase_at(tokens, i, kinds["evidence_verbs"])
    if n:
        document = any(t.key in kinds["documents"] for t in subject)
        if document or (i + n < len(tokens) and tokens[i + n].key == "that"):
            return n, tokens[i].key.startswith(("suggest", "indicat", "estimat"))
    return 0, False


_HEARSAY_ADVERBS = frozenset("reportedly allegedly purportedly supposedly".split())


def _may_report(tokens: list[_Tok], i: int) -> bool:
    """Whether _verb_at can find a reporting verb at i: a lower-case word that starts a reporting, hedged or
    evidence verb, or a verb opening a quotation. Most words cannot, and are passed over before a subject is cut
    out for them."""
    token = tokens[i]
    if not token.text[:1].islower():
        return False
    key = token.key
    if key in _source_first_words():
        return True
    return key.endswith(("ed", "s")) and len(key) > 3 and i + 2 < len(tokens) \
        and tokens[i + 1].text in (",", ":") and tokens[i + 2].text in ("…", "“", '"')


def _front(tokens: list[_Tok], text: str) -> Attribution | None:
    """"Smith said ...", "David Frost, director general of the BCC, warned that ...", "Police have confirmed"."""
    start = _clause_start(tokens)
    if start is None:
        return None
    for i in range(start + 1, min(len(tokens), start + _MAX_SUBJECT_TOKENS + 4)):
        if tokens[i].text in ";:" or tokens[i].text == "…":
            return None
        length = 0
        if _may_report(tokens, i):
            subject_end = i
            while subject_end > start and tokens[subject_end - 1].key in _BETWEEN:
                subject_end -= 1
            subject = tokens[start:subject_end]
            while subject and subject[-1].text == ",":
                subject = subject[:-1]
            length, hedged = _verb_at(tokens, i, subject)
        if length and subject and subject[-1].key in _HEARSAY_ADVERBS:
            return None  # "Lee reportedly said": someone says Lee said it, hearsay (read by _unnamed_passive)
        if length and _subject_ok(subject):
            verb = text[tokens[i].start:tokens[i + length - 1].end]
            return Attribution(text[subject[0].start:subject[-1].end], subject[0].start, subject[-1].end, verb,
                               is_named(subject, start == 0), hedged)
        negated = i + 1 < len(tokens) and tokens[i + 1].key in ("not", "never")
        if tokens[i].key in _SUBORDINATORS and tokens[i].key not in ("who", "which", "whose") or \
                tokens[i].key in ("is", "are", "was", "were", "will", "would", "can") or \
                tokens[i].key in ("did", "does", "do") and not negated:
            return None
    return None


def _tail(tokens: list[_Tok], text: str) -> Attribution | None:
    """"..., police said.", "..., said Smith, the agency's head.", "“...” he added on Monday."."""
    end = len(tokens)
    while end and not tokens[end - 1].key[:1].isalnum():
        end -= 1
    # The farthest cut first, so an apposition stays with its name: "..., the union leader, Ann Cole, said."
    for cut in range(max(end - _MAX_TAIL_TOKENS, 0), end):
        if tokens[cut].text not in (",", "”", '"', "’", "—", "–"):
            continue
        rest = tokens[cut + 1:end]
        if not rest:
            return None
        # "…, said Smith" / "…, says the report"
        length, hedged = _verb_at(rest, 0, rest[1:])
        if length and rest[0].key in _INVERTED:
            source = rest[length:]
            source = source[:next((k for k, t in enumerate(source) if t.text == ","), len(source))] or source
            # "…, said 40 people died": a clause follows the verb, so it is what was said, not who said it.
            if source and _subject_ok(source) and not _has_finite_verb(source[1:]):
                return Attribution(text[source[0].start:source[-1].end], source[0].start, source[-1].end,
                                   text[rest[0].start:rest[length - 1].end], is_named(source, False), hedged)
        # "…, police said on Monday." / "…, the BBC reported."
        for i in range(1, len(rest)):
            if not _may_report(rest, i):
                continue
            subject = rest[:i]
            while subject and (subject[-1].key in _BETWEEN or subject[-1].text == ","):
                subject = subject[:-1]
            length, hedged = _verb_at(rest, i, subject)
            if not length:
                continue
            # At the end of the sentence the verb closes it: "..., police said on Monday", not "..., X warned that".
            # A dash or semicolon starts an aside: "..., they said Sunday — murder carrying the death penalty."
            after = rest[i + length:]
            after = after[:next((k for k, t in enumerate(after) if t.text in "—–;"), len(after))]
            # "The statement, released on Monday, said …": a participle phrase describes the subject before the
            # comma, it is not a subject of its own.
            participle = subject and subject[0].text[:1].islower() and subject[0].key.endswith(("ed", "ing"))
            if length and subject and subject[-1].key in _HEARSAY_ADVERBS:
                return None  # "…, Lee reportedly said.": hearsay, as at the front
            if length and _subject_ok(subject) and len(after) <= 6 and not any(t.key == "that" for t in after) \
                    and not participle:
                if _is_name(tokens[:cut]) and tokens[cut].text == ",":
                    # "Claudio De Vincenti, undersecretary to the prime minister, said": the words before the
                    # comma are the speaker's name, the tail only its description.
                    subject = tokens[:cut + 1 + len(subject)]
                return Attribution(text[subject[0].start:subject[-1].end], subject[0].start, subject[-1].end,
                                   text[rest[i].start:rest[i + length - 1].end],
                                   is_named(subject, subject[0] is tokens[0]), hedged)
    return None


def _has_finite_verb(tokens: list[_Tok]) -> bool:
    """Whether tokens hold a verb of a clause: an auxiliary, or a lower-case past tense ("died", "failed")."""
    return any(t.key in _CLAUSE_VERBS or (len(t.key) > 3 and t.key.endswith("ed") and t.text[:1].islower())
               for t in tokens)


# Lower-case words a name may hold: "Nunzio Galantino", "Suleiman al-Amr", "Ursula von der Leyen".
_NAME_PARTICLES = frozenset("of the de del da di van von der den al bin le la du".split())


def _is_name(tokens: list[_Tok]) -> bool:
    """Whether tokens are only a name: one to six capitalised words (particles allowed), starting with one."""
    words = [t for t in tokens if t.key[:1].isalnum()]
    if not words or len(words) > 6 or len(words) != len(tokens) or not words[0].text[:1].isupper():
        return False
    if words[0].key in _DETERMINERS or words[0].key in _SUBORDINATORS or words[0].key in _PRONOUNS:
        return False
    return all(t.text[:1].isupper() or t.key in _NAME_PARTICLES for t in words)


def _according_to(tokens: list[_Tok], text: str) -> Attribution | None:
    """"According to the ministry, ...", "..., citing officials."; never "citing “legal issues”"."""
    phrases = cues()["according_to"]
    for i in range(len(tokens)):
        n = _phrase_at(tokens, i, phrases)
        if not n:
            continue
        if i and tokens[i - 1].key in _SUBORDINATORS:
            continue
        j = i + n
        source = []
        while j < len(tokens) and tokens[j].text not in ",.;:!?—–()" and tokens[j].key not in _SUBORDINATORS \
                and len(source) < 12:
            source.append(tokens[j])
            j += 1
        if not source or source[0].text in "“\"‘'…" or any(t.text == "…" for t in source):
            continue
        verb = text[tokens[i].start:tokens[i + n - 1].end]
        named = is_named(source, False)
        if tokens[i].key in ("citing", "quoting") and not (named or any(
                t.key in cues()["vague_sources"] | cues()["documents"] for t in source)):
            continue  # "citing safety concerns": a reason, not a source
        return Attribution(text[source[0].start:source[-1].end], source[0].start, source[-1].end, verb, named)
    return None


def _as_reported(tokens: list[_Tok], text: str) -> Attribution | None:
    """"As The Guardian reported, ...", "As described by MIT researchers, ...": the source opens the sentence."""
    if len(tokens) < 4 or tokens[0].key != "as":
        return None
    comma = next((k for k, t in enumerate(tokens[:14]) if t.text == ","), None)
    if comma is None:
        return None
    reporting = cues()["reporting_verbs"]
    if tokens[1].key in reporting and tokens[2].key == "by":
        source, verb = tokens[3:comma], tokens[1:3]  # "As described by MIT researchers,"
    elif comma >= 3 and tokens[comma - 1].key in reporting:
        source, verb = tokens[1:comma - 1], tokens[comma - 1:comma]  # "As The Guardian reported,"
    else:
        return None
    if not _subject_ok(source):
        return None
    return Attribution(text[source[0].start:source[-1].end], source[0].start, source[-1].end,
                       text[verb[0].start:verb[-1].end], is_named(source, False))


_PASSIVE_AUXILIARY = re.compile(r"\A((?:is|are|was|were|has\\ been|have\\ been|had\\ been)\\ )")
_PASSIVE_ADVERBS = "(?:also|widely|now|still|generally|often|commonly|long|further|repeatedly)"


@lru_cache(maxsize=1)
def _unnamed_passive_pattern() -> re.Pattern:
    """Every hearsay phrase in one pattern, longest first (so "is said to" wins over "said"), compiled once."""
    phrases = sorted(cues()["unnamed_passives"], key=len, reverse=True)
    # An adverb may stand after the auxiliary of a passive: "is widely regarded as", "are also accused of".
    body = "|".join(_PASSIVE_AUXILIARY.sub(rf"\1(?:{_PASSIVE_ADVERBS} )?", re.escape(phrase)) for phrase in phrases)
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)")


def _unnamed_passive(text: str) -> Attribution | None:
    """"It is understood that ...", "... is said to have ...", "reportedly": hearsay with no one behind it."""
    # casefold() can change a string's length ("ß" -> "ss"); offsets are only kept when it did not.
    folded = text.replace("’", "'").casefold()
    asides = aside_spans(folded)
    at = next((found for found in _unnamed_passive_pattern().finditer(folded)
               if not in_aside(asides, found.start())), None)
    if not at:
        return None
    start, end = (at.start(), at.end()) if len(folded) == len(text) else (0, 0)
    return Attribution("", start, start, text[start:end], False, True)


# "reasoned, “…”": a verb of any kind before a quotation may be its reporting verb.
_OPENS_QUOTATION = re.compile(r"\w[,:]\s*[“\"]")


@lru_cache(maxsize=1)
def _source_first_words() -> frozenset[str]:
    """Every word a reporting verb, an evidence verb or an "according to" phrase can start with."""
    kinds = cues()
    return frozenset(first for kind in ("reporting_verbs", "hedged_reporting_verbs", "evidence_verbs", "according_to")
                     for first in _by_first_word(kinds[kind]))


# Words that say the source asked not to be identified.
_ANONYMOUS = re.compile(r"(?i)\b(?:(?:declined|asked|wished|refused) not to be (?:named|identified)|"
                        r"(?:declined|refused) to be (?:named|identified)|did not want to be (?:named|identified)|"
                        r"condition of anonymity|requested anonymity|asked for anonymity|spoke anonymously|"
                        r"not authori[sz]ed to (?:speak|comment))\b")


# A claim that recurs (wire copy, boilerplate, a pull quote, the same sentence in the next article of an import)
# is read once: the step is a pure function of its arguments, and its result is immutable.
@lru_cache(maxsize=4096)
def find_attribution(masked_text: str) -> Attribution | None:
    """The source of a claim and its reporting verb, in the main clause, or None when the writer asserts it."""
    tokens = _tokens(masked_text)
    # Most sentences have no word that can start a reporting verb or "according to": skip the three readings.
    if not any(token.key in _source_first_words() for token in tokens) and not _OPENS_QUOTATION.search(masked_text):
        return _unnamed_passive(masked_text)
    # A claim with its source at the end is read from the end first: in "The company cut 63,000 vehicles, the
    # Financial Times reported." the words before the comma are the claim, not an apposition.
    if tokens and tokens[0].key == "according":
        rules = (_according_to, _tail, _front)
    elif tokens and tokens[0].key == "as":
        rules = (_as_reported, _tail, _front, _according_to)
    else:
        rules = (_tail, _front, _according_to)
    for rule in rules:
        found = rule(tokens, masked_text)
        if found:
            # "a spokesman, who declined to be named", "speaking on condition of anonymity": named by role only.
            if found.named and _ANONYMOUS.search(masked_text):
                return replace(found, named=False)
            return found
    return _unnamed_passive(masked_text)
