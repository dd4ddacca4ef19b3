"""Our CSS and JavaScript go to the browser minified, still working; vendored minified files go as they are."""
from pathlib import Path

from annotator.minify import minifiable, minified

STATIC = Path(__file__).resolve().parent.parent / "static"


def test_comments_and_indentation_go_and_strings_and_regular_expressions_stay():
    source = '// why\nfunction f(a) {\n  /* more why */\n  return "http://x" + a.replace(/\\/\\//g, "/");\n}\n'
    assert minified(source, "keys.js") == 'function f(a){return"http://x"+a.replace(/\\/\\//g,"/");}'
    assert minified("/* why */\na  { color : red ; }\n", "app.css") == "a{color:red}"


def test_vendored_minified_files_and_other_kinds_are_left_alone():
    assert not minifiable("htmx-2.0.11.min.js") and not minifiable("notes.txt")
    assert minified("a  b", "htmx-2.0.11.min.js") == "a  b"


def test_the_app_serves_its_own_files_minified_and_htmx_as_shipped(client):
    keys = client.get("/static/keys.js")
    assert keys.status_code == 200
    assert keys.get_data(as_text=True) == minified((STATIC / "keys.js").read_text(encoding="utf-8"), "keys.js")
    assert len(keys.get_data()) < 0.8 * (STATIC / "keys.js").stat().st_size
    assert int(keys.headers["Content-Length"]) == len(keys.get_data())
    css = client.get("/static/app.css").get_data(as_text=True)
    assert "/*" not in css and "mark.v-sourced::after" in css
    htmx = client.get("/static/htmx-2.0.11.min.js").get_data()
    assert htmx == (STATIC / "htmx-2.0.11.min.js").read_bytes()
