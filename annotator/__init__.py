"""Claim Annotator: import news articles, split them into claims, and tag each claim's verdict.

The app is built by create_app (annotator/factory.py), loaded on first use: `import annotator.text` for the
claim pipeline alone then costs no Flask import, and a script that only splits text starts fast.
"""

__all__ = ["create_app"]


def __getattr__(name: str):
    # `flask --app annotator` and `from annotator import create_app` both land here.
    if name in ("create_app", "csrf", "htmx"):
        from . import factory
        return getattr(factory, name)
    raise AttributeError(f"module 'annotator' has no attribute {name!r}")
