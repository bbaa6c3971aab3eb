"""One definition of each field type (`type:` in a form): the registry every layer asks.

A `FieldKind` knows what its answers are and how they read:
- `family` (text, number, date, boolean, choice, image, table) and what follows from it
  (bounds, choices, a length warning, cells that must not break in print);
- `check`: the raw JSON answer as a typed value, or the issue codes of what is wrong with it;
- `from_text`: text typed on a command line, into a table cell or kept in a profile, as the
  answer it clearly is (or left as typed, for validation to report);
- `format`: the value as text in Korean or English (print marks yes/no with boxes; a screen
  shows the word) — the same for answers and for computed values;
- `accepts`: whether an answer of another kind may move into this one (carry-forward, reuse,
  upgrades): the same kind, any text into text, any number into a number.

To add a field type: one `FieldKind` (or subclass) registered here, one editor registered in
`ui/fields.py`, one row of the field types table in forms/README.md.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import TYPE_CHECKING, Any, Literal

from desktop_app import korean_ids
from desktop_app.forms import display, readers

if TYPE_CHECKING:
    from desktop_app.forms.model import FieldDef

Family = Literal["text", "number", "date", "boolean", "choice", "image", "table"]
Found = list[tuple[str, dict[str, Any]]]
Checked = tuple[Any, Found]

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg")
_INTEGER = re.compile(r"^[+-]?\d{1,3}(,\d{3})+$|^[+-]?\d+$")
_NUMBER = re.compile(r"^[+-]?(\d+|\d{1,3}(,\d{3})+)(\.\d+)?$")


def is_blank(value: Any) -> bool:
    """No answer: None, empty or whitespace-only text, an empty list."""
    return value is None or value == [] or (isinstance(value, str) and not value.strip())


def _shown(v: Any) -> str:
    return v if isinstance(v, str) else str(v)


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def resolve_bound(bound: int | str | None, settings: Mapping[str, Any]) -> int | None:
    if bound is None or isinstance(bound, int):
        return bound
    value = settings.get(bound.removeprefix("settings."))
    return value if _is_int(value) else None


def date_bound_ok(val: str) -> bool:
    """`today` or an ISO date: what a date field's min/max/default may say."""
    if val == "today":
        return True
    try:
        dt.date.fromisoformat(val)
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class FieldKind:
    """The behaviour shared by every kind; subclasses below override per family."""

    name: str
    family: Family
    type_name: tuple[str, str]  # (ko, en) for the `type` issue: "must be …"
    unbreakable: bool = False   # print: the value never wraps inside a table cell
    label_above: bool = False   # screen: a wide input under its label, not beside it
    multiple: bool = False      # the answer is a list of values (multichoice)
    multiline: bool = False     # long text: kept as typed; a box of its own in print
    currency: bool = False      # an amount of won (budget charts add these up)

    # --- what the form author may write
    @property
    def has_choices(self) -> bool:
        return self.family == "choice"

    @property
    def has_columns(self) -> bool:
        return self.family == "table"

    @property
    def holds_file(self) -> bool:
        """The answer names a file (seal or signature image) kept beside the answers."""
        return self.family == "image"

    @property
    def closed_question(self) -> bool:
        """One answer out of a few fixed ones (yes/no, a single choice): askable up front."""
        return self.family == "boolean" or (self.family == "choice" and not self.multiple)

    @property
    def one_line(self) -> bool:
        """A short answer typed on one line (text, a number, a date): several fit one screen."""
        return self.family in ("text", "number", "date") and not self.multiline

    @property
    def numeric(self) -> bool:
        return self.family == "number"

    @property
    def bounds(self) -> Literal["number", "date"] | None:
        """What `min`/`max` of such a field are: numbers, dates, or not allowed."""
        return self.family if self.family in ("number", "date") else None

    @property
    def carry_group(self) -> str:
        """Kinds of one group take each other's answers (text into text, number into number)."""
        return self.family if self.family in ("text", "number") else self.name

    def accepts(self, other: FieldKind | None) -> bool:
        """May an answer given to a field of kind `other` (None: unknown) move into this kind?"""
        return other is None or other.carry_group == self.carry_group

    def default_problem(self, f: FieldDef) -> str | None:
        return None if isinstance(f.default, str) else f"default must be text, not {f.default!r}"

    # --- answers
    def type_error(self) -> Checked:
        ko, en = self.type_name
        return None, [("type", {"expected": ko, "expected_en": en})]

    def check(self, f: FieldDef, v: Any, today: dt.date, settings: Mapping[str, Any]) -> Checked:
        """Typed value and problems of one answered (non-blank) value of field `f`."""
        raise NotImplementedError

    def read(self, text: str, f: FieldDef | None = None) -> Any:
        """The value `text` clearly is for this kind (a yes/no word, a choice label, a date in
        an everyday form), or None; never a guess (desktop_app/forms/readers.py)."""
        return None

    def from_text(self, text: str, f: FieldDef | None = None) -> Any:
        """`text` as the answer it reads as, or the text itself (for validation to report)."""
        value = self.read(text.strip(), f) if text.strip() else None
        return text if value is None else value

    def read_item(self, text: str, f: FieldDef) -> Any:
        """One entry of a list answer (multichoice), as `from_text` reads a whole answer."""
        return self.from_text(text, f)

    def edit_text(self, value: Any, lang: str, f: FieldDef | None = None) -> str:
        """The answer as a person edits it in a line or a table cell; `from_text` reads it back."""
        return "" if value is None else str(value)

    def computed(self, value: Any) -> Any:
        """A value a formula produced for this kind (computed values, computed columns)."""
        return value

    def format(self, value: Any, lang: str, f: FieldDef | None = None, *, marks: bool = True) -> str:
        """The answer as text; blank is "". `marks`: yes/no and choices as ■/□ boxes (print)."""
        if is_blank(value):
            return ""
        return self._format(value, lang, f, marks)

    def _format(self, value: Any, lang: str, f: FieldDef | None, marks: bool) -> str:
        return str(value).strip()

    def format_computed(self, value: Any, lang: str, *, marks: bool = True) -> str:
        """A computed value of this declared type (the formula may still give another type)."""
        if value is None:
            return ""
        if isinstance(value, bool) or self.family == "boolean":
            return display.format_bool(bool(value), lang, marks=marks)
        if isinstance(value, dt.date):
            return display.format_date(value, lang)
        if isinstance(value, int | float):
            return self._format(value, lang, None, marks) if self.numeric else display.format_number(value)
        return str(value)


@dataclass(frozen=True)
class TextKind(FieldKind):
    format_code: Callable[[str], str | None] | None = None  # a format problem's issue code
    tidy: Callable[[str], str] | None = None            # how the agency writes it, once valid
    tidy_always: bool = False                           # phone: tidied even when it has problems
    example: str | None = None                          # shown in an empty input
    input_mask: str | None = None                       # screen: digits only, hyphens in place

    def check(self, f: FieldDef, v: Any, today: dt.date, settings: Mapping[str, Any]) -> Checked:
        if not isinstance(v, str):
            return self.type_error()
        text = v if self.multiline else v.strip()
        found: Found = []
        n = len(text.strip())
        if f.min_length is not None and n < f.min_length:
            found.append(("min_length", {"bound": f.min_length, "actual": n}))
        if f.max_length is not None and n > f.max_length:
            found.append(("max_length", {"bound": f.max_length, "actual": n}))
        thin = resolve_bound(f.warn_min_length, settings)
        if thin is not None and n < thin:
            found.append(("thin_text", {"bound": thin, "actual": n}))
        if f.pattern is not None and re.fullmatch(f.pattern, text) is None:
            found.append(("pattern", {}))
        code = self.format_code(text) if self.format_code else None
        if code:
            found.append((code, {}))
        if self.tidy is not None and (self.tidy_always or not found):
            text = self.tidy(text)
        return text, found

    def _format(self, value: Any, lang: str, f: FieldDef | None, marks: bool) -> str:
        return str(value).strip("\n") if self.multiline else str(value).strip()


def _brn_code(text: str) -> str | None:
    problem = korean_ids.brn_problem(text)
    return f"brn.{problem}" if problem else None


def _crn_code(text: str) -> str | None:
    problem = korean_ids.crn_problem(text)
    return f"crn.{problem}" if problem else None


@dataclass(frozen=True)
class NumberKind(FieldKind):
    whole: bool = False               # integer and money: whole numbers, formulas rounded half-up
    fraction_code: str | None = None  # money: a fraction is its own issue
    default_min: float | None = None
    default_max: float | None = None
    unit: tuple[str, str] | None = None  # screen suffix (ko, en)
    group_digits: bool = False           # money: 12,345,000 while typing

    def edit_text(self, value: Any, lang: str, f: FieldDef | None = None) -> str:
        if self.group_digits and _is_int(value):
            return f"{value:,}"
        return super().edit_text(value, lang, f)

    def check(self, f: FieldDef, v: Any, today: dt.date, settings: Mapping[str, Any]) -> Checked:
        if self.whole:
            if isinstance(v, float) and v.is_integer() and self.fraction_code:
                v = int(v)
            elif isinstance(v, float) and self.fraction_code:
                return None, [(self.fraction_code, {})]
            if not _is_int(v):
                return self.type_error()
        elif not isinstance(v, int | float) or isinstance(v, bool):
            return self.type_error()
        found: Found = []
        lo = f.min_value if f.min_value is not None else self.default_min
        hi = f.max_value if f.max_value is not None else self.default_max
        if isinstance(lo, int | float) and v < lo:
            found.append(("min", {"bound": self.bound_text(lo)}))
        if isinstance(hi, int | float) and v > hi:
            found.append(("max", {"bound": self.bound_text(hi)}))
        return v, found

    def bound_text(self, n: float) -> str:
        """A bound in an issue message (the same words in both languages, as the agency writes)."""
        if self.currency:
            return f"{int(n):,}원"
        if self.name == "percent":
            return f"{n:g}%"
        return f"{n:,}" if isinstance(n, int) else f"{n:g}"

    def from_text(self, text: str, f: FieldDef | None = None) -> Any:
        t = text.strip().replace(" ", "")
        if self.whole:
            return int(t.replace(",", "")) if _INTEGER.match(t) else text
        if _NUMBER.match(t):
            number = float(t.replace(",", ""))
            return int(number) if number.is_integer() and "." not in t else number
        return text

    def computed(self, value: Any) -> Any:
        if self.whole and isinstance(value, int | float) and not isinstance(value, bool):
            return int(value + 0.5) if value >= 0 else -int(-value + 0.5)
        return value

    def default_problem(self, f: FieldDef) -> str | None:
        d = f.default
        if self.whole:
            return None if _is_int(d) else f"default must be a whole number, not {d!r}"
        ok = isinstance(d, int | float) and not isinstance(d, bool)
        return None if ok else f"default must be a number, not {d!r}"

    def _format(self, value: Any, lang: str, f: FieldDef | None, marks: bool) -> str:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return str(value).strip()
        if self.currency:
            return display.format_money(value, lang)
        if self.name == "percent":
            return display.format_percent(value)
        return display.format_number(value)


@dataclass(frozen=True)
class DateKind(FieldKind):
    with_time: bool = False

    def check(self, f: FieldDef, v: Any, today: dt.date, settings: Mapping[str, Any]) -> Checked:
        value: dt.date | None = None
        iso = self.read(v, f) if isinstance(v, str) else None  # 1997.03.14 reads too
        try:
            if iso is not None:
                value = dt.datetime.fromisoformat(iso) if self.with_time else dt.date.fromisoformat(iso)
        except ValueError:
            value = None
        if value is None and self.with_time:
            return None, [("datetime.format", {"value": _shown(v)})]
        if value is None:
            return None, [("date.format", {"value": _shown(v), "examples": readers.DATE_EXAMPLES})]
        day = value.date() if isinstance(value, dt.datetime) else value
        found: Found = []
        lo, hi = _date_bound(f.min_value, today), _date_bound(f.max_value, today)
        if lo and day < lo:
            found.append(("min", {"bound": lo.isoformat()}))
        if hi and day > hi:
            found.append(("max", {"bound": hi.isoformat()}))
        return value, found

    def read(self, text: str, f: FieldDef | None = None) -> Any:
        return readers.read_datetime(text) if self.with_time else readers.read_date(text)

    def default_problem(self, f: FieldDef) -> str | None:
        d = f.default
        if isinstance(d, dt.date) or (isinstance(d, str) and date_bound_ok(d)):
            return None
        return f"default must be an ISO date, not {d!r}"

    def _format(self, value: Any, lang: str, f: FieldDef | None, marks: bool) -> str:
        if self.with_time and isinstance(value, dt.datetime):
            return display.format_datetime(value, lang)
        if not self.with_time and isinstance(value, dt.date):
            return display.format_date(value, lang)
        return str(value).strip()


def _date_bound(bound: Any, today: dt.date) -> dt.date | None:
    if bound == "today":
        return today
    if isinstance(bound, str):
        return dt.date.fromisoformat(bound)
    return None


@dataclass(frozen=True)
class BooleanKind(FieldKind):
    def check(self, f: FieldDef, v: Any, today: dt.date, settings: Mapping[str, Any]) -> Checked:
        if isinstance(v, bool):
            return v, []
        read = self.read(v, f) if isinstance(v, str) else None
        if read is None:
            return None, [("boolean.unknown", {"value": _shown(v)})]
        return read, []

    def read(self, text: str, f: FieldDef | None = None) -> Any:
        return readers.read_boolean(text)

    def computed(self, value: Any) -> Any:
        return None if value is None else bool(value)

    def edit_text(self, value: Any, lang: str, f: FieldDef | None = None) -> str:
        if isinstance(value, bool):
            return display.yes_no(value, lang)
        return super().edit_text(value, lang, f)  # typed text that reads as no yes/no

    def default_problem(self, f: FieldDef) -> str | None:
        d = f.default
        return None if isinstance(d, bool) else f"default of a boolean field must be true or false, not {d!r}"

    def _format(self, value: Any, lang: str, f: FieldDef | None, marks: bool) -> str:
        return display.format_bool(bool(value), lang, marks=marks)


@dataclass(frozen=True)
class ChoiceKind(FieldKind):
    def check(self, f: FieldDef, v: Any, today: dt.date, settings: Mapping[str, Any]) -> Checked:
        """A choice's value, or its label as typed ("자체 생산" for `own`); anything else is named
        back with the choices in the reader's language — never taken as some other choice."""
        def allowed() -> dict[str, str]:  # only for the message: most answers are fine
            return {"allowed": readers.choice_names(f, "ko"), "allowed_en": readers.choice_names(f, "en")}

        if not self.multiple:
            value = readers.read_choice(f, v) if isinstance(v, str) else None
            if value is None:
                return None, [("choice.unknown", {"value": _shown(v), **allowed()})]
            return value, []
        if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
            return self.type_error()
        read = [readers.read_choice(f, x) for x in v]
        bad = [x for x, r in zip(v, read, strict=True) if r is None]
        good = [r for r in read if r is not None]
        if bad:
            return good, [("choice.unknown", {"value": ", ".join(bad), **allowed()})]
        return good, []

    def read(self, text: str, f: FieldDef | None = None) -> Any:
        if f is None:
            return None
        if not self.multiple:
            return readers.read_choice(f, text)
        if text[:1] == "[":
            try:
                items = json.loads(text)
            except json.JSONDecodeError:
                return None
            return [self.read_item(x, f) if isinstance(x, str) else x for x in items] \
                if isinstance(items, list) else None
        return None

    def read_item(self, text: str, f: FieldDef) -> Any:
        """One entry of a multichoice list: its value when it names a choice, else as typed."""
        value = readers.read_choice(f, text)
        return text if value is None else value

    def edit_text(self, value: Any, lang: str, f: FieldDef | None = None) -> str:
        if value is not None and not self.multiple and f is not None:
            return f.choice_label(str(value), lang)
        return super().edit_text(value, lang, f)

    def default_problem(self, f: FieldDef) -> str | None:
        d, values = f.default, list(f.choice_values)
        if not self.multiple:
            return None if d in f.choice_values else f"default {d!r} is not one of the choices {values}"
        if not isinstance(d, list) or any(v not in f.choice_values for v in d):
            return f"default must be a list of choice values {values}"
        return None

    def _format(self, value: Any, lang: str, f: FieldDef | None, marks: bool) -> str:
        if not self.multiple:
            return f.choice_label(str(value), lang) if f is not None else str(value)
        chosen = [str(v) for v in value] if isinstance(value, list) else [str(value)]
        if f is None:
            return ", ".join(chosen)
        if not marks:
            return ", ".join(f.choice_label(v, lang) for v in chosen)
        return display.format_boxes(((c.value, c.label.get(lang)) for c in f.choices), chosen)


@dataclass(frozen=True)
class ImageKind(FieldKind):
    def check(self, f: FieldDef, v: Any, today: dt.date, settings: Mapping[str, Any]) -> Checked:
        if not isinstance(v, str):
            return self.type_error()
        return (v, []) if v.lower().endswith(IMAGE_SUFFIXES) else (None, [("image.type", {})])

    def default_problem(self, f: FieldDef) -> str | None:
        return "a image field cannot have a default"

    def _format(self, value: Any, lang: str, f: FieldDef | None, marks: bool) -> str:
        return PurePath(str(value)).name


@dataclass(frozen=True)
class TableKind(FieldKind):
    def check(self, f: FieldDef, v: Any, today: dt.date, settings: Mapping[str, Any]) -> Checked:
        ok = isinstance(v, list) and all(isinstance(r, dict) for r in v)
        return (v, []) if ok else self.type_error()

    def read(self, text: str, f: FieldDef | None = None) -> Any:
        if text[:1] in "[{":
            try:
                return json.loads(text)
            except json.JSONDecodeError:
                return None
        return None

    def default_problem(self, f: FieldDef) -> str | None:
        return "a table field cannot have a default"


_TEXT = ("문자열", "text")
_ALL: Sequence[FieldKind] = (
    TextKind("text", "text", _TEXT),
    TextKind("textarea", "text", _TEXT, multiline=True, label_above=True),
    NumberKind("integer", "number", ("정수", "a whole number"), unbreakable=True, whole=True),
    NumberKind("number", "number", ("숫자", "a number"), unbreakable=True),
    NumberKind("money", "number", ("원 단위 정수 금액", "an amount in whole won"), unbreakable=True,
               currency=True, whole=True, fraction_code="money.whole_won", default_min=0, unit=("원", "won"),
               group_digits=True),
    NumberKind("percent", "number", ("백분율 숫자", "a percentage"), unbreakable=True,
               default_min=0, default_max=100, unit=("%", "%")),
    DateKind("date", "date", _TEXT, unbreakable=True),
    DateKind("datetime", "date", _TEXT, with_time=True),
    BooleanKind("boolean", "boolean", ("예/아니오", "yes or no")),
    ChoiceKind("choice", "choice", _TEXT),
    ChoiceKind("multichoice", "choice", ("선택값 목록", "a list of choices"), multiple=True),
    TextKind("email", "text", _TEXT,
             format_code=lambda t: None if korean_ids.email_ok(t) else "email.format"),
    TextKind("phone", "text", _TEXT, unbreakable=True, example="010-1234-5678",
             format_code=lambda t: None if korean_ids.phone_ok(t) else "phone.format",
             tidy=korean_ids.normalise_phone, tidy_always=True),
    TextKind("postcode", "text", _TEXT, unbreakable=True,
             format_code=lambda t: None if korean_ids.postcode_ok(t) else "postcode.format"),
    TextKind("brn", "text", _TEXT, unbreakable=True, example="123-45-67890", input_mask="000-00-00000;_",
             format_code=_brn_code, tidy=korean_ids.format_brn),
    TextKind("crn", "text", _TEXT, unbreakable=True, example="123456-1234567",
             input_mask="000000-0000000;_", format_code=_crn_code, tidy=korean_ids.format_crn),
    TextKind("address", "text", _TEXT),
    ImageKind("image", "image", _TEXT),
    TableKind("table", "table", ("행 목록", "a list of rows"), label_above=True),
)
KINDS: dict[str, FieldKind] = {k.name: k for k in _ALL}
NAMES: tuple[str, ...] = tuple(KINDS)


def kind_of(name: str) -> FieldKind:
    """The kind of a field type or computed value type (`money`, `date` …)."""
    try:
        return KINDS[name]
    except KeyError:
        raise KeyError(f"unknown field type {name!r}; known: {', '.join(NAMES)}") from None
