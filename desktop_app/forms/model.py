"""The immutable model of a form definition (one programme edition).

Structure only; cross-references (names in expressions, duplicate ids, defaults that fit)
are checked in `checks.py`, so that both kinds of problem can be reported with locations.
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from itertools import pairwise
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    StrictBool,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from desktop_app.forms.kinds import KINDS, FieldKind
from desktop_app.forms.kinds import resolve_bound as resolve_bound  # re-exported for callers
from desktop_app.forms.marks import move_marks
from desktop_app.forms.template_model import TemplateDef


def _known_kind(name: str) -> str:
    if name not in KINDS:
        raise PydanticCustomError("literal_error", "Input should be {expected}",
                                  {"expected": ", ".join(repr(k) for k in KINDS)})
    return name


# A field type names one registered kind (desktop_app/forms/kinds.py).
FieldType = Annotated[str, AfterValidator(_known_kind)]
Severity = Literal["error", "warning", "info"]
ValueType = Literal["money", "integer", "number", "percent", "boolean", "date", "text"]
Ident = str  # validated by IDENT_PATTERN in the models below
IDENT_PATTERN = r"^[a-z][a-z0-9_]*$"
FORM_ID_PATTERN = r"^[a-z][a-z0-9-]*$"
SETTING_REF_PATTERN = r"^settings\.[a-z][a-z0-9_]*$"
# A length bound written as a number or as a reference to a whole-number setting.
LengthBound = Annotated[int, Field(ge=1)] | Annotated[str, Field(pattern=SETTING_REF_PATTERN)]
SettingScalar = int | float | bool | dt.date | str
KST = dt.timezone(dt.timedelta(hours=9), "KST")


class _Frozen(BaseModel):
    # defer_build: the schema is built on the first validation (parsing a YAML file), not at
    # import — a definition unpickled from the cache never needs it (cold start, issue 18 #7)
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True, defer_build=True)


class Text(_Frozen):
    """Every user-facing string exists in Korean and English."""

    ko: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.ko


class Choice(_Frozen):
    value: str = Field(min_length=1)
    label: Text
    # other words people type for this choice ('서울' for 서울특별시, '충남' for 충청남도)
    also: tuple[str, ...] = ()

    @field_validator("value", mode="before")
    @classmethod
    def _value_as_text(cls, v: Any) -> Any:
        return str(v) if isinstance(v, int) and not isinstance(v, bool) else v


class Rule(_Frozen):
    """A cross-field check: `when` is true when something is wrong."""

    id: str = Field(pattern=IDENT_PATTERN)
    when: str = Field(min_length=1)
    severity: Severity = "error"
    fields: tuple[str, ...] = ()
    message: Text
    help: Text | None = None
    source: str | None = None  # the authors' source marks, kept out of the message (forms/marks.py)

    @model_validator(mode="before")
    @classmethod
    def _marks(cls, data: Any) -> Any:
        return move_marks(data, ("message", "help"))


class Chart(_Frozen):
    """The budget chart of a table, declared (never guessed): the money column to add up, the
    column that groups the rows, and the money answers that split the total by source."""

    amount: str = Field(pattern=IDENT_PATTERN)
    group: str = Field(pattern=IDENT_PATTERN)
    # money fields or computed values (e.g. [gov_share, private_share]): the "by source" bar
    sources: tuple[Annotated[str, Field(pattern=IDENT_PATTERN)], ...] = ()


class FieldDef(_Frozen):
    id: str = Field(pattern=IDENT_PATTERN)
    type: FieldType
    label: Text
    help: Text | None = None
    placeholder: Text | None = None
    required: bool | str = False
    show_if: str | None = None
    min_value: int | float | str | None = Field(default=None, alias="min")
    max_value: int | float | str | None = Field(default=None, alias="max")
    min_length: int | None = Field(default=None, ge=0)
    max_length: int | None = Field(default=None, ge=1)
    # Below this many characters the answer gets a `thin_text` warning; `settings.NAME` allowed.
    warn_min_length: LengthBound | None = None
    pattern: str | None = None
    choices: tuple[Choice, ...] = ()
    default: Any = None
    profile: str | None = Field(default=None, pattern=r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$")
    sensitive: bool = False
    compute: str | None = None
    # table only
    columns: tuple[FieldDef, ...] = ()
    min_rows: int | None = Field(default=None, ge=0)
    max_rows: int | None = Field(default=None, ge=1)
    rules: tuple[Rule, ...] = ()
    chart: Chart | None = None
    source: str | None = None  # the authors' source marks, kept out of the help (forms/marks.py)
    # "same as": the id of another top-level field of the same type whose answer the user may copy
    # with one click ("대표자와 같음" beside the contact person's name)
    same_as: str | None = Field(default=None, pattern=IDENT_PATTERN)

    @model_validator(mode="before")
    @classmethod
    def _marks(cls, data: Any) -> Any:
        return move_marks(data, ("help",))

    @property
    def kind(self) -> FieldKind:
        """What this field's type means everywhere (checks, formatting, carry-forward)."""
        return KINDS[self.type]

    @cached_property
    def column_map(self) -> dict[str, FieldDef]:
        return {c.id: c for c in self.columns}

    @cached_property
    def choice_values(self) -> tuple[str, ...]:
        return tuple(c.value for c in self.choices)

    def choice_label(self, value: str, lang: str) -> str:
        for c in self.choices:
            if c.value == value:
                return c.label.get(lang)
        return value


SectionRole = Literal["signature"]


class Section(_Frozen):
    id: str = Field(pattern=IDENT_PATTERN)
    title: Text
    help: Text | None = None
    show_if: str | None = None
    # `signature`: printed as the form's closing block — its yes/no fields as consents, its
    # first date as the signing date, its image field as the seal over (인)
    role: SectionRole | None = None
    fields: tuple[FieldDef, ...] = Field(min_length=1)
    source: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _marks(cls, data: Any) -> Any:
        return move_marks(data, ("help",))


class Computed(_Frozen):
    """A named expression (total, share, derived flag); shown in output when it has a label."""

    id: str = Field(pattern=IDENT_PATTERN)
    expr: str = Field(min_length=1)
    type: ValueType = "number"
    label: Text | None = None
    # internal: a step of a calculation (a flag for rules, a value for a template), never printed
    internal: bool = False


class BandStep(_Frozen):
    """One band: values up to (or below) `to` give `value`; the last band has no `to`."""

    to: int | float | None = None
    value: int | float | str


class Bands(_Frozen):
    """A band table (revenue brackets → own share …), looked up with `band(settings.NAME, x)`.

    `rule` states the boundary: `up_to` puts a value equal to a threshold in the lower band
    (x ≤ to), `below` in the upper one (x < to). Thresholds rise; the last step has none."""

    rule: Literal["up_to", "below"]
    steps: tuple[BandStep, ...] = Field(min_length=2)

    @model_validator(mode="after")
    def _rising(self) -> Bands:
        *bounded, last = self.steps
        if last.to is not None:
            raise ValueError("the last band has no 'to': it takes every value above the others")
        tos = [b.to for b in bounded]
        if any(t is None for t in tos):
            raise ValueError("every band but the last needs 'to'")
        if any(a >= b for a, b in pairwise(tos)):  # type: ignore[operator]
            raise ValueError(f"band thresholds must rise: {tos}")
        return self

    def lookup(self, x: float) -> int | float | str:
        for step in self.steps[:-1]:
            assert step.to is not None
            if x < step.to or (self.rule == "up_to" and x == step.to):
                return step.value
        return self.steps[-1].value


class Setting(_Frozen):
    """One number of the edition (cap, ratio, quota, months), referenced as settings.NAME."""

    value: SettingScalar | tuple[SettingScalar, ...] | Bands
    label: Text
    note: Text | None = None
    # The sources do not state this value for the edition: it is an assumption, and the user is told
    # so ("공고문 확인 필요") beside every question, computed value and export that uses it.
    confirm: StrictBool = False

    @model_validator(mode="after")
    def _confirm_says_why(self) -> Setting:
        if self.confirm and self.note is None:
            raise PydanticCustomError(
                "confirm_note", "a setting with confirm: true needs a note saying what to confirm and where")
        return self


class Attachment(_Frozen):
    id: str = Field(pattern=IDENT_PATTERN)
    label: Text
    help: Text | None = None
    required: bool = False
    required_if: str | None = None
    accept: tuple[Literal["pdf", "jpg", "jpeg", "png", "hwp", "hwpx", "xlsx", "docx", "pptx", "zip"], ...] = (
        "pdf",
    )
    max_size_mb: float = Field(default=10.0, gt=0)
    document: str | None = Field(default=None, pattern=IDENT_PATTERN)  # a client document kind
    source: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _marks(cls, data: Any) -> Any:
        return move_marks(data, ("help",))


class MigrationStep(_Frozen):
    """How one answer of an earlier edition maps onto this edition (applied by the upgrader)."""

    kind: Literal["rename", "move", "split", "merge", "default", "drop"]
    source: str | tuple[str, ...] | None = Field(default=None, alias="from")
    target: str | tuple[str, ...] | None = Field(default=None, alias="to")
    value: Any = None
    note: Text | None = None


class Migration(_Frozen):
    from_edition: str
    steps: tuple[MigrationStep, ...] = ()

    @field_validator("from_edition", mode="before")
    @classmethod
    def _edition_as_text(cls, v: Any) -> Any:
        return str(v) if isinstance(v, int) and not isinstance(v, bool) else v


class FormDefinition(_Frozen):
    id: str = Field(pattern=FORM_ID_PATTERN)
    edition: str = Field(min_length=1)
    title: Text
    agency: Text
    summary: Text | None = None
    eligibility: Text | None = None
    opens: dt.datetime | None = None  # a bare date means 00:00 Korean time of that day
    deadline: dt.datetime
    settings: dict[str, Setting] = Field(default_factory=dict)
    sections: tuple[Section, ...] = Field(min_length=1)
    computed: tuple[Computed, ...] = ()
    rules: tuple[Rule, ...] = ()
    attachments: tuple[Attachment, ...] = ()
    migrations: tuple[Migration, ...] = ()
    templates: tuple[TemplateDef, ...] = ()
    # the questions the catalogue's eligibility pre-check asks (any field kind); every error rule
    # that reads only these answers is judged there. Empty: yes/no and choice questions found
    # automatically.
    precheck: tuple[str, ...] = ()
    _source_file: str = PrivateAttr(default="")
    _content_hash: str = PrivateAttr(default="")

    @field_validator("edition", mode="before")
    @classmethod
    def _edition_as_text(cls, v: Any) -> Any:
        return str(v) if isinstance(v, int) and not isinstance(v, bool) else v

    @field_validator("opens", mode="before")
    @classmethod
    def _opens_day_starts_in_korea(cls, v: Any) -> Any:
        if isinstance(v, dt.date) and not isinstance(v, dt.datetime):
            return dt.datetime.combine(v, dt.time(0, 0), tzinfo=KST)
        return v

    @field_validator("deadline", "opens")
    @classmethod
    def _deadline_has_zone(cls, v: dt.datetime | None, info: ValidationInfo) -> dt.datetime | None:
        if v is not None and v.tzinfo is None:
            raise ValueError(f"{info.field_name} needs a time zone, e.g. 2026-03-31T15:00:00+09:00")
        return v

    @property
    def source_file(self) -> str:
        return self._source_file

    @property
    def content_hash(self) -> str:
        """SHA-256 of the definition text: a draft pins it to notice a changed edition."""
        return self._content_hash

    @property
    def key(self) -> str:
        return f"{self.id}@{self.edition}"

    @cached_property
    def fields(self) -> dict[str, FieldDef]:
        """Top-level fields of every section by id (ids are unique form-wide)."""
        return {f.id: f for s in self.sections for f in s.fields}

    @cached_property
    def section_of(self) -> dict[str, Section]:
        return {f.id: s for s in self.sections for f in s.fields}

    @cached_property
    def computed_map(self) -> dict[str, Computed]:
        return {c.id: c for c in self.computed}

    def edition_values(self) -> dict[str, Any]:
        """The edition's own names for expressions and messages: `deadline` and `opens` (calendar
        days) and `deadline_time` (the deadline's time of day in Korea as text, e.g. "15:00")."""
        return {"deadline": self.deadline.date(),
                "opens": self.opens.date() if self.opens else None,
                "deadline_time": self.deadline.astimezone(KST).strftime("%H:%M")}

    def setting(self, name: str) -> Any:
        return self.settings[name].value

    def resolve_bound(self, bound: int | str | None) -> int | None:
        """A length bound as a number: `settings.NAME` references are looked up."""
        return resolve_bound(bound, {k: s.value for k, s in self.settings.items()})

