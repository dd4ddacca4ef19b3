"""Static files with a version in their address, cached for a year, and every text response compressed on the wire."""
import hashlib
from pathlib import Path

from flask import request
from flask_compress import Compress

from .minify import minifiable, minified

# Cached for a year and never revalidated: the address changes whenever the file does (?v= is its content hash).
VERSIONED_CACHE_CONTROL = "public, max-age=31536000, immutable"
# What the app sends that compresses well: pages, htmx fragments, styles, scripts, CSV and JSON exports.
COMPRESSED_TYPES = ["text/html", "text/css", "text/javascript", "application/javascript", "text/csv",
                    "application/json", "application/x-ndjson", "application/ld+json"]

compress = Compress()


def init_app(app):
    app.config.setdefault("COMPRESS_MIMETYPES", COMPRESSED_TYPES)
    # Brotli where the browser takes it (every current one does over HTTPS), gzip elsewhere. Level 4 keeps a page
    # of a 500-claim article fast to compress; exports are streamed and compressed chunk by chunk.
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    app.config.setdefault("COMPRESS_ALGORITHM_STREAMING", ["br", "gzip"])
    app.config.setdefault("COMPRESS_BR_LEVEL", 4)
    compress.init_app(app)
    versions = {}

    @app.url_defaults
    def add_static_version(endpoint, values):
        if endpoint == "static" and "filename" in values and "v" not in values:
            values["v"] = _version(Path(app.static_folder), values["filename"], versions, app.debug)

    @app.after_request
    def cache_versioned_static(response):
        if request.endpoint == "static" and request.args.get("v") and response.status_code == 200:
            response.headers["Cache-Control"] = VERSIONED_CACHE_CONTROL
        return response

    minified_files = {}

    # Registered after Compress, so it runs before it: the minified text is what gets compressed.
    @app.after_request
    def minify_static(response):
        return _minify_static(app, response, minified_files)


def _version(folder: Path, filename: str, versions: dict, reread: bool) -> str:
    """The first 10 hex digits of the file's SHA-256, read once per process (on every call in debug mode)."""
    if reread or filename not in versions:
        try:
            versions[filename] = hashlib.sha256((folder / filename).read_bytes()).hexdigest()[:10]
        except OSError:  # a missing file: its 404 is the answer, not a crash while building a page's links
            versions[filename] = "0"
    return versions[filename]


def _minify_static(app, response, cache: dict):
    """Our CSS and JavaScript sent minified (annotator/minify.py); the version in the address stays the source's."""
    filename = (request.view_args or {}).get("filename", "") if request.endpoint == "static" else ""
    if response.status_code != 200 or not minifiable(filename):
        return response
    # Read once per process, as the version in the address is; on every request in debug mode, as files change.
    if app.debug or filename not in cache:
        source = (Path(app.static_folder) / filename).read_text(encoding="utf-8")
        cache[filename] = minified(source, filename).encode("utf-8")
    response.direct_passthrough = False
    response.set_data(cache[filename])
    return response
