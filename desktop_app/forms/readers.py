"""What a person types, read as the value a field holds — or not at all.

Table cells, the command line (`apps set`), answers files and profile prefill all hand over
text: "자체 생산", "있음", "1997.03.14". Each reader here returns the field's value when the text
clearly is one and None otherwise; it never guesses. Callers keep text that does not read (so
validation names what is allowed, in the user's language) or refuse it — nothing typed is
turned into a different answer, and nothing is dropped.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the model imports the kinds, which read with these functions
    from desktop_app.forms.model import Choice, FieldDef

_WORD = re.compile(r"\w+")
# Yes/no words; compared after removing spaces and a final period, case-insensitively.
YES_WORDS = ("예", "네", "있음", "있다", "해당", "해당함", "yes", "y", "true", "o", "1")
NO_WORDS = ("아니오", "아니요", "아니", "없음", "없다", "해당없음", "비해당", "no", "n", "false", "x", "0")
_YES = frozenset(YES_WORDS)
_NO = frozenset(NO_WORDS)
_SEPARATED = re.compile(r"^(\d{4})\s*[-./]\s*(\d{1,2})\s*[-./]\s*(\d{1,2})\s*\.?$")
_KOREAN_DATE = re.compile(r"^(\d{4})\s*년\s*(\d{1,2})\s*월\s*(\d{1,2})\s*일?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")
DATE_EXAMPLES = "1997-03-14, 19970314, 1997.03.14, 1997/3/14"


def _plain(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold().strip()


@functools.lru_cache(maxsize=8192)  # choice labels are squashed once per check otherwise
def _squashed(text: str) -> str:
    return re.sub(r"\s+", "", _plain(text)).rstrip(".")


def squashed(text: str) -> str:
    """Text as choices are matched: NFKC, no spacing, no case, no trailing full stop."""
    return _squashed(text)


def _words(text: str) -> set[str]:
    return set(_WORD.findall(_plain(text)))


def read_boolean(text: str) -> bool | None:
    """예/아니오 and their everyday synonyms (있음/없음, yes/no …); anything else is None."""
    key = _squashed(text)
    if key in _YES:
        return True
    if key in _NO:
        return False
    return None


def read_choice(field: FieldDef, text: str) -> str | None:
    """The choice `text` names: its value, its Korean or English label or one of its `also`
    words (spacing and case do not matter), or words that make up at least half of exactly one
    choice's label ("자체 생산" for "자체 생산(권리 보유)", "높을수록" for "높을수록 좋음").
    Ambiguous or unknown text is None."""
    if not text.strip():
        return None
    if any(text == c.value for c in field.choices):  # the stored value itself: most answers
        return text
    key = _squashed(text)
    for c in field.choices:
        if key in (_squashed(c.value), _squashed(c.label.ko), _squashed(c.label.en),
                   *(_squashed(word) for word in c.also)):
            return c.value
    typed = _words(text)
    if not typed:
        return None
    hits = [c for c in field.choices if _names(typed, c.label.ko) or _names(typed, c.label.en)]
    return hits[0].value if len(hits) == 1 else None


def _names(typed: set[str], label: str) -> bool:
    """Every typed word is a word of the label, and they are at least half of its words (so
    "자체 생산" names "자체 생산(권리 보유)", but "데이터" alone names no "공공·개방 데이터(…)")."""
    words = _words(label)
    return typed <= words and 2 * len(typed) >= len(words)


def read_date(text: str) -> str | None:
    """An ISO date from 1997-03-14, 19970314, 1997.03.14, 1997. 3. 14., 1997/3/14 or
    1997년 3월 14일; None when the text is not a real calendar date."""
    raw = unicodedata.normalize("NFKC", text).strip()
    m = _SEPARATED.match(raw) or _KOREAN_DATE.match(raw) or _COMPACT.match(raw)
    if m is None:
        return None
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
    except ValueError:
        return None


def read_datetime(text: str) -> str | None:
    """`DATE HH:MM` (any date form above; 'T' or a space between) as ISO with KST; an ISO
    datetime with its zone is kept as it is."""
    raw = text.strip()
    try:
        if dt.datetime.fromisoformat(raw).tzinfo is not None:
            return raw
    except ValueError:
        pass
    day, _, clock = raw.replace("T", " ").rpartition(" ")
    date, m = read_date(day), _TIME.match(clock.strip())
    if date is None or m is None or int(m[1]) > 23 or int(m[2]) > 59:
        return None
    return f"{date}T{int(m[1]):02d}:{m[2]}:00+09:00"


def choice_names(field: FieldDef | tuple[Choice, ...], lang: str) -> str:
    """The choices as the user reads them: "자체 생산(권리 보유), 이용허락 확보, …"."""
    choices = field if isinstance(field, tuple) else field.choices
    return ", ".join(c.label.get(lang) for c in choices)


def read(field: FieldDef, text: str) -> Any:
    """The value `text` reads as for a boolean, choice, date or datetime field; else None."""
    kind = field.kind  # the kind knows which reader is its own
    if kind.family in ("boolean", "choice", "date") and not kind.multiple:
        return kind.read(text, field)
    return None


def read_text(field: FieldDef, text: str) -> Any:
    """`text` as the field's value when it reads as one; otherwise the text itself (never a
    different answer), so that validation reports it where it was typed."""
    value = read(field, text)
    return text if value is None else value


def unreadable(field: FieldDef, value: Any) -> tuple[str, str] | None:
    """Korean and English words for a typed value that `read_text` could not read (None when
    it was read): what was given and what is allowed, for a refusal at the command line."""
    if not isinstance(value, str):
        return None
    label = field.label
    family = field.kind.family
    if family == "number" and value.strip():  # coerce left it as text: no number in it
        whole = getattr(field.kind, "whole", False)
        return ((f"{label.ko}: '{value}'은(는) {'정수' if whole else '숫자'}로 읽을 수 없습니다. "
                 f"숫자만 쓰세요. 예) {'12, 1,200,000' if whole else '12, 3.5'}"),
                (f"{label.en}: '{value}' is not a {'whole ' if whole else ''}number; write digits only, "
                 f"e.g. {'12, 1,200,000' if whole else '12, 3.5'}"))
    if read(field, value) is not None:
        return None
    if family == "choice":
        return (f"{label.ko}: '{value}'은(는) 고를 수 있는 값이 아닙니다. 가능한 값: {choice_names(field, 'ko')}",
                f"{label.en}: '{value}' is not one of the choices: {choice_names(field, 'en')}")
    if family == "boolean":
        return (f"{label.ko}: '{value}'은(는) 예/아니오 답이 아닙니다. '예' 또는 '아니오'로 답하세요",
                f"{label.en}: '{value}' is not a yes/no answer; answer 'yes' or 'no'")
    if family == "date":
        return (f"{label.ko}: '{value}'은(는) 날짜로 읽을 수 없습니다. 예) {DATE_EXAMPLES}",
                f"{label.en}: '{value}' is not a date; e.g. {DATE_EXAMPLES}")
    return None
