"""Suggestions learnt from the desk's own settled verdicts, beside the text core: it reads the store, the core never does.

settled.py (the verdicts a desk has settled) -> features.py (nameable facts of a claim) -> model.py (fit, compare
with the built-in rules by article-grouped cross-validation, predict) -> model_file.py (the model as JSON in the
instance folder and the database) -> resuggest.py (the new suggestions stored on untagged claims) ->
background.py (retraining after every N new settled verdicts, never inside a request). accept.py is a lead's
"accept every suggestion above X %" and its undo.
"""
from ..text import VERDICTS

# The model is keyed by scale, so that a new verdict scale adds a key, not a file format: "sourcing" is the verdict
# (sourced / speculative / unverified), "claim" whether a line is a claim at all (the desk's "not a claim" marks).
SCALE = "sourcing"
CLAIM_SCALE = "claim"
CLAIM, NOT_A_CLAIM = "claim", "not a claim"
SCALES = {SCALE: VERDICTS, CLAIM_SCALE: (CLAIM, NOT_A_CLAIM)}
