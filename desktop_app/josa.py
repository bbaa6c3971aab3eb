"""Korean particles that depend on the word before them (와/과, 을/를, 은/는, 이/가).

Why: "#5 청솔식품와 같은 …" reads wrong to every Korean user (a tester); where the word ends in
a Hangul syllable the right particle is known, elsewhere (Latin letters, digits) both are written.
"""

from __future__ import annotations

_PAIRS = {"과": ("과", "와"), "을": ("을", "를"), "은": ("은", "는"), "이": ("이", "가")}


def particle(word: str, kind: str = "과") -> str:
    """The particle `kind` (과, 을, 은 or 이) as it follows `word`: 과 after a final consonant
    (받침), 와 after a vowel; "와(과)" when the word does not end in a Hangul syllable."""
    with_final, without = _PAIRS[kind]
    last = word.rstrip()[-1:] if word.strip() else ""
    if not ("가" <= last <= "힣"):
        return f"{without}({with_final})"
    return with_final if (ord(last) - 0xAC00) % 28 else without
