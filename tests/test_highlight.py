from annotator.highlight import highlight_claims


def claim(claim_id, *places):
    return {"id": claim_id, "places": list(places)}


def test_article_markup_is_escaped():
    text = 'Hi <script>alert("x")</script> there.'
    html = str(highlight_claims(text, [claim(1, (0, len(text)))]))
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_every_place_of_a_claim_is_marked():
    text = "A said so. B. A said so."
    html = str(highlight_claims(text, [claim(7, (0, 10), (14, 24)), claim(8, (11, 13))]))
    assert html.count('data-claim="7"') == 2
    assert html.count('data-claim="8"') == 1
    assert html.count("<mark") == html.count("</mark>") == 3


def test_pull_quote_inside_a_sentence_nests():
    text = "The patent shows that X has plans."
    html = str(highlight_claims(text, [claim(1, (0, 34)), claim(2, (22, 34))]))
    assert html.index('data-claim="1"') < html.index('data-claim="2"')
    assert html.endswith("X has plans.</mark></mark>")


def test_crossing_places_are_not_marked_twice():
    text = "abcdefghij"
    html = str(highlight_claims(text, [claim(1, (0, 6)), claim(2, (4, 10))]))
    assert html.count("<mark") == html.count("</mark>") == 1
    assert html.replace('<mark data-claim="1" title="Claim 1">', "").replace(
        "</mark>", "") == text


def test_each_mark_shows_its_claims_state_for_this_reviewer():
    text = "One. Two. Three. Four. Five."
    claims = [{"id": 1, "places": [(0, 4)], "verdict": "sourced", "is_claim": 1},
              {"id": 2, "places": [(5, 9)], "verdict": "speculative", "is_claim": 1},
              {"id": 3, "places": [(10, 16)], "verdict": "unverified", "is_claim": 1},
              {"id": 4, "places": [(17, 22)], "verdict": None, "is_claim": 1},
              {"id": 5, "places": [(23, 28)], "verdict": "sourced", "is_claim": 0}]
    html = str(highlight_claims(text, claims))
    assert '<mark data-claim="1" class="v-sourced" title="Claim 1">One.</mark>' in html
    assert '<mark data-claim="2" class="v-speculative"' in html and '<mark data-claim="3" class="v-unverified"' in html
    assert '<mark data-claim="4" title="Claim 4">Four.</mark>' in html  # untagged: no state class
    # Not a claim (or judged not check-worthy) is plain, whatever verdict it once had.
    assert '<mark data-claim="5" class="plain" title="Claim 5">Five.</mark>' in html
