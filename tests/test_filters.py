from annotator.filters import filter_claims

CLAIMS = [
    {"id": 1, "text": "Kim said prices rose.", "verdict": "sourced", "suggestion": "sourced"},
    {"id": 2, "text": "Prices might fall.", "verdict": "unverified", "suggestion": "speculative"},
    {"id": 3, "text": "Exports rose in May.", "verdict": None, "suggestion": "unverified"},
]


def ids(claims):
    return [claim["id"] for claim in claims]


def test_filters_by_tag_state_and_verdict():
    assert ids(filter_claims(CLAIMS, "untagged")) == [3]
    assert ids(filter_claims(CLAIMS, "tagged")) == [1, 2]
    assert ids(filter_claims(CLAIMS, "unverified")) == [2]
    assert ids(filter_claims(CLAIMS, "differs")) == [2]


def test_filters_by_disagreement_and_words():
    assert ids(filter_claims(CLAIMS, "disagreement", disagreeing_ids={3})) == [3]
    assert ids(filter_claims(CLAIMS, "all", "ROSE")) == [1, 3]
    assert ids(filter_claims(CLAIMS, "tagged", "prices rose")) == [1]
