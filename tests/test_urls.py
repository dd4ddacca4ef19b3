import pytest

from annotator.urls import InvalidURL, web_url


def test_web_links_pass_trimmed():
    assert web_url("  https://example.org/a  ", "evidence URL") == "https://example.org/a"
    assert web_url("", "archive link") == ""


@pytest.mark.parametrize("value, message", [
    ("javascript:alert(1)", "The evidence URL must start with http:// or https://."),
    ("data:text/html,x", "The evidence URL must start with http:// or https://."),
    ("//evil.example", "The evidence URL must start with http:// or https://."),
    ("https://e.org/" + "a" * 2000, "The evidence URL is longer than 2000 characters."),
])
def test_other_links_are_refused_naming_the_field(value, message):
    with pytest.raises(InvalidURL) as refused:
        web_url(value, "evidence URL")
    assert str(refused.value) == message


def test_a_required_url_cannot_be_empty():
    with pytest.raises(InvalidURL, match="The evidence URL is required."):
        web_url("   ", "evidence URL", required=True)
