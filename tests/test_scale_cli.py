"""The scale commands: list, add from a file, use for an article or for new imports."""
import json

import pytest

from annotator import scales
from annotator.scale_cli import scale_group
from test_scales import GRADES

README = (__import__("pathlib").Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_scale_list_shows_each_scale_its_values_and_keys_and_the_default(runner):
    result = runner.invoke(args=["scale", "list"])
    assert result.exit_code == 0, result.output
    assert "sourcing: Sourcing (default, built in, not a ClaimReview rating)" in result.output
    assert "rating: Truth rating (built in, ordered, ClaimReview 1-5)" in result.output
    assert "  mostly true (keys m 2, rating 4): " in result.output
    assert "  unproven (keys u 6): " in result.output


def test_scale_add_stores_a_file_and_scale_use_sets_the_default(runner, db, tmp_path):
    path = tmp_path / "grades.json"
    path.write_text(json.dumps(GRADES), encoding="utf-8")
    result = runner.invoke(args=["scale", "add", str(path)])
    assert result.exit_code == 0, result.output
    assert "Scale 'grades' added: good, so so, bad." in result.output
    assert runner.invoke(args=["scale", "use", "grades"]).output == "New imports use the scale 'grades'.\n"
    assert scales.default_scale_name(db) == "grades"
    assert "grades: Grades (default, ordered, ClaimReview 1-3)" in runner.invoke(args=["scale", "list"]).output


def test_scale_add_refuses_a_bad_file_naming_it_and_the_problem(runner, db, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({**GRADES, "values": GRADES["values"][:1]}), encoding="utf-8")
    result = runner.invoke(args=["scale", "add", str(path)])
    assert result.exit_code == 1
    assert "bad.json: A scale needs a list of at least two values." in result.output
    path.write_text("{not json", encoding="utf-8")
    assert "bad.json is not JSON" in runner.invoke(args=["scale", "add", str(path)]).output
    assert db["scales"].count == 0


def test_scale_use_for_an_article_and_its_refusals(runner, db, demo_article):
    result = runner.invoke(args=["scale", "use", "rating", "--article", str(demo_article["id"])])
    assert result.exit_code == 0, result.output
    assert scales.article_scale(db, demo_article["id"]).name == "rating"
    assert scales.default_scale_name(db) == "sourcing"
    unknown = runner.invoke(args=["scale", "use", "nope", "--article", str(demo_article["id"])])
    assert unknown.exit_code == 1 and "No scale is named 'nope'" in unknown.output
    missing = runner.invoke(args=["scale", "use", "rating", "--article", "999"])
    assert missing.exit_code == 1 and "Article 999 does not exist" in missing.output


@pytest.mark.parametrize("name", sorted(scale_group.commands))
def test_every_scale_command_has_help_with_an_example_and_is_in_the_readme(name):
    command = scale_group.commands[name]
    assert f"Example: flask --app annotator scale {name}" in command.help
    assert f"flask --app annotator scale {name}" in README


def test_export_excel_writes_a_bom_and_claimreview_says_on_stderr_what_it_left_out(runner, db, demo_article, tmp_path):
    from annotator import accounts, team

    lee = accounts.create_user(db, "Lee", "a long password", "lead")
    claim_id = next(db.query("select id from claims where article_id = ? order by position", [demo_article["id"]]))["id"]
    team.set_final_verdict(db, claim_id, lee, "sourced", "checked by the lead")
    out = tmp_path / "excel.csv"
    assert runner.invoke(args=["export", "--excel", "-o", str(out)]).exit_code == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbfarticle_id,")
    plain = tmp_path / "plain.csv"
    runner.invoke(args=["export", "-o", str(plain)])
    assert plain.read_bytes().startswith(b"article_id,")
    result = runner.invoke(args=["export", "--format", "claimreview"])
    assert result.exit_code == 0
    assert result.stdout.strip() == "[\n]"
    assert "1 final verdict on the scale 'sourcing' left out" in result.stderr
