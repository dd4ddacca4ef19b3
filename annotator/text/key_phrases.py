"""Claim (minus its source) -> 2 to 5 words that name it: a quoted phrase, a figure and what it counts, else
the most specific words of the predicate. Numbers stay whole ("464,000 subscribers"), a date alone never names
a claim, and the source's words ("Mr Thomas said") are masked first so a phrase never names only the speaker.
"""
import re

_QUOTED = re.compile(r"“([^“”]+)”|\"([^\"]+)\"|‘([^‘’]+)’(?!\w)")
_PHRASE_TOKEN = re.compile(r"(\d[\d,.]*\d%?|\d%?|\w(?:[\w'’.\-]*\w)?)|[^\w\s]")
_CLOSING = "\"'”’»)] "
# Calendar words: "2 February" or "on Monday" says when, never what.
_CALENDAR = frozenset("""monday tuesday wednesday thursday friday saturday sunday january february march april june
    july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec
    week weekend month year day days night morning afternoon evening weeks months years""".split())
_CURRENCY = "$€£¥₩"
_MAX_PHRASE_WORDS = 5
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
_MAIN_VERBS = frozenset("""is are was were has have had will would can could may might must should shall
    does do did says say said told reported shows show it's that's there's""".split())
_MARKERS = frozenset("""only first sole largest biggest smallest highest lowest best worst fastest slowest
    most least top leading oldest newest""".split())
_DETERMINERS = frozenset("the its their his her our a an".split())


_YEAR = re.compile(r"(?:1[89]|20)\d\d")


def _is_content(word: str, key: str) -> bool:
    """Whether a word can be part of a key phrase: not a mark, a stopword, an adverb or a past tense."""
    if not word or key in _STOPWORDS or key.endswith("n't") or _YEAR.fullmatch(key):
        return False
    # Adverbs ("officially") and past tenses ("inked") rarely name a claim; capitalised names are kept.
    return not (word.islower() and len(key) > 4 and key.endswith(("ly", "ed")))


def _runs(words: list[str], content: list[bool]) -> list[list[int]]:
    """Maximal runs of content words by index, split where a lower-case word meets a name ("giants Gmarket")."""
    runs = []
    for i, word in enumerate(words):
        if not content[i]:
            continue
        if runs and runs[-1][-1] == i - 1 and not (words[i - 1][0].islower() and word[0].isupper()):
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


class _Words:
    """A claim's words and marks (a mark is the word ""), with what the key-phrase rules ask of each."""

    def __init__(self, text: str, masked: str | None = None):
        self.text = text
        self.matches = list(_PHRASE_TOKEN.finditer(masked if masked is not None else text))
        self.words = [match[1] or "" for match in self.matches]
        self.keys = [word.replace("’", "'").casefold() for word in self.words]
        self.content = [_is_content(word, key) for word, key in zip(self.words, self.keys)]
        self.runs = _runs(self.words, self.content)

    def phrase(self, indices: list[int]) -> str:
        """The text from the first to the last of at most five words, with a currency sign just before it."""
        indices = indices[:_MAX_PHRASE_WORDS]
        start = self.matches[indices[0]].start()
        if start and self.text[start - 1] in _CURRENCY:
            start -= 1
        return self.text[start:self.matches[indices[-1]].end()]


def _quoted_phrase(text: str) -> str | None:
    """A short quotation without the punctuation that closes it; a long one is named by its first phrase."""
    for match in _QUOTED.finditer(text):
        quotation = next(group for group in match.groups() if group is not None).strip().rstrip(".,;:!?… ")
        # A single quoted word is a scare quote or a nickname ("issues", "hoverboard"), too vague to name a claim.
        if len(quotation.split()) == 1:
            continue
        if len(quotation.split()) > _MAX_PHRASE_WORDS:
            words = _Words(quotation)
            run = next((run for run in words.runs if len(run) >= 2), None)
            quotation = run and words.phrase(run)
        if quotation:
            return quotation
    return None


def _number_phrase(words: _Words) -> str | None:
    """A number and the words it counts: "50 million iPhones", "$1.5bn deal"."""
    for run in words.runs:
        for position, i in enumerate(run[:-1]):
            if words.words[i][0].isdigit():
                return words.phrase(run[position:])
    return None


def _marked_phrase(words: _Words) -> str | None:
    """"the only official dealers" -> "only official dealers": a superlative and the words it describes."""
    for i in range(1, len(words.words) - 1):
        if words.keys[i - 1] in _DETERMINERS and words.keys[i] in _MARKERS and words.content[i + 1]:
            end = i + 1
            while end < len(words.words) and words.content[end]:
                end += 1
            return words.phrase(list(range(i, end)))
    return None


def _named_thing(words: _Words) -> str | None:
    """A name of two or more capitalised words and the nouns after it: "Mi Pay patent"."""
    for run in words.runs:
        capitals = 0
        for position, i in enumerate(run):
            if words.words[i][0].isupper():
                capitals += 1
            elif capitals >= 2:
                return words.phrase(run[position - capitals:])
            else:
                capitals = 0
    return None


def _predicate_phrase(words: _Words) -> str | None:
    """The longest run of two or more content words after the main verb, else anywhere; nouns win ties."""
    verb = next((i for i, key in enumerate(words.keys) if key in _MAIN_VERBS or key.endswith("n't")), -1)
    for candidates in ([run for run in words.runs if run[0] > verb], words.runs):
        longest = max(candidates, default=[],
                      key=lambda run: (len(run), any(words.words[i].islower() for i in run)))
        if len(longest) >= 2:
            return words.phrase(longest)
    return None


# "It’s not clear if ...", "It is likely that ...": the claim is what follows the frame.
_HEDGE_FRAME = re.compile(r"(?i)(?:but\s+|and\s+)?it(?:[’']s|\s+is|\s+was)\s+(?:not\s+)?"
                          r"(?:clear|unclear|likely|unlikely|possible|rare|certain)\s+(?:if|whether|that|to)\s+")


def _framed_phrase(text: str) -> str | None:
    """What a hedge frame is about, when it is short: "Xiaomi officially backed those sales"."""
    frame = _HEDGE_FRAME.match(text)
    if not frame:
        return None
    rest = text[frame.end():].rstrip(_CLOSING + ".!…·")
    return rest if 2 <= len(rest.split()) <= _MAX_PHRASE_WORDS else None


def _subject_phrase(words: _Words) -> str | None:
    """The subject after a determiner when the rest names nothing: "their embargo"."""
    verb = next((i for i, key in enumerate(words.keys) if key in _MAIN_VERBS or key.endswith("n't")), 0)
    for i in range(verb - 1):
        if words.keys[i] in _DETERMINERS and words.content[i + 1]:
            end = i + 1
            while end < verb and words.content[end]:
                end += 1
            return words.phrase(list(range(i, end)))
    return None


def _content_span(words: _Words) -> str:
    """The text from the first to the last content word when short ("Samsung and LG"), else the first ones."""
    content = [i for i, is_content in enumerate(words.content) if is_content]
    if content and content[-1] - content[0] < _MAX_PHRASE_WORDS:
        return words.phrase(list(range(content[0], content[-1] + 1)))
    fallback = [words.words[i] for i in content] or [word for word in words.words if word]
    return " ".join(fallback[:_MAX_PHRASE_WORDS])


def _masking(text: str, spans) -> str:
    """text with the characters of spans replaced by a mark, so no phrase runs through them."""
    chars = list(text)
    for start, end in spans:
        for i in range(max(start, 0), min(end, len(text))):
            chars[i] = "·"
    return "".join(chars)


def key_phrase(text: str, masked_spans=()) -> str:
    """A short phrase a person names the claim by: a quoted phrase, else the most specific words.

    masked_spans are [start, end) spans of text to leave out: the source and its reporting verb.
    """
    masked = _masking(text, masked_spans)
    quoted = _quoted_phrase(masked)
    if quoted:
        return quoted
    words = _Words(text, masked)
    phrase = (_number_phrase(words) or _marked_phrase(words) or _named_thing(words) or _predicate_phrase(words)
              or _framed_phrase(masked) or _subject_phrase(words) or _content_span(words))
    return _with_its_verb(words, phrase)


# Verbs that are not past tenses but often carry a claim: "cost $11.5bn", "retain their current names".
_CLAIM_VERBS = frozenset("""cost costs buy buys sell sells rose rise rises fell fall falls won win wins lost lose
    loses hit hits cut cuts kill kills reach reaches retain retains become becomes took take takes gave give gives
    face faces pay pays paid sold bought grew grow grows left leave leaves held hold holds met meet meets ban bans
    threw throw throws began begin begins ruled rule rules found find finds""".split())


def _with_its_verb(words: _Words, phrase: str) -> str:
    """The phrase with the verb just before it ("suspended one game", "cost $11.5bn"), when that fits in five
    words: people name a claim by what happened to the thing, not by the thing alone."""
    if not phrase:
        return phrase
    start = words.text.find(phrase)
    first = next((i for i, match in enumerate(words.matches) if match.start() >= start and words.words[i]), None)
    if first is None:
        return phrase
    k = first - 1
    if k >= 0 and words.keys[k] in _DETERMINERS:
        k -= 1
    if k < 0 or not words.words[k] or not words.words[k].islower():
        return phrase
    key = words.keys[k]
    is_verb = key in _CLAIM_VERBS or (len(key) > 4 and key.endswith("ed") and key not in _STOPWORDS)
    if not is_verb or len(phrase.split()) + (first - k) > _MAX_PHRASE_WORDS:
        return phrase
    return words.text[words.matches[k].start():start + len(phrase)]
