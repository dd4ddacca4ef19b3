"""Suggestion rules added under the generalisation protocol (docs/splitter.md): each one general linguistics,
kept only because it held on the development half and on the calibration set."""
import pytest

from annotator.text import analyse, split_claims


def _claim_with(claims, words):
    return next(claim for claim in claims if words in claim.text)


def test_a_quoted_term_after_a_quotation_is_the_writers_not_the_speakers():
    claims = split_claims('Rathbun wrote, "Moxon lied to Daniel and told him to route out properly." To "route out" '
                          'in Scientology jargon refers to leaving through a set of exit interviews.')
    assert _claim_with(claims, "Moxon lied").suggestion == "sourced"
    term = _claim_with(claims, "jargon")
    assert (term.suggestion, term.source) == ("unverified", "")


def test_a_long_quotation_later_in_the_paragraph_still_carries_the_speaker():
    claims = split_claims('Rathbun wrote, "Moxon lied to Daniel." "He was taken to an office and questioned for two '
                          'hours by a lawyer."')
    assert _claim_with(claims, "two hours").suggestion == "sourced"


def test_a_document_with_words_after_its_head_is_still_a_document():
    claim = analyse("A new study documenting iodine levels in school children has revealed many are not getting "
                    "enough iodine.")
    assert (claim.suggestion, claim.source_named) == ("sourced", True)


def test_vague_people_with_words_after_them_stay_vague():
    assert analyse("Residents of the street said the water tastes of metal.").suggestion == "speculative"


@pytest.mark.parametrize("text, verdict", [
    ("Studies show that the drug cuts deaths by a third.", "speculative"),
    ("Records show the firm paid no tax in 2019.", "speculative"),
    ("Unofficial results show the mayor won 54% of the vote.", "speculative"),
    ("The study shows that the drug cuts deaths by a third.", "sourced"),
    ("Court records show the firm paid no tax in 2019.", "speculative"),
    ("The court's records show the firm paid no tax in 2019.", "sourced"),
    ("A survey by Gallup shows 40% of voters are undecided.", "sourced"),
])
def test_bare_plural_documents_are_vague_and_a_named_or_definite_one_is_a_source(text, verdict):
    assert analyse(text).suggestion == verdict


@pytest.mark.parametrize("text", [
    "The package would also create accounts into which taxpayers could divert part of their payroll taxes.",
    "Treatments dilute the substance past the level where any molecules are likely to remain.",
    "The team built a robot which could assemble each unit in an hour.",
])
def test_a_hedge_inside_a_relative_clause_does_not_hedge_the_claim(text):
    claim = analyse(text)
    assert (claim.suggestion, claim.hedged) == ("unverified", False)


def test_a_hedge_in_the_main_clause_before_a_relative_clause_still_hedges():
    claim = analyse("The robot could assemble each unit, which takes an hour by hand.")
    assert (claim.suggestion, claim.hedged) == ("speculative", True)


@pytest.mark.parametrize("text", [
    "The move is considered a boon for Sears, which can now sell in Kmart stores.",
    "The deal is widely seen as a victory for the unions.",
    "The chip is regarded as the fastest on the market.",
])
def test_an_agentless_passive_of_opinion_is_hearsay(text):
    claim = analyse(text)
    assert (claim.suggestion, claim.hedged) == ("speculative", True)


def test_an_opinion_passive_with_its_holder_named_is_sourced():
    assert analyse("Analyst Jane Wu said the move is considered a boon for Sears.").suggestion == "sourced"


def test_an_accusation_with_no_accuser_is_hearsay():
    claim = analyse("The parents are also accused of leaving the girl with servants for weeks.")
    assert (claim.suggestion, claim.hedged) == ("speculative", True)


def test_an_accusation_by_a_named_prosecutor_is_sourced():
    claim = analyse("Prosecutor Anna Berg said the parents are accused of leaving the girl with servants.")
    assert claim.suggestion == "sourced"


@pytest.mark.parametrize("text", [
    "With no new release this weekend, Noise looks to take advantage of movie goers.",
    "The airline looks set to cut 2,000 jobs.",
])
def test_a_prediction_by_the_writer_is_hedged(text):
    claim = analyse(text)
    assert (claim.suggestion, claim.hedged) == ("speculative", True)


@pytest.mark.parametrize("text, verdict", [
    ("Smith reckons prices will fall by 5% next year.", "sourced"),
    ("The central bank doubts the recovery will last.", "sourced"),
    ("Economists doubt the recovery will last.", "speculative"),
    ("Smith assumed office in 2019.", "unverified"),
])
def test_verbs_of_supposing_report_a_hedged_claim(text, verdict):
    claim = analyse(text)
    assert (claim.suggestion, claim.hedged) == (verdict, verdict != "unverified")


def test_the_definite_researchers_point_back_to_ones_the_article_named():
    claim = analyse("The researchers envision that future plants could heat the water.")
    assert (claim.suggestion, claim.hedged, claim.source) == ("sourced", True, "The researchers")


@pytest.mark.parametrize("text", ["Researchers envision that future plants could heat the water.",
                                  "The local researchers said future plants could heat the water."])
def test_bare_or_qualified_researchers_stay_vague(text):
    assert analyse(text).suggestion == "speculative"


@pytest.mark.parametrize("text", ["A company spokesman said the factory will close in May.",
                                  "The factory will close, a spokeswoman said."])
def test_a_spokesperson_speaks_for_an_identified_body(text):
    assert analyse(text).suggestion == "sourced"


def test_a_report_after_an_adjective_is_the_subject_not_its_verb():
    claim = analyse("A new report found that 40% of children were underweight.")
    assert (claim.suggestion, claim.source, claim.reporting_verb) == ("sourced", "A new report", "found")


def test_a_report_followed_by_that_is_still_a_verb():
    claim = analyse("The newspaper reports that the policy was announced yesterday.")
    assert (claim.suggestion, claim.reporting_verb) == ("sourced", "reports")


@pytest.mark.parametrize("text, verdict", [
    ("Smith objected that the plan had failed.", "sourced"),
    ("Smith boasted that the plan had worked.", "sourced"),
    ("Smith mentioned that the plan had worked.", "sourced"),
    ("The bank signalled that rates would stay at 5%.", "sourced"),
    ("Smith mentioned the plan in his speech.", "unverified"),
    ("The bank signalled a rate cut.", "unverified"),
])
def test_more_verbs_of_saying_report_only_when_a_saying_follows(text, verdict):
    assert analyse(text).suggestion == verdict


@pytest.mark.parametrize("text", ["Eyewitnesses said ten people died in the blast.",
                                  "Protesters say police fired tear gas at the crowd.",
                                  "Ten people died, villagers said."])
def test_generic_people_opening_a_sentence_are_vague_though_capitalised(text):
    assert analyse(text).suggestion == "speculative"


@pytest.mark.parametrize("text, verdict", [
    ("Smith maintained the plan had worked.", "sourced"),
    ("Smith promised the plant would stay open.", "sourced"),
    ("Smith agreed a deal that would cut costs.", "unverified"),
    ("Smith posted the video on his website.", "unverified"),
])
def test_a_verb_that_is_also_an_act_reports_a_clause_without_that(text, verdict):
    assert analyse(text).suggestion == verdict


@pytest.mark.parametrize("text, verdict", [
    ("Court officials said the trial would resume on Monday.", "speculative"),
    ("Rescue workers said ten people died.", "speculative"),
    ("Scientology officials said the claims were false.", "sourced"),
    ("Supreme Court officials said the trial would resume on Monday.", "sourced"),
])
def test_a_common_noun_before_a_vague_head_names_no_one_an_organisation_does(text, verdict):
    assert analyse(text).suggestion == verdict


@pytest.mark.parametrize("text", ["But Smith said the plan had failed.", "And police say the driver was drunk.",
                                  "However Smith said the plan had failed."])
def test_a_linking_word_before_the_source_is_not_part_of_it(text):
    claim = analyse(text)
    assert claim.suggestion == "sourced"
    assert claim.source in ("Smith", "police")


def test_a_clause_after_an_inverted_verb_is_what_was_said_not_who_said_it():
    claim = analyse("The ministry, in a statement released on Monday, said 40 people died.")
    assert (claim.suggestion, claim.source) == ("sourced", "The ministry")
    assert analyse("Forty people died, said Smith, the ministry's head.").source == "Smith"


@pytest.mark.parametrize("text", ["Lee reportedly said the plan had failed.", "The plan had failed, Lee reportedly said.",
                                  "Lee allegedly told staff the plan had failed."])
def test_a_reported_saying_is_hearsay_not_the_speakers_claim(text):
    claim = analyse(text)
    assert (claim.suggestion, claim.hedged) == ("speculative", True)


def test_an_adverb_of_frequency_between_source_and_verb_keeps_the_source():
    claim = analyse("Lee has long argued that the plan failed.")
    assert (claim.suggestion, claim.source) == ("sourced", "Lee")


@pytest.mark.parametrize("text", [
    "It was not immediately clear why the plane crashed.",
    "The cause of the fire remains unknown.",
    "The number of victims could not be independently verified.",
    "Nobody knows why the plane crashed.",
])
def test_an_open_question_or_an_unconfirmed_claim_is_hedged(text):
    claim = analyse(text)
    assert (claim.suggestion, claim.hedged) == ("speculative", True)


def test_could_not_as_a_past_fact_is_still_no_hedge():
    assert analyse("Police could not find the driver.").suggestion == "unverified"


@pytest.mark.parametrize("text", ["The economy is projected to grow 2% next year.",
                                  "Smith is widely expected to become the next chief executive."])
def test_a_projection_with_no_source_is_hedged(text):
    claim = analyse(text)
    assert (claim.suggestion, claim.hedged) == ("speculative", True)


def test_a_widely_watched_index_is_still_no_hedge():
    assert analyse("The widely watched index fell 3% on Monday.").suggestion == "unverified"


@pytest.mark.parametrize("text", [
    "Police arrested the driver after he could offer no explanation for the crash.",
    "Although the bridge may reopen, the council closed the road on Monday.",
    "The council closed the road because it might flood.",
])
def test_a_hedge_inside_an_adverbial_clause_does_not_hedge_the_main_claim(text):
    assert analyse(text).suggestion == "unverified"


def test_us_officials_are_vague_and_a_us_attorney_by_name_is_the_whole_source():
    assert analyse("U.S. officials said the suspect was 21.").suggestion == "speculative"
    claim = analyse("According to U.S. Attorney John Bash, the manifesto could strengthen the case.")
    assert (claim.suggestion, claim.source) == ("sourced", "U.S. Attorney John Bash")


@pytest.mark.parametrize("text, verdict", [
    ("Police identified the victim as John Smith, 45.", "sourced"),
    ("U.S. officials identified the suspect as a 21-year-old man from Allen.", "speculative"),
    ("Police identified the car on Monday.", "unverified"),
])
def test_identifying_someone_as_someone_is_a_saying(text, verdict):
    assert analyse(text).suggestion == verdict


@pytest.mark.parametrize("text, verdict", [
    ("Police identified three suspects on Monday.", "unverified"),
    ("A 2019 report by the WHO found that 40% of children were underweight.", "sourced"),
    ("Smith, 45, said the plant would close.", "sourced"),
])
def test_a_reporting_word_after_a_number_is_a_counted_noun(text, verdict):
    assert analyse(text).suggestion == verdict


def test_a_participle_phrase_after_the_source_is_not_a_source_of_its_own():
    claim = analyse("The statement, released on Monday, said 40 people died.")
    assert (claim.suggestion, claim.source) == ("sourced", "The statement, released on Monday")


@pytest.mark.parametrize("text, verdict", [
    ("Smoke could be seen for miles across the city.", "unverified"),
    ("The delay is due to the strike at the port.", "unverified"),
    ("The report is due to be published on Monday.", "speculative"),
    ("The fire could spread to the city.", "speculative"),
])
def test_past_ability_and_due_to_a_cause_are_no_hedges(text, verdict):
    assert analyse(text).suggestion == verdict


@pytest.mark.parametrize("text, verdict", [
    ("The agency published its figures on Monday. It said 40 people died.", "sourced"),
    ("The agency published its figures on Monday. Forty people died, it said.", "sourced"),
    ("The agency published its figures on Monday. It is understood that 40 people died.", "speculative"),
])
def test_it_for_a_named_body_is_a_source_and_it_is_understood_is_hearsay(text, verdict):
    claims = split_claims(text)
    assert claims[-1].suggestion == verdict


@pytest.mark.parametrize("text, verdict", [
    ("Smith underlined that the plan had failed.", "sourced"),
    ("Smith made clear that the plan had failed.", "sourced"),
    ("The firm disputed that it owed $2 million.", "sourced"),
    ("Smith disputed the figures.", "unverified"),
])
def test_verbs_of_saying_with_a_clause_attribute_it(text, verdict):
    assert analyse(text).suggestion == verdict


@pytest.mark.parametrize("text, verdict", [
    ("Officials at the ministry said 40 people died.", "sourced"),
    ("Researchers from the university found that the ice is melting.", "sourced"),
    ("Residents of the area said 40 people died.", "speculative"),
])
def test_people_of_a_body_the_story_names_are_a_source(text, verdict):
    assert analyse(text).suggestion == verdict


@pytest.mark.parametrize("text", [
    "A spokesman, who declined to be named, said the plant would close.",
    "The plant will close, a spokesman said on condition of anonymity.",
    "Speaking on condition of anonymity, a company spokesman said the plant would close.",
])
def test_a_source_that_asked_not_to_be_named_is_vague(text):
    claim = analyse(text)
    assert (claim.suggestion, claim.source_named) == ("speculative", False)
