"""Article text as HTML with every place of every claim marked, the untrusted text escaped."""
from markupsafe import Markup, escape


def mark_state(claim) -> str:
    """The class that shows a claim's state in the article text: its verdict, plain, or none (untagged).

    Not a claim (marked so by a reviewer, or judged not check-worthy) is shown plain, like the text around it, so
    the marks left are the ones to review; app.css gives each verdict a colour and a pattern and letter.
    """
    if not claim.get("is_claim", 1):
        return "plain"
    return f"v-{claim['verdict']}" if claim.get("verdict") else ""


def highlight_claims(text: str, claims) -> Markup:
    """Wrap each claim place in <mark data-claim=ID>; nested places nest, a place crossing another is left plain.

    Each mark carries its claim's state (mark_state). The text is escaped piece by piece, so an article's own
    markup always shows as text.
    """
    spans = sorted(
        ((start, end, claim["id"], number, mark_state(claim)) for number, claim in enumerate(claims, start=1)
         for start, end in claim["places"] if 0 <= start < end <= len(text)),
        key=lambda span: (span[0], -span[1]),
    )
    out, open_ends, position = [], [], 0
    for start, end, claim_id, number, state in spans:
        # Close the marks that end before this one starts.
        while open_ends and open_ends[-1] <= start:
            out.append(escape(text[position:open_ends[-1]]) + Markup("</mark>"))
            position = open_ends.pop()
        if open_ends and end > open_ends[-1]:
            continue  # crosses an open mark: HTML cannot nest it
        out.append(escape(text[position:start]))
        # Kept lean: a 1,000-claim article carries over a thousand of these (tests/test_page_weight.py).
        state = Markup(' class="{0}"').format(state) if state else ""
        out.append(Markup('<mark data-claim="{0}"{2} title="Claim {1}">').format(claim_id, number, state))
        open_ends.append(end)
        position = start
    while open_ends:
        out.append(escape(text[position:open_ends[-1]]) + Markup("</mark>"))
        position = open_ends.pop()
    out.append(escape(text[position:]))
    return Markup("").join(out)


def highlight_cue(text: str, cue: str) -> Markup:
    """The claim text with the first occurrence of its cue words marked, so a reviewer sees why it was suggested."""
    at = text.find(cue) if cue else -1
    if at < 0:
        return escape(text)
    return Markup('{}<mark class="cue">{}</mark>{}').format(text[:at], cue, text[at + len(cue):])
