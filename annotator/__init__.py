"""Claim Annotator: import news articles, split them into claims, and tag each claim's verdict."""
import os
import secrets
from pathlib import Path

from flask import Flask
from flask_htmx import HTMX
from flask_wtf.csrf import CSRFProtect

from .importing import DEFAULT_MAX_ARTICLE_BYTES

# Room for the form fields and multipart framing around an upload of the largest allowed article.
FORM_OVERHEAD_BYTES = 64 * 1024

csrf = CSRFProtect()
htmx = HTMX()


def create_app(test_config=None):
    """Build the app: config, instance secret, database, extensions, blueprints, CLI, demo seed."""
    app = Flask(__name__, instance_relative_config=True, static_folder="../static")
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.from_mapping(
        DATABASE=os.environ.get("ANNOTATOR_DATABASE") or os.path.join(app.instance_path, "annotator.db"),
        MAX_ARTICLE_BYTES=DEFAULT_MAX_ARTICLE_BYTES,
        SEED_DEMO=True,
        # Who publishes the ClaimReview export (schema.org author): set these to your desk's name and site.
        CLAIMREVIEW_ORGANISATION=os.environ.get("ANNOTATOR_ORGANISATION", "Claim Annotator desk"),
        CLAIMREVIEW_ORGANISATION_URL=os.environ.get("ANNOTATOR_ORGANISATION_URL", ""),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
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

    from . import cli, db, security, seed
    from .views import admin, api, articles, auth, errors, export, review, team

    db.init_app(app)
    csrf.init_app(app)
    htmx.init_app(app)
    security.init_app(app)
    cli.init_app(app)
    errors.init_app(app)
    app.before_request(auth.load_user)
    for blueprint in (auth.bp, articles.bp, review.bp, team.bp, export.bp, admin.bp, api.bp):
        app.register_blueprint(blueprint)

    from .highlight import highlight_cue
    app.add_template_filter(highlight_cue)

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
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()
