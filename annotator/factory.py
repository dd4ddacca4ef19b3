"""The Flask app factory: config, instance secret, database, extensions, blueprints, CLI, demo seed."""
import os
import secrets
from pathlib import Path

from flask import Flask, has_request_context, request
from flask.sessions import SecureCookieSessionInterface
from flask_htmx import HTMX
from flask_wtf.csrf import CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from .db import MAX_ROW_ID
from .importing import DEFAULT_MAX_ARTICLE_BYTES, DEFAULT_PARSE_BUDGET_SECONDS, DEFAULT_SPLIT_BUDGET_SECONDS
from .resources import resource_dir

# Room for the form fields and multipart framing around an upload of the largest allowed article.
FORM_OVERHEAD_BYTES = 64 * 1024

csrf = CSRFProtect()
htmx = HTMX()


class RowIdConverter(IntegerConverter):
    """<int:...> in a URL, at most SQLite's largest integer: a longer number is a 404, not an OverflowError."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ROW_ID)
        super().__init__(map, *args, **kwargs)


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie session, marked Secure whenever the request came over HTTPS."""

    def get_cookie_secure(self, app) -> bool:
        return super().get_cookie_secure(app) or (has_request_context() and request.is_secure)


def create_app(test_config=None):
    """Build the app: config, instance secret, database, extensions, blueprints, CLI, demo seed."""
    app = Flask("annotator", instance_relative_config=True, static_folder=str(resource_dir("static")))
    app.url_map.converters["int"] = RowIdConverter  # before any route is added
    app.session_interface = SessionInterface()
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.from_mapping(
        DATABASE=os.environ.get("ANNOTATOR_DATABASE") or os.path.join(app.instance_path, "annotator.db"),
        MAX_ARTICLE_BYTES=DEFAULT_MAX_ARTICLE_BYTES,
        SPLIT_BUDGET_SECONDS=DEFAULT_SPLIT_BUDGET_SECONDS,
        PARSE_BUDGET_SECONDS=DEFAULT_PARSE_BUDGET_SECONDS,
        MATCH_BUDGET_SECONDS=15.0,  # annotator/matching/stored.py DEFAULT_MATCH_BUDGET_SECONDS says why
        SEED_DEMO=True,
        # The desk's clock for times shown in pages (an IANA name, e.g. "Europe/Berlin"); stored times stay UTC.
        TIMEZONE=os.environ.get("ANNOTATOR_TIMEZONE") or "UTC",
        # Who publishes the ClaimReview export (schema.org author): set these to your desk's name and site.
        CLAIMREVIEW_ORGANISATION=os.environ.get("ANNOTATOR_ORGANISATION", "Claim Annotator desk"),
        CLAIMREVIEW_ORGANISATION_URL=os.environ.get("ANNOTATOR_ORGANISATION_URL", ""),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        # How many proxies in front of the app set X-Forwarded-Proto/-For/-Host (0: none, trust no such header).
        TRUSTED_PROXIES=int(os.environ.get("ANNOTATOR_TRUSTED_PROXIES") or 0),
        # A CSRF token lives as long as the session: a reviewer who leaves a tab open all day can still save.
        WTF_CSRF_TIME_LIMIT=None,
    )
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
    else:
        app.config.from_mapping(test_config)
    if app.config.get("MAX_CONTENT_LENGTH") is None:  # Flask's default is None: no limit at all
        app.config["MAX_CONTENT_LENGTH"] = app.config["MAX_ARTICLE_BYTES"] + FORM_OVERHEAD_BYTES
    app.config["SECRET_KEY"] = app.config.get("SECRET_KEY") or _instance_secret_key(app)
    if app.config["TRUSTED_PROXIES"]:
        # Behind an HTTPS proxy the app sees plain HTTP: believe the proxy's X-Forwarded-* headers, so
        # request.is_secure is true and the session cookie gets its Secure flag.
        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

    from . import assets, cli, db, security, seed
    from .views import admin, api, articles, auth, edits, errors, export, review, team

    db.init_app(app)
    csrf.init_app(app)
    htmx.init_app(app)
    security.init_app(app)
    assets.init_app(app)
    cli.init_app(app)
    errors.init_app(app)
    app.before_request(auth.load_user)
    for blueprint in (auth.bp, articles.bp, review.bp, team.bp, export.bp, admin.bp, api.bp, edits.bp):
        app.register_blueprint(blueprint)
    from .views.search import bp as search_bp
    app.register_blueprint(search_bp)
    from .views.scales import bp as scales_bp
    app.register_blueprint(scales_bp)
    from .views.desk import bp as desk_bp
    app.register_blueprint(desk_bp)
    from .views.matching import bp as matching_bp
    app.register_blueprint(matching_bp)

    from .accounts import LEAD_ROLES
    from .evidence import SOURCE_TYPES
    from .highlight import highlight_cue
    from .text import VERDICTS
    from .timefmt import desk_zone, human_time

    zone = desk_zone(app.config["TIMEZONE"])  # a misspelt zone stops the start with a message, not every page
    app.add_template_filter(highlight_cue)
    app.add_template_filter(lambda value: human_time(value, zone=zone), "human_time")

    @app.context_processor
    def vocabulary():
        # The lists the forms offer come from the modules that validate them, so the two never disagree.
        return {"VERDICTS": VERDICTS, "SOURCE_TYPES": SOURCE_TYPES, "LEAD_ROLES": LEAD_ROLES}

    with app.app_context():
        database = db.get_db()
        db.migrate(database)
        if app.config["SEED_DEMO"]:
            seed.seed_demo_once(database)
    return app


def _instance_secret_key(app) -> str:
    """ANNOTATOR_SECRET_KEY, or a random key generated once into the instance folder: never a constant."""
    if os.environ.get("ANNOTATOR_SECRET_KEY"):
        return os.environ["ANNOTATOR_SECRET_KEY"]
    key_file = Path(app.instance_path) / "secret_key"
    if not key_file.exists():
        # Written whole under a name of its own, then linked into place: of several server workers starting at
        # once, the first link wins and the others (FileExistsError) read that key, never a half-written file.
        draft = key_file.with_name(f"secret_key.{os.getpid()}.{secrets.token_hex(4)}")
        with os.fdopen(os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as out:
            out.write(secrets.token_hex(32))
        try:
            os.link(draft, key_file)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return key_file.read_text().strip()
