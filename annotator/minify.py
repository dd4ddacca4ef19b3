"""The app's own stylesheets and scripts without their comments and indentation, as the browser gets them."""
from pathlib import Path

import rcssmin
import rjsmin

MINIFIERS = {".css": rcssmin.cssmin, ".js": rjsmin.jsmin}
# A vendored file that is minified already (htmx-2.0.11.min.js) is sent as it is.
ALREADY_MINIFIED = ".min."


def minifiable(filename: str) -> bool:
    """Whether a static file is one of ours to minify: CSS or JavaScript, not shipped minified."""
    return Path(filename).suffix in MINIFIERS and ALREADY_MINIFIED not in filename


def minified(source: str, filename: str) -> str:
    """The file's text minified by its kind; the same text for a file minify does not handle."""
    if not minifiable(filename):
        return source
    return MINIFIERS[Path(filename).suffix](source)
