"""Suggestions learnt from the desk's own settled verdicts, beside the text core: it reads the store, the core never does.

settled.py (the verdicts a desk has settled) -> features.py (nameable facts of a claim) -> model.py (fit, compare
with the built-in rules by article-grouped cross-validation, predict) -> model_file.py (the model as JSON in the
instance folder and the database) -> resuggest.py (the new suggestions stored on untagged claims) ->
background.py (retraining after every N new settled verdicts, never inside a request). accept.py is a lead's
"accept every suggestion above X %" and its undo.
"""
# The one verdict scale so far; the model is keyed by scale so that a second scale adds a key, not a format.
SCALE = "sourcing"
