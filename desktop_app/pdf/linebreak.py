"""Line breaking of answer text, done here rather than by reportlab.

Text that may split across pages is laid out as one paragraph per visual line: a table row
then splits between lines, exactly and cheaply. reportlab's own split of a CJK-wrapped
paragraph drops the spaces at its line ends, so the rest, wrapped again, runs words together
("W0079W0080") and its heights drift until the layout fails; splitting only between whole
lines avoids both.

The rules are those of Korean documents (and of reportlab's wordWrap="CJK"): a line may break
between any two Hangul or CJK characters and at spaces, never inside a Latin word or number
unless that word alone is wider than the line; punctuation stays with what it opens or closes,
a number keeps its unit (12,345,000원) and a no-break space binds its neighbours (■ 예).
"""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth

NBSP = "\u00a0"
_SPACES = " \t"
_CLOSING = frozenset(".,;:!?)]}%'\"’”」』〉》、。…·")
_OPENING = frozenset("([{‘“「『〈《")
_FIT = 0.25  # points of slack so that reportlab never wraps a line again


def _is_ascii_word(ch: str) -> bool:
    return "!" <= ch <= "~"


def _atoms(text: str) -> list[str]:
    """Whitespace runs, Latin words/numbers, and single other characters."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        j = i + 1
        if ch in _SPACES:
            while j < n and text[j] in _SPACES:
                j += 1
        elif _is_ascii_word(ch):
            while j < n and _is_ascii_word(text[j]):
                j += 1
        out.append(text[i:j])
        i = j
    return out


def tokens(text: str) -> list[str]:
    """Unbreakable pieces: atoms glued by the rules above; whitespace runs stand alone."""
    out: list[str] = []
    glue_next = False
    for atom in _atoms(text):
        if atom[0] in _SPACES:
            out.append(atom)
            glue_next = False
            continue
        prev = out[-1] if out else ""
        glue = glue_next or (prev and prev[0] not in _SPACES and (
            atom in _CLOSING or atom == NBSP
            or (_is_ascii_word(prev[-1]) and not _is_ascii_word(atom[0]) and len(atom) == 1
                and prev[-1].isdigit())))
        if glue and out:
            out[-1] += atom
        else:
            out.append(atom)
        glue_next = atom == NBSP or atom[-1] in _OPENING
    return out


def _hard_split(token: str, font: str, size: float, width: float) -> list[str]:
    """A token wider than the line, cut by characters."""
    pieces: list[str] = []
    cur = ""
    for ch in token:
        if cur and stringWidth(cur + ch, font, size) > width:
            pieces.append(cur)
            cur = ch
        else:
            cur += ch
    if cur:
        pieces.append(cur)
    return pieces


def break_lines(text: str, font: str, size: float, width: float) -> list[str]:
    """The visual lines of one paragraph (no newlines in text) set in font/size, width wide."""
    width = max(width - _FIT, size)
    lines: list[str] = []
    cur, cur_w = "", 0.0
    for tok in tokens(text):
        w = stringWidth(tok, font, size)
        if tok[0] in _SPACES:
            if cur:
                cur, cur_w = cur + tok, cur_w + w
            continue
        if cur_w + w <= width:
            cur, cur_w = cur + tok, cur_w + w
            continue
        if cur.strip():
            lines.append(cur.rstrip())
        cur, cur_w = "", 0.0
        if w > width:
            *full, tok = _hard_split(tok, font, size, width)
            lines.extend(full)
            w = stringWidth(tok, font, size)
        cur, cur_w = tok, w
    if cur.strip():
        lines.append(cur.rstrip())
    return lines
