"""The `claim-annotator` command of an installed package: the same commands as `flask --app annotator`."""
from flask.cli import FlaskGroup

from . import create_app

main = FlaskGroup(
    create_app=create_app,
    help="Claim Annotator: the same commands as `flask --app annotator` (run, import, export, backup ...).\n\n"
         "Example: claim-annotator run",
)
