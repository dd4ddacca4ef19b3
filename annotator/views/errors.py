"""Error pages a person can read; htmx requests get the message alone."""
from flask import render_template
from flask_wtf.csrf import CSRFError

from ..factory import htmx
from ..importing import human_size
from .auth import is_api_request


def _render(message, status):
    if is_api_request():
        return {"error": message}, status
    if htmx:
        return message, status
    return render_template("error.html", message=message), status


def init_app(app):
    @app.errorhandler(404)
    def not_found(error):
        return _render(error.description if error.description else "Not found.", 404)

    @app.errorhandler(405)
    def method_not_allowed(error):
        message = ("The JSON API is read-only: use GET." if is_api_request()
                   else "This page does not take that kind of request.")
        response, status = _render(message, 405)[:2]
        return response, status, {"Allow": ", ".join(error.valid_methods or ())}

    @app.errorhandler(413)
    def too_large(error):
        limit = human_size(app.config["MAX_ARTICLE_BYTES"])
        return _render(f"The upload is larger than the limit of {limit}: nothing was imported.", 413)

    @app.errorhandler(400)
    def bad_request(error):
        return _render(error.description or "Bad request.", 400)

    @app.errorhandler(403)
    def forbidden(error):
        return _render(error.description or "Your role does not allow this page.", 403)

    @app.errorhandler(422)
    def unprocessable(error):
        return _render(error.description or "The request cannot be processed.", 422)

    @app.errorhandler(OverflowError)
    def id_too_large(error):
        # An id in a query string beyond SQLite's integers (ids in paths are bounded by RowIdConverter).
        return _render("Not found: no such id.", 404)

    @app.errorhandler(CSRFError)
    def csrf_failed(error):
        return _render("The form expired or did not come from this site (missing CSRF token). "
                       "Reload the page and try again.", 400)
