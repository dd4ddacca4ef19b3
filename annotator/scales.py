"""Verdict scales: the values a reviewer can choose on an article, their keys and colours, and their ClaimReview rating."""
import json
import re
from dataclasses import asdict, dataclass, field

from .db import get_setting, set_setting, utc_now, write_transaction

SOURCING = "sourcing"
RATING = "rating"
DEFAULT_SETTING = "default_scale"

# The review page's own keys (move, accept, evidence, note, undo, fold, guidelines, help): a value's letter key
# must not take one of them, or pressing it would tag instead of doing what the keys list says.
RESERVED_KEYS = frozenset("jkaenzfh?")
# Digit keys 1-9 follow the order of the values shown, so a scale shows at most nine.
MAX_VALUES = 9
MAX_DESCRIPTION_LENGTH = 160
MAX_TITLE_LENGTH = 80
_NAME = re.compile(r"^[a-z][a-z0-9_-]{0,39}$")
# A value's name is what verdicts store and exports carry: lower case words, so "mostly true" reads as is.
_VALUE_NAME = re.compile(r"^[a-z0-9][a-z0-9 -]{0,39}$")
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
# Words the review page's filter and the search's final-verdict filter use for themselves (?show=tagged).
RESERVED_VALUE_NAMES = frozenset({"all", "untagged", "tagged", "differs", "disagreement", "none"})
# The claim card's class names that keys.js and the stylesheet read: a verdict's words go into its class list
# (verdict-mostly true), so a value holding one of these words would make a claim look current or tagged.
RESERVED_VALUE_WORDS = frozenset({"claim", "current", "tagged", "tagging", "recheck", "not-a-claim"})


class InvalidScale(ValueError):
    """A scale definition or choice that cannot be saved; the message says why."""


@dataclass(frozen=True)
class ScaleValue:
    """One verdict a reviewer can choose. name is what is stored; label is shown (a rename changes only it)."""

    name: str
    key: str
    colour: str
    description: str
    label: str = ""
    rating_value: int | None = None
    alternate_name: str = ""
    retired: bool = False

    @property
    def shown(self) -> str:
        return self.label or self.name.capitalize()


@dataclass(frozen=True)
class Scale:
    """A named list of values; ordered when they run from one end to the other (agreement weighs near misses)."""

    name: str
    title: str
    values: tuple[ScaleValue, ...]
    ordered: bool = False
    description: str = ""
    # The ClaimReview rating range; None: the scale is not a truth rating and is never published as one.
    best_rating: int | None = None
    worst_rating: int | None = None
    builtin: bool = field(default=False, compare=False)

    @property
    def active(self) -> tuple[ScaleValue, ...]:
        """The values offered on buttons and keys: retired values stay in data only."""
        return tuple(value for value in self.values if not value.retired)

    @property
    def names(self) -> tuple[str, ...]:
        """Every value a stored verdict may hold, retired ones too."""
        return tuple(value.name for value in self.values)

    @property
    def publishable(self) -> bool:
        return self.best_rating is not None and self.worst_rating is not None

    def value(self, name: str) -> ScaleValue | None:
        return next((value for value in self.values if value.name == name), None)

    def digit(self, value: ScaleValue) -> str:
        """The digit key of an active value: its place among the buttons."""
        return str(self.active.index(value) + 1)

    def order_of(self, name: str) -> int | None:
        """A value's place on an ordered scale, for weighted agreement; None for an unordered scale or a value off
        the line (unproven is not between true and false)."""
        found = self.value(name)
        if not self.ordered or found is None:
            return None
        if self.publishable:
            return found.rating_value
        return self.names.index(name)


BUILTIN_SCALES = {
    SOURCING: Scale(
        SOURCING, "Sourcing", builtin=True,
        description="Is the claim backed by a source a reader can check? Not a truth rating.",
        values=(
            ScaleValue("sourced", "s", "#1e7b34", "A named source or a document a reader can check backs the claim."),
            ScaleValue("speculative", "p", "#8a5100", "Hedged, forecast or opinion: may, could, expected to."),
            ScaleValue("unverified", "u", "#7a2e8c", "Stated as fact with no source given."),
        ),
    ),
    RATING: Scale(
        RATING, "Truth rating", builtin=True, ordered=True, best_rating=5, worst_rating=1,
        description="How true the claim is, as a fact-check publishes it (ClaimReview 5 best, 1 worst).",
        values=(
            ScaleValue("true", "t", "#1e7b34", "Accurate, nothing significant missing.", rating_value=5,
                       alternate_name="True"),
            ScaleValue("mostly true", "m", "#4d7a1e", "Accurate but needs clarification or context.",
                       rating_value=4, alternate_name="Mostly true"),
            ScaleValue("mixed", "x", "#8a5100", "Partly accurate, partly not.", rating_value=3,
                       alternate_name="Mixed"),
            ScaleValue("mostly false", "o", "#a33a12", "Some truth, but leaves out facts that change it.",
                       rating_value=2, alternate_name="Mostly false"),
            ScaleValue("false", "l", "#b00020", "Not accurate.", rating_value=1, alternate_name="False"),
            ScaleValue("unproven", "u", "#555555", "No evidence either way yet: not published as a number.",
                       alternate_name="Unproven"),
        ),
    ),
}


def parse_scale(data) -> Scale:
    """A Scale from a JSON object (as `scale add` reads it), or InvalidScale naming the first problem."""
    if not isinstance(data, dict):
        raise InvalidScale("A scale is a JSON object with a name and a list of values.")
    name = data.get("name")
    if not isinstance(name, str) or not _NAME.match(name):
        raise InvalidScale("The scale needs a name: lower case letters, digits, - or _, starting with a letter.")
    if name in BUILTIN_SCALES:
        raise InvalidScale(f"{name!r} is a built-in scale: choose another name.")
    title = _text(data.get("title", name), "title", MAX_TITLE_LENGTH) or name
    description = _text(data.get("description", ""), "description", MAX_DESCRIPTION_LENGTH)
    best, worst = data.get("best_rating"), data.get("worst_rating")
    if (best is None) != (worst is None):
        raise InvalidScale("Give both best_rating and worst_rating (the ClaimReview range), or neither.")
    if best is not None and not (_is_int(best) and _is_int(worst) and best > worst):
        raise InvalidScale("best_rating and worst_rating are whole numbers, best above worst (e.g. 5 and 1).")
    raw_values = data.get("values")
    if not isinstance(raw_values, list) or len(raw_values) < 2:
        raise InvalidScale("A scale needs a list of at least two values.")
    values = tuple(_parse_value(raw, number, best, worst) for number, raw in enumerate(raw_values, 1))
    for attribute in ("name", "key"):
        seen = [getattr(value, attribute) for value in values]
        doubled = sorted({item for item in seen if seen.count(item) > 1})
        if doubled:
            raise InvalidScale(f"Two values share the {attribute} {doubled[0]!r}.")
    active = [value for value in values if not value.retired]
    if not 2 <= len(active) <= MAX_VALUES:
        raise InvalidScale(f"A scale shows between 2 and {MAX_VALUES} values that are not retired "
                           "(digit keys 1-9).")
    if best is not None and not any(value.rating_value is not None for value in values):
        raise InvalidScale("A scale with a ClaimReview range needs a rating_value on at least one value.")
    if best is None and any(value.rating_value is not None for value in values):
        raise InvalidScale("A rating_value needs the scale's best_rating and worst_rating.")
    ordered = data.get("ordered", False)
    if not isinstance(ordered, bool):
        raise InvalidScale("ordered is true or false.")
    return Scale(name, title, values, ordered=ordered, description=description, best_rating=best,
                 worst_rating=worst)


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _text(value, label: str, limit: int) -> str:
    if not isinstance(value, str) or "\n" in value or len(value.strip()) > limit:
        raise InvalidScale(f"The {label} is one line of at most {limit} characters.")
    return value.strip()


def _parse_value(raw, number: int, best, worst) -> ScaleValue:
    where = f"Value {number}"
    if not isinstance(raw, dict):
        raise InvalidScale(f"{where} is not a JSON object.")
    name = raw.get("name")
    if not isinstance(name, str) or not _VALUE_NAME.match(name):
        raise InvalidScale(f"{where} needs a name: lower case letters, digits, spaces or -, at most 40.")
    where = f"Value {name!r}"
    if name in RESERVED_VALUE_NAMES or RESERVED_VALUE_WORDS & set(name.split()):
        raise InvalidScale(f"{where}: the review page uses that word for itself; choose another name.")
    key = raw.get("key")
    if not isinstance(key, str) or len(key) != 1 or not ("a" <= key <= "z"):
        raise InvalidScale(f"{where} needs a key: one lower case letter (the digit key is its place, 1-9).")
    if key in RESERVED_KEYS:
        raise InvalidScale(f"{where}: the key {key!r} already moves, undoes or opens something on the review "
                           f"page; choose a letter other than {', '.join(sorted(RESERVED_KEYS))}.")
    colour = raw.get("colour", raw.get("color"))
    if not isinstance(colour, str) or not _COLOUR.match(colour):
        raise InvalidScale(f"{where} needs a colour like #1e7b34.")
    description = _text(raw.get("description", ""), f"description of {name!r}", MAX_DESCRIPTION_LENGTH)
    if not description:
        raise InvalidScale(f"{where} needs a one-line description (the button's help).")
    label = _text(raw.get("label", ""), f"label of {name!r}", 40)
    rating_value = raw.get("rating_value")
    if rating_value is not None:
        if best is None:
            raise InvalidScale(f"{where} has a rating_value but the scale has no best_rating and worst_rating.")
        if not _is_int(rating_value) or not worst <= rating_value <= best:
            raise InvalidScale(f"{where}: rating_value is a whole number from {worst} to {best}.")
    alternate_name = _text(raw.get("alternate_name", ""), f"alternate_name of {name!r}", 60)
    retired = raw.get("retired", False)
    if not isinstance(retired, bool):
        raise InvalidScale(f"{where}: retired is true or false.")
    return ScaleValue(name, key, colour.lower(), description, label=label, rating_value=rating_value,
                      alternate_name=alternate_name, retired=retired)


def scale_to_dict(scale: Scale) -> dict:
    """The JSON object `scale add` reads back: what an admin edits to rename or retire a value."""
    data = {"name": scale.name, "title": scale.title, "description": scale.description, "ordered": scale.ordered}
    if scale.publishable:
        data.update(best_rating=scale.best_rating, worst_rating=scale.worst_rating)
    data["values"] = [{key: item for key, item in asdict(value).items() if item not in (None, "", False)}
                      for value in scale.values]
    return data


# --- Stored scales --------------------------------------------------------------------------------------------

def list_scales(db) -> list[Scale]:
    """The built-in scales, then the desk's own, by name."""
    stored = [_from_row(row) for row in db.query("select definition from scales order by name")]
    return list(BUILTIN_SCALES.values()) + stored


def get_scale(db, name: str) -> Scale:
    if name in BUILTIN_SCALES:
        return BUILTIN_SCALES[name]
    rows = list(db.query("select definition from scales where name = ?", [name]))
    if not rows:
        known = ", ".join(scale.name for scale in list_scales(db))
        raise InvalidScale(f"No scale is named {name!r}: choose one of {known}.")
    return _from_row(rows[0])


def _from_row(row) -> Scale:
    return parse_scale(json.loads(row["definition"]))


def used_values(db, scale_name: str) -> dict[str, int]:
    """How many verdicts and final verdicts hold each value, on the articles that use this scale."""
    counts: dict[str, int] = {}
    for row in db.query(
        """select verdict, count(*) as n from (
             select v.verdict from verdicts v join claims c on c.id = v.claim_id join articles a on a.id = c.article_id
               where a.scale = :scale
             union all
             select f.verdict from final_verdicts f join claims c on c.id = f.claim_id
               join articles a on a.id = c.article_id where a.scale = :scale)
           group by verdict""",
        {"scale": scale_name},
    ):
        counts[row["verdict"]] = row["n"]
    return counts


def add_scale(db, data) -> tuple[Scale, bool]:
    """Store a scale from its JSON object, or replace the one of that name; (scale, True if it replaced one).

    A replacement keeps every value a verdict holds: a value is renamed through its label, or retired.
    """
    scale = parse_scale(data)
    with write_transaction(db):
        existing = db["scales"].count_where("name = ?", [scale.name]) > 0
        if existing:
            missing = {value: count for value, count in used_values(db, scale.name).items()
                       if value not in scale.names}
            if missing:
                value, count = sorted(missing.items())[0]
                raise InvalidScale(
                    f"The value {value!r} holds {count} verdict{'s' if count != 1 else ''}: keep it in the list "
                    "(change its label to rename it, or set \"retired\": true to hide it from the buttons).")
        now = utc_now()
        db.execute("insert into scales (name, definition, created_at, updated_at) values (?, ?, ?, ?) "
                   "on conflict (name) do update set definition = excluded.definition, updated_at = excluded.updated_at",
                   [scale.name, json.dumps(scale_to_dict(scale), ensure_ascii=False), now, now])
    return scale, existing


def default_scale_name(db) -> str:
    """The scale new imports get."""
    return get_setting(db, DEFAULT_SETTING, SOURCING)


def article_scale(db, article_id: int) -> Scale:
    """The scale of an article's verdicts (sourcing for an article unknown here: the callers check existence)."""
    rows = list(db.query("select scale from articles where id = ?", [article_id]))
    return get_scale(db, rows[0]["scale"] if rows and rows[0]["scale"] else SOURCING)


def claim_scale(db, claim_id: int) -> Scale:
    rows = list(db.query("select a.scale from claims c join articles a on a.id = c.article_id where c.id = ?",
                         [claim_id]))
    return get_scale(db, rows[0]["scale"] if rows and rows[0]["scale"] else SOURCING)


def use_scale(db, name: str, article_id: int | None = None, actor_id: int | None = None) -> str:
    """Make a scale the default for new imports, or an article's scale; a message saying what changed.

    An article keeps its verdicts: a scale that lacks a value they hold is refused, nothing changed.
    """
    scale = get_scale(db, name)
    with write_transaction(db):
        if article_id is None:
            set_setting(db, DEFAULT_SETTING, scale.name)
            return f"New imports use the scale {scale.name!r}."
        rows = list(db.query("select scale from articles where id = ?", [article_id]))
        if not rows:
            raise InvalidScale(f"Article {article_id} does not exist.")
        old = rows[0]["scale"] or SOURCING
        if old == scale.name:
            return f"Article {article_id} already uses the scale {scale.name!r}."
        held = sorted(value for value in used_values_of_article(db, article_id) if value not in scale.names)
        if held:
            raise InvalidScale(
                f"Article {article_id} has verdicts {', '.join(repr(value) for value in held)}, which the scale "
                f"{scale.name!r} does not have: its verdicts stay on {old!r}.")
        db.execute("update articles set scale = ? where id = ?", [scale.name, article_id])
        db["article_history"].insert({"article_id": article_id, "actor_id": actor_id, "changed_at": utc_now(),
                                      "action": "scale", "from_value": old, "to_value": scale.name})
    return f"Article {article_id} now uses the scale {scale.name!r}."


def used_values_of_article(db, article_id: int) -> set[str]:
    return {row["verdict"] for row in db.query(
        """select v.verdict from verdicts v join claims c on c.id = v.claim_id where c.article_id = :a
           union select f.verdict from final_verdicts f join claims c on c.id = f.claim_id where c.article_id = :a""",
        {"a": article_id})}


def every_value_name(db) -> tuple[str, ...]:
    """Every value of every scale, in scale order, once: what a filter across articles may ask for."""
    seen: dict[str, None] = {}
    for scale in list_scales(db):
        seen.update(dict.fromkeys(scale.names))
    return tuple(seen)


def ordinal_agreement(ratings, scale: Scale) -> dict | None:
    """On an ordered scale, the agreement figures that weigh near misses (None on an unordered one)."""
    from . import agreement  # agreement is plain arithmetic; imported here to keep this module's import light

    if not scale.ordered:
        return None
    order = {value.name: place for value in scale.values if (place := scale.order_of(value.name)) is not None}
    return {"interval_alpha": agreement.krippendorff_alpha_interval(ratings, order),
            "weighted": agreement.pairwise_weighted_kappa(ratings, order),
            "off_line": [value.shown for value in scale.values if value.name not in order]}


# Added to the verdicts_export view after its columns (so every older column keeps its place): the final verdict's
# reason, the article's URL and the scale its verdicts are on. The view's aliases f (final_verdicts) and a
# (articles) are those of migrations 0005 and 0008.
_EXPORT_EXTRA_COLUMNS = ("coalesce(f.reason, '') as final_reason, coalesce(a.url, '') as article_url, "
                         "a.scale as scale")


def _add_export_columns(db):
    """Rebuild the verdicts_export view as it stands with the extra columns after its own."""
    from .db import add_export_view_columns
    add_export_view_columns(db, _EXPORT_EXTRA_COLUMNS)


def create_tables(db):
    """Migration 0017: the desk's own scales, and each article's scale (existing articles keep sourcing)."""
    db["scales"].create({"name": str, "definition": str, "created_at": str, "updated_at": str}, pk="name",
                        not_null=["definition", "created_at", "updated_at"])
    db["articles"].add_column("scale", str, not_null_default=SOURCING)
    _add_export_columns(db)
    # What a published ClaimReview needs beyond the verdict: the fact-check's own URL and who made the claim (the
    # claimant), set by a lead; no row: the URL template in config and the source span the splitter found.
    db["claim_publication"].create(
        {"claim_id": int, "review_url": str, "claimant": str, "claimant_type": str, "updated_by": int,
         "updated_at": str},
        pk="claim_id", foreign_keys=[("claim_id", "claims", "id"), ("updated_by", "reviewers", "id")],
        not_null=["updated_at"],
    )
