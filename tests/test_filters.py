from annotator.filters import filter_claims, sort_claims

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


def test_most_check_worthy_first_keeps_reading_order_for_ties_and_puts_unscored_claims_last():
    claims = [{"id": 1, "position": 0, "checkworthiness": 0.4}, {"id": 2, "position": 1, "checkworthiness": None},
              {"id": 3, "position": 2, "checkworthiness": 0.9}, {"id": 4, "position": 3, "checkworthiness": 0.4}]
    assert ids(sort_claims(claims, "checkworthy")) == [3, 1, 4, 2]
    assert ids(sort_claims(claims, "reading")) == [1, 2, 3, 4]
    assert ids(sort_claims(claims, "nonsense")) == [1, 2, 3, 4]
