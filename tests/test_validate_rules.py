"""bench/validate_rules.py: the rule-change check prints totals for the development half and the calibration set
only, never a sentence, and refuses the test half."""
import pytest

from bench import newsgold, validate_rules


def test_the_test_half_cannot_be_validated_on():
    with pytest.raises(ValueError):
        validate_rules.aggregate("test")


def test_the_report_is_two_lines_of_totals_and_no_sentence(capsys):
    validate_rules.main()
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == ["dev", "calibration"]
    assert all("accuracy" in line and "macro-F1" in line and "F1 speculative" in line for line in lines)
    units = [unit.text for article in newsgold.articles("calibration") for unit in article.units]
    assert not any(unit[:40] in "\n".join(lines) for unit in units if len(unit) >= 40)
