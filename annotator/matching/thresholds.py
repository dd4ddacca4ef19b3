"""The two lines a match score is read against: link automatically above one, suggest to a person above the other."""
from dataclasses import dataclass

# Chosen on the dev half of the gold set (bench/match_eval.py --tune), never on the test half, each a step inside
# the edge the dev half allowed. A pair where a word was replaced by another is never linked automatically
# (matching/facts.py, reworded), so auto-link precision was 1.000 from 0.80 up; at 0.85 the auto-link recall of
# exact and near repeats was 0.55 (the near ones are suggested instead). Suggestion precision was 0.956-0.966 from
# 0.58 to 0.62 (0.60: recall 0.90); below 0.55 the pairs the facts rule halved come back in.
# At or above AUTO_LINK a pair is an exact or near-exact repeat: linked without asking (shown, never tagged).
AUTO_LINK = 0.85
# At or above SUGGEST a pair is shown as "seen before" for a reviewer to reuse or reject.
SUGGEST = 0.60
# A pair whose facts disagree (numbers, dates, names, direction) keeps this share of its score: below SUGGEST
# even for identical wording but one number, yet still ranked among the unrelated ones.
CONFLICT_FACTOR = 0.5


@dataclass(frozen=True)
class Thresholds:
    auto_link: float = AUTO_LINK
    suggest: float = SUGGEST

    def __post_init__(self):
        if not 0 < self.suggest <= self.auto_link <= 1:
            raise ValueError("Thresholds need 0 < suggest <= auto_link <= 1.")

    def decide(self, score: float) -> str | None:
        """'linked', 'suggested' or None (not similar enough to show)."""
        if score >= self.auto_link:
            return "linked"
        if score >= self.suggest:
            return "suggested"
        return None


DEFAULT = Thresholds()
