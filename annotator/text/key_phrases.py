"""Claim (minus its source) -> 2 to 5 words that name it: the best-scoring stretch of the claim's own words.

Every stretch of 2 to 5 words inside one clause piece (no comma, quote mark or masked source inside it) that ends
on a content word is a candidate; each is scored by what makes people name a claim by it (docs/labelling.md §6):
it starts at the main verb of the main clause ("suspended one game", "cost $11.5bn"), it holds a figure and what it
counts, it is long enough to say what happened; it is penalised for being only names, a date, the subject or a
leading adverbial. Numbers stay whole ("464,000 subscribers"), and the source's words ("Mr Thomas said") are
masked before any of this, so a phrase never names only the speaker. Two markers the desk keeps win outright:
"the only official dealers" and a scare quote that closes the claim ("citing “legal issues.”").
The weights were fitted on the development half of the news gold set only: bench/key_phrases_eval.py --fit.
"""
import operator
import re
from functools import lru_cache
from itertools import accumulate, compress

_TOKEN = re.compile(r"[$€£¥₩]?\w(?:[\w'’.,:\-–/&]*\w)?%?|[^\w\s]")
_QUOTED = re.compile(r"“([^“”]+)”|\"([^\"]+)\"|‘([^‘’]+)’(?!\w)")
# Marks that join two words into one stretch ("long-term", "$5", "AT&T"); every other mark ends a piece.
_GLUE = frozenset("-'’$€£¥₩%/&")
_CLOSING = " \"'”’»).!?…·"
_MAX_PHRASE_WORDS = 5
# Calendar words: "2 February" or "on Monday" says when, never what.
_CALENDAR = frozenset("""monday tuesday wednesday thursday friday saturday sunday january february march april june
    july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec
    week weekend month year day days night morning afternoon evening weeks months years""".split())
_STOPWORDS = frozenset("""a an the this that these those its it it's itself their theirs they them he him his
    she her hers we us our you your i me my mine who whom whose which what where when why how whether if
    and or but nor so yet as than then also too very just only even still already always never ever now
    today yesterday tomorrow here there again once however though although while because since until
    of in on at by for from to with without into onto over under about above below between among through
    during before after around against across along away off out up down near beyond within upon per via
    is are was were be been being am has have had having do does did doing will would shall should can
    could may might must not no yes all any both each every few more most other others some such own same
    many much several enough another like unlike says say said told reported according shows show
    makes make made gets get got goes go went forever
    clear unclear look looks seem seems appear appears likely unlikely probably possibly perhaps
    certainly exactly rare time times message way thing things lot part kind sort""".split()) | _CALENDAR
_AUXILIARIES = frozenset("""is are was were be been being am has have had having will would shall should can could
    may might must do does did 's 're 've won't can't isn't wasn't aren't weren't hasn't haven't hadn't""".split())
# Words that may stand between an auxiliary and its verb ("has also been suspended").
_BETWEEN = frozenset("not also never already still just only then now even really since been being be have has had"
                     .split())
# A phrase may start with these function words: "no scientific evidence", "more than 20 dead", "only once".
_STARTERS = frozenset("no not more over about nearly almost only first all both most never least up".split())
# A sentence opening with these starts with an adverbial ("After the vote, ..."): its main clause is after the comma.
_OPENERS = frozenset("""after before when while as if although though despite with on in since because once
    following during under for at by from due rather instead unlike like upon whereas""".split())
_RELATIVES = frozenset("which who whose where whom".split())
_DETERMINERS = frozenset("the its their his her our a an".split())
_YEAR = re.compile(r"(?:1[89]|20)\d\d")

# Verbs a news claim is built on, hand-listed (base forms; their -s, -ed and -ing forms are derived below), and
# the irregular past forms. A verb that is not listed is still found after an auxiliary ("will propose") or by -ed.
_BASE_VERBS = """accept achieve add admit affect agree aim allow announce appear apply approve argue arrest arrive ask
    attack attempt attend avoid award back ban base beat become begin believe block blame boost break bring build buy
    call cancel capture carry cause celebrate challenge change charge choose claim close collapse come commit compare
    complete confirm consider contain continue contribute control convict cost cover create criticise criticize cut
    damage deal decide declare decline defeat deliver demand deny describe destroy develop die discover display donate
    drop earn elect enable end enter escape establish estimate expand expect explain face fail fall fear feature file
    fill find finish fire force form found gain give grant grow halt handle happen head hear help hire hit hold host
    identify improve include increase injure introduce investigate invite issue join jump keep kill land last launch
    lead learn leave lift limit link list live lose make manage mark meet miss move name need oppose order organise
    organize open own pass pay perform place plan play plead pledge plunge post prepare present prevent produce promise
    propose protect protest prove provide publish push raise reach receive record reduce refuse reject release remain
    remove replace report represent require rescue resign restore result retain retire return reveal rise rule run
    save score seek seize sell send serve set settle share shoot show shut sign slash spend spread start stay steal
    stop strike suffer support surge suspend take target tell test threaten top trade train transfer travel treat try
    turn unveil urge use vote want warn win withdraw work write""".split()
_IRREGULAR_FORMS = """bought sold won lost made took taken gave given found held left met paid grew grown began begun
    became fell fallen rose risen hit cut struck threw thrown led brought kept sent spent ran came got seen saw shown
    drew drawn fought fled taught thought built stood set put shot shut spread stole stolen wrote written chose chosen
    broke broken died sought""".split()
# -ed words that are not verbs.
_NOT_PAST = frozenset("need speed red bed hundred seed feed breed shed bred indeed proceed exceed succeed united limited"
                      .split())
# Stopwords that are verbs a claim can turn on ("made $186.5 million").
_STOPWORD_VERBS = frozenset("made makes make shows show gets got get goes went".split())


def _inflections(verb: str) -> set[str]:
    forms = {verb, verb + "s", verb + "es", verb + "ed", verb + "d"}
    if verb.endswith("y"):
        forms |= {verb[:-1] + "ies", verb[:-1] + "ied"}
    if len(verb) > 2 and verb[-1] in "bdglmnprt" and verb[-2] in "aeiou" and verb[-3] not in "aeiou":
        forms.add(verb + verb[-1] + "ed")
    return forms


_VERB_FORMS = frozenset(form for verb in _BASE_VERBS for form in _inflections(verb)) | frozenset(_IRREGULAR_FORMS)

# What each feature of a candidate weighs. Fitted by bench/key_phrases_eval.py --fit on the development half of
# tests/data/newsgold (a softmax over each claim's candidates, L2-regularised, chosen by four-fold cross-validation
# inside that half); the test half was never used. Read them as: start at the verb of the main clause or at a
# figure, be long, stay out of the subject and the leading adverbial, do not be only names or long rare words.
_WEIGHTS = {
    "words": 0.53,             # each word of the phrase: people write 3 to 5
    "function words": -0.40,   # each "of", "the" inside it
    "starts with a verb": -0.01,
    "starts at the main verb": -0.02,
    "starts at its auxiliary": -0.11,  # "have been suspended": the verb alone says it
    "holds the main verb": 0.30,
    "in the main verb's piece": 0.22,
    "in the predicate": 0.58,
    "subject only": -0.10,
    "subject and verb": 0.14,
    "in a leading adverbial": -0.16,
    "distance from the predicate": -0.50,
    "position in the claim": -0.61,
    "holds a figure": 1.05,
    "starts with a figure": 0.17,
    "share of names": -0.45,
    "only names": 0.07,
    "holds a date": -0.75,
    "holds a superlative": 0.06,
    "starts with a function word": 0.95,
    "starts with a past tense": -0.22,
    "longest word": 0.36,
    "mean word length": -0.68,
}
FEATURES = tuple(_WEIGHTS)
_WEIGHT_VECTOR = tuple(_WEIGHTS.values())
_MARKERS = frozenset("""only first sole largest biggest smallest highest lowest best worst fastest slowest
    most least top leading oldest newest""".split())


class _Words:
    """A claim's tokens (marks are the word ""), with where its main verb is and which pieces its commas cut."""

    def __init__(self, text: str, masked: str):
        self.text = text
        self.masked = masked
        self.tokens = tokens = _TOKEN.findall(masked)
        # Every fact about a token that needs only the token is looked up once per distinct token: claims share
        # most of their words. Each column is a list over the tokens, as the scorer reads them.
        infos = [_TOKEN_INFO.get(token) or _token_info(token) for token in tokens]
        if infos:
            (self.words, self.keys, breaks, verb_kinds, between, auxiliary_or_to, self.stop, self.figure,
             self.dated, self.says_what, self.length, self.capitalised, self.marker, self.can_end) = map(list, zip(*infos))
        else:
            self.words, self.keys, breaks, verb_kinds, between, auxiliary_or_to = [], [], [], [], [], []
            self.stop = self.figure = self.dated = self.says_what = self.length = self.capitalised = []
            self.marker = self.can_end = []
        self.indices = list(compress(range(len(tokens)), self.words))
        # Which piece each token is in: a mark that is not glue (a comma, a quote, a masked source) starts one.
        self.pieces = list(accumulate(breaks))
        self.verbs = self._verbs(verb_kinds, between, auxiliary_or_to)
        self.outside = self._outside_main_clause()
        main = [i for i in self.verbs if i not in self.outside] or self.verbs
        self.main = main[0] if main else None
        self.verbs = set(self.verbs)
        self.auxiliary = self._auxiliary_start()
        if self.main is not None:
            self.predicate = self.main
        else:  # "The move is akin to ...": the predicate starts after the first auxiliary
            self.predicate = next((i + 1 for i in self.indices if self.keys[i] in _AUXILIARIES), 0)

    @staticmethod
    def _verbs(verb_kinds, between, auxiliary_or_to) -> list[int]:
        """The verbs in reading order: a listed or -ed form, or any lower-case word after an auxiliary or "to"
        (words of _BETWEEN may stand between them: "has also been suspended"). Only the tokens that may be verbs
        are visited."""
        verbs = []
        for i in compress(range(len(verb_kinds)), verb_kinds):
            if verb_kinds[i] == _VERB:
                verbs.append(i)
                continue
            j = i - 1
            while j >= 0 and between[j]:
                j -= 1
            if j >= 0 and auxiliary_or_to[j]:
                verbs.append(i)
        return verbs

    def _outside_main_clause(self) -> set[int]:
        """Tokens of a leading adverbial ("After the vote,") and of relative clauses (", which ...,")."""
        outside, tokens, n = set(), self.tokens, len(self.tokens)
        if self.indices:
            first = self.indices[0]
            if self.keys[first] in _OPENERS or (self.keys[first].endswith("ing") and self.words[first][0].isupper()):
                if "," in tokens:
                    outside.update(range(tokens.index(",")))
        if "," in tokens or "(" in tokens:
            keys = self.keys
            for i in compress(range(n - 1), map(_OPENS_ASIDE.__contains__, tokens)):
                if keys[i + 1] in _RELATIVES:
                    end = next((j for j in range(i + 1, n) if tokens[j] in ",)"), n)
                    outside.update(range(i, end))
        return outside

    def _auxiliary_start(self) -> int | None:
        """Where the main verb's auxiliaries start ("has been suspended" -> "has"), else the main verb."""
        if self.main is None:
            return None
        j = self.main - 1
        while j >= 0 and self.words[j] and (self.keys[j] in _AUXILIARIES or self.keys[j] in _BETWEEN):
            j -= 1
        return j + 1 if j + 1 < self.main and self.keys[j + 1] in _AUXILIARIES else self.main

    @property
    def matches(self) -> list[re.Match]:
        """Each token's match in the masked text (for its offsets), found only when a claim's phrase is cut out."""
        found = self.__dict__.get("_matches")
        if found is None:
            found = self.__dict__["_matches"] = list(_TOKEN.finditer(self.masked))
        return found

    def span(self, first: int, last: int) -> tuple[int, int]:
        """(start, end) in the text of the tokens first to last."""
        matches = self.matches
        return matches[first].start(), matches[last].end()

    def phrase(self, first: int, last: int) -> str:
        start, end = self.span(first, last)
        return self.text[start:end]


_DIGIT = re.compile(r"\d")
_LETTER = re.compile(r"[^\W\d_]")
# How a token may be a verb: never (a capital, a mark, a stopword), always (a listed form, "-ed"), or only after
# an auxiliary or "to" ("will propose").
_NOT_A_VERB, _VERB, _VERB_AFTER_AUXILIARY = 0, 1, 2
# The marks a relative clause follows: ", which ..." or "(who ...".
_OPENS_ASIDE = frozenset(",(")
# What a token says about itself, worked out once per distinct token: claims share most of their words, and three
# of these are regular-expression tests. Bounded, so a stream of never-repeated tokens cannot grow it without end.
_TOKEN_INFO: dict[str, tuple] = {}
_MAX_TOKEN_INFO = 50_000


def _token_info(token: str) -> tuple:
    """(word, key, starts a piece, verb kind, may stand between an auxiliary and its verb, an auxiliary or "to",
    a stopword, holds a figure, says when, says what, its length feature, capitalised, a superlative marker,
    a stretch may end on it) of one token."""
    word = token if token[0].isalnum() or token[0] in "$€£¥₩" else ""
    key = word.replace("’", "'").casefold()
    if not word or not word[0].islower() or (key in _STOPWORDS and key not in _STOPWORD_VERBS):
        verb_kind = _NOT_A_VERB
    elif key in _VERB_FORMS or (len(key) > 4 and key.endswith("ed") and key not in _NOT_PAST):
        verb_kind = _VERB
    else:
        verb_kind = _VERB_AFTER_AUXILIARY
    year = _YEAR.fullmatch(key)
    info = (word, key, not word and token not in _GLUE, verb_kind, key in _BETWEEN,
            key in _AUXILIARIES or key == "to", key in _STOPWORDS, bool(_DIGIT.search(key)),
            key in _CALENDAR or bool(year), bool(_LETTER.search(key)) and not year, min(len(key), 12) / 3,
            bool(word) and word[0].isupper(), key in _MARKERS, key not in _STOPWORDS and not key.endswith("n't"))
    if len(_TOKEN_INFO) >= _MAX_TOKEN_INFO:
        _TOKEN_INFO.clear()
    _TOKEN_INFO[token] = info
    return info


class _Facts:
    """What each token of a claim is, worked out once per claim (a claim has dozens of candidate stretches)."""

    def __init__(self, words: _Words):
        self.stop, self.figure, self.dated, self.says_what, self.length = (
            words.stop, words.figure, words.dated, words.says_what, words.length)
        first_word = words.indices[0] if words.indices else 0
        self.name = words.capitalised[:]
        if self.name:
            self.name[first_word] = False


def _stretches(words: _Words, facts: _Facts):
    """Every candidate stretch as (first token, last token, its tokens, its content tokens), in reading order."""
    keys, indices, pieces, verbs, auxiliary = words.keys, words.indices, words.pieces, words.verbs, words.auxiliary
    stop, says_what = facts.stop, facts.says_what
    total = len(indices)
    for position, a in enumerate(indices):
        if stop[a] and keys[a] not in _STARTERS and a not in verbs and a != auxiliary:
            continue
        piece = pieces[a]
        for count in range(2, min(_MAX_PHRASE_WORDS, total - position) + 1):
            b = indices[position + count - 1]
            if pieces[b] != piece:
                break
            if stop[b] or keys[b].endswith("n't"):
                continue
            # A phrase never stops inside a noun phrase: "other Korean" of "other Korean ecommerce marketplaces",
            # and a figure is kept with what it counts: "0.25 percentage points", never "rates by 0.25".
            if position + count < total:
                after = indices[position + count]
                if pieces[after] == piece and not stop[after]:
                    continue
            span = indices[position:position + count]
            content = [i for i in span if not stop[i]]
            # A phrase says what: not only figures and years ("2 February" is masked by the stopwords already).
            if not any(says_what[i] for i in content):
                continue
            yield a, b, span, content


def candidates(text: str, masked_spans=()) -> list[tuple[int, int, tuple[float, ...]]]:
    """Every stretch that may name the claim: (start, end) in text and its features, in the order of FEATURES."""
    return _candidates(_Words(text, _masking(text, masked_spans)))


def _candidates(words: _Words) -> list[tuple[int, int, tuple[float, ...]]]:
    facts = _Facts(words)
    keys, pieces, n = words.keys, words.pieces, max(len(words.tokens), 1)
    stop, figure, dated, name, length = facts.stop, facts.figure, facts.dated, facts.name, facts.length
    main, predicate, auxiliary = words.main, words.predicate, words.auxiliary
    found = []
    for a, b, span, content in _stretches(words, facts):
        count = len(span)
        names = sum(name[i] for i in content)
        lengths = [length[i] for i in content]
        features = (
            count,
            count - len(content),
            a in words.verbs,
            a == main,
            main is not None and a == auxiliary and a != main,
            main is not None and a <= main <= b,
            main is not None and pieces[a] == pieces[main],
            a >= predicate,
            b < predicate,
            main is not None and a < auxiliary and b >= main,
            a in words.outside,
            abs(a - predicate) / n,
            a / n,
            any(figure[i] for i in span),
            keys[a][:1].isdigit() or keys[a][:1] in "$€£¥₩",
            names / len(content),
            names == len(content),
            any(dated[i] for i in span),
            any(keys[i] in _MARKERS for i in span),
            stop[a],
            keys[a].endswith("ed"),
            max(lengths),
            sum(lengths) / len(lengths),
        )
        found.append((*words.span(a, b), tuple(map(float, features))))
    return found


def _score(features: tuple[float, ...], weights: tuple[float, ...]) -> float:
    return sum(map(operator.mul, features, weights))


def _best(words: _Words, weights: tuple[float, ...]) -> tuple[int, int] | None:
    """(start, end) of the best-scoring candidate (the first of equals), or None when there is none.

    The score is _score(features, weights) of _candidates, worked out inline: the terms are added in the order of
    FEATURES, as sum() adds them, and a zero feature adds nothing, so every score is the same float to the last
    bit and the same candidate wins. The stretches of _stretches are walked here too, each one word longer than
    the one before from the same first word, so what a stretch holds (a figure, a date, names, word lengths) is
    carried from the shorter one instead of counted again: no feature tuple and no generator (this is the
    pipeline's hottest loop).
    """
    (w_words, w_function, w_verb, w_main, w_auxiliary, w_holds_main, w_main_piece, w_predicate, w_subject,
     w_subject_verb, w_adverbial, w_distance, w_position, w_figure, w_starts_figure, w_name_share, w_only_names,
     w_date, w_superlative, w_starts_function, w_past, w_longest, w_mean_length) = weights
    facts = _Facts(words)
    keys, indices, pieces, n = words.keys, words.indices, words.pieces, max(len(words.tokens), 1)
    stop, figure, dated, name, length, says_what = (facts.stop, facts.figure, facts.dated, facts.name,
                                                    facts.length, facts.says_what)
    verbs, outside = words.verbs, words.outside
    main, predicate, auxiliary = words.main, words.predicate, words.auxiliary
    main_piece = pieces[main] if main is not None else None
    marker = words.marker
    can_end = words.can_end
    total = len(indices)
    has_main = main is not None
    best, best_score = None, None
    for position, a in enumerate(indices):
        stop_a = stop[a]
        verb_a = a in verbs
        if stop_a and keys[a] not in _STARTERS and not verb_a and a != auxiliary:
            continue
        piece = pieces[a]
        key = keys[a]
        # What depends on the first word only is settled once for all the stretches that start there; the terms
        # are still added in FEATURES order below, so every score is the same float.
        if has_main:
            main_a, auxiliary_a, main_piece_a = a == main, a == auxiliary and a != main, piece == main_piece
            before_auxiliary = a < auxiliary
        predicate_a, outside_a = a >= predicate, a in outside
        distance_a = abs(a - predicate) / n * w_distance if a != predicate else None
        position_a = a / n * w_position if a else None
        starts_figure_a = key[:1].isdigit() or key[:1] in "$€£¥₩"
        past_a = key.endswith("ed")
        # The running facts of the stretch a..b, for b = a, then one word further each step.
        has_figure, has_date, has_marker = figure[a], dated[a], marker[a]
        if stop_a:
            content_count, names, length_sum, longest, says = 0, 0, 0, None, False
        else:
            content_count, names, length_sum, longest, says = 1, name[a], 0 + length[a], length[a], says_what[a]
        for count in range(2, min(_MAX_PHRASE_WORDS, total - position) + 1):
            b = indices[position + count - 1]
            if pieces[b] != piece:
                break
            has_figure = has_figure or figure[b]
            has_date = has_date or dated[b]
            has_marker = has_marker or marker[b]
            if stop[b]:
                continue
            content_count += 1
            names += name[b]
            length_sum += length[b]
            longest = length[b] if longest is None or length[b] > longest else longest
            says = says or says_what[b]
            if not can_end[b]:
                continue
            if position + count < total:
                after = indices[position + count]
                if pieces[after] == piece and not stop[after]:
                    continue
            if not says:
                continue
            score = count * w_words
            if count != content_count:
                score += (count - content_count) * w_function
            if verb_a:
                score += w_verb
            if has_main:
                if main_a:
                    score += w_main
                if auxiliary_a:
                    score += w_auxiliary
                if a <= main <= b:
                    score += w_holds_main
                if main_piece_a:
                    score += w_main_piece
            if predicate_a:
                score += w_predicate
            if b < predicate:
                score += w_subject
            if has_main and before_auxiliary and b >= main:
                score += w_subject_verb
            if outside_a:
                score += w_adverbial
            if distance_a is not None:
                score += distance_a
            if position_a is not None:
                score += position_a
            if has_figure:
                score += w_figure
            if starts_figure_a:
                score += w_starts_figure
            if names:
                score += names / content_count * w_name_share
            if names == content_count:
                score += w_only_names
            if has_date:
                score += w_date
            if has_marker:
                score += w_superlative
            if stop_a:
                score += w_starts_function
            if past_a:
                score += w_past
            score += longest * w_longest
            score += length_sum / content_count * w_mean_length
            if best_score is None or score > best_score:
                best, best_score = (a, b), score
    return best and words.span(*best)


def _only_phrase(words: _Words) -> str | None:
    """"the only official dealers" -> "only official dealers": what only one thing is (labelling rules, §6)."""
    for i in range(1, len(words.words) - 1):
        if words.keys[i - 1] in _DETERMINERS and words.keys[i] in ("only", "sole") and words.words[i + 1] \
                and words.keys[i + 1] not in _STOPWORDS:
            end = i + 1
            while end + 1 < len(words.words) and words.words[end + 1] and words.keys[end + 1] not in _STOPWORDS \
                    and end + 1 - i < _MAX_PHRASE_WORDS:
                end += 1
            return words.phrase(i, end)
    return None


def _closing_scare_quote(masked: str) -> str | None:
    """A quotation of 2 to 5 words that ends the claim ("citing “legal issues.”"): the words the claim turns on."""
    tail = len(masked.rstrip(_CLOSING))
    for match in _QUOTED.finditer(masked):
        if len(masked[:match.end()].rstrip(_CLOSING)) < tail:
            continue
        quotation = next(group for group in match.groups() if group is not None).strip().rstrip(".,;:!?… ")
        if 2 <= len(quotation.split()) <= _MAX_PHRASE_WORDS and "·" not in quotation:
            return quotation
    return None


def _fallback(words: _Words) -> str:
    """A claim too short for a stretch of two words: its content words, else its words."""
    content = [i for i in words.indices if words.keys[i] not in _STOPWORDS]
    chosen = content or words.indices
    return " ".join(words.words[i] for i in chosen[:_MAX_PHRASE_WORDS])


def _masking(text: str, spans) -> str:
    """text with the characters of spans replaced by a mark, so no phrase runs through them."""
    chars = list(text)
    for start, end in spans:
        for i in range(max(start, 0), min(end, len(text))):
            chars[i] = "·"
    return "".join(chars)


def key_phrase(text: str, masked_spans=(), weights: dict[str, float] | None = None) -> str:
    """A short phrase a person names the claim by: the best-scoring stretch of its words.

    masked_spans are [start, end) spans of text to leave out: the source and its reporting verb. weights are
    for bench/key_phrases_eval.py to try others; the app uses the fitted ones.
    """
    if weights is None:
        return _fitted_key_phrase(text, tuple(map(tuple, masked_spans)))
    return _key_phrase(text, masked_spans, weights)


# A claim that recurs (wire copy, boilerplate, a pull quote, the same sentence in the next article of an import)
# is read once: the step is a pure function of its arguments, and its result is immutable.
@lru_cache(maxsize=4096)
def _fitted_key_phrase(text: str, masked_spans: tuple[tuple[int, int], ...]) -> str:
    return _key_phrase(text, masked_spans, None)


def _key_phrase(text: str, masked_spans, weights: dict[str, float] | None) -> str:
    masked = _masking(text, masked_spans)
    words = _Words(text, masked)
    marked = _only_phrase(words) or _closing_scare_quote(masked)
    if marked:
        return marked
    vector = _WEIGHT_VECTOR if weights is None else tuple(weights[name] for name in FEATURES)
    best = _best(words, vector)
    if best is None:
        return _fallback(words)
    start, end = best
    return text[start:end]
