"""The `scale` commands: list the verdict scales, add one from a JSON file, choose one for an article or new imports."""
import json

import click
from flask.cli import with_appcontext

from . import scales
from .db import get_db


@click.group("scale")
def scale_group():
    """List, add and choose verdict scales (sourcing is the default; rating is the built-in truth rating).

    Example: flask --app annotator scale use rating --article 3
    """


@scale_group.command("list")
@with_appcontext
def scale_list_command():
    """Each scale with its values, their keys and ClaimReview ratings; the default for new imports is marked.

    Example: flask --app annotator scale list
    """
    db = get_db()
    default = scales.default_scale_name(db)
    for scale in scales.list_scales(db):
        marks = [mark for mark, on in (("default", scale.name == default), ("built in", scale.builtin),
                                       ("ordered", scale.ordered)) if on]
        rating = f"ClaimReview {scale.worst_rating}-{scale.best_rating}" if scale.publishable \
            else "not a ClaimReview rating"
        click.echo(f"{scale.name}: {scale.title} ({', '.join(marks + [rating])})")
        for value in scale.values:
            keys = "retired" if value.retired else f"keys {value.key} {scale.digit(value)}"
            number = "" if value.rating_value is None else f", rating {value.rating_value}"
            click.echo(f"  {value.name} ({keys}{number}): {value.description}")


@scale_group.command("add")
@with_appcontext
@click.argument("path", type=click.File("r", encoding="utf-8"))
def scale_add_command(path):
    """Add a scale from a JSON file, or replace the one of that name (a value verdicts hold must stay: change its
    label to rename it, or set "retired": true).

    The file: {"name", "title", "ordered", "best_rating", "worst_rating", "values": [{"name", "key", "colour",
    "description", "rating_value", "alternate_name", "label", "retired"}]}; /admin/scales shows an example.

    Example: flask --app annotator scale add scales/desk-rating.json
    """
    try:
        data = json.load(path)
    except json.JSONDecodeError as error:
        raise click.ClickException(f"{path.name} is not JSON: {error.msg} (line {error.lineno}).")
    try:
        scale, replaced = scales.add_scale(get_db(), data)
    except scales.InvalidScale as error:
        raise click.ClickException(f"{path.name}: {error}")
    click.echo(f"Scale {scale.name!r} {'updated' if replaced else 'added'}: {', '.join(scale.names)}.")


@scale_group.command("use")
@with_appcontext
@click.argument("name")
@click.option("--article", "article_id", type=int, help="The article whose verdicts use the scale (default: the "
              "scale of new imports).")
def scale_use_command(name, article_id):
    """Choose the scale of one article, or without --article the default for new imports.

    Example: flask --app annotator scale use rating --article 3
    """
    try:
        click.echo(scales.use_scale(get_db(), name, article_id))
    except scales.InvalidScale as error:
        raise click.ClickException(str(error))
