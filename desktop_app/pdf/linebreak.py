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
Further, as Korean typesetting does: a particle or word right after a closing bracket or quote
stays with it ("(mAP)를"), a Hangul particle stays with the Latin word or number before it
("AI를", "3.2개"), "×" and "~" never start or end a line between numbers ("1,600×1,200",
"7~9월"), and an ellipsis or a middle dot never starts a line.
"""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth

from desktop_app.pdf import proof

NBSP = "\u00a0"
_SPACES = " \t"
_CLOSING = frozenset(".,;:!?)]}%'\"’”」』〉》】〕、。…·‥〃")
_OPENING = frozenset("([{‘“「『〈《【〔")
_JOINERS = frozenset("×~∼〜")  # bind both neighbours: 1,600×1,200, 7~9월
_FIT = 0.25  # points of slack so that reportlab never wraps a line again


def _is_ascii_word(ch: str) -> bool:
    return "!" <= ch <= "~"


def _is_hangul(ch: str) -> bool:
    return "\uac00" <= ch <= "\ud7a3" or "\u3131" <= ch <= "\u318e"


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


def words(text: str) -> list[str]:
    """Whole words (어절, as HWP breaks Korean lines by default) and the whitespace between."""
    out: list[str] = []
    for tok in tokens(text):
        if out and tok[0] not in _SPACES and out[-1][0] not in _SPACES:
            out[-1] += tok
        else:
            out.append(tok)
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
            atom in _CLOSING or atom == NBSP or atom in _JOINERS
            or (len(atom) == 1 and not _is_ascii_word(atom) and prev[-1].isdigit())
            or (_is_hangul(atom[0]) and (_is_ascii_word(prev[-1]) or prev[-1] in _CLOSING)
                and not prev.endswith(("…", "·")))))
        if glue and out:
            out[-1] += atom
        else:
            out.append(atom)
        glue_next = atom == NBSP or atom[-1] in _OPENING or atom in _JOINERS
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


def break_lines(text: str, font: str, size: float, width: float,
                by_word: bool = True) -> list[str]:
    """The visual lines of one paragraph (no newlines in text) set in font/size, width wide:
    broken between words (어절) where it can, `by_word=False` between any two Hangul syllables;
    a word wider than the line is broken by the finer rules, and only then by characters."""
    width = max(width - _FIT, size)
    lines: list[str] = []
    cur, cur_w = "", 0.0
    pieces = words(text) if by_word else tokens(text)
    if by_word and any(stringWidth(p, font, size) > width for p in pieces):
        pieces = [q for p in pieces for q in
                  ([p] if stringWidth(p, font, size) <= width else tokens(p))]
    for tok in pieces:
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
            if any(_is_ascii_word(ch) and ch.isalnum() for ch in tok):
                proof.note("split", tok if len(tok) <= 40 else tok[:39] + "…")
            *full, tok = _hard_split(tok, font, size, width)
            lines.extend(full)
            w = stringWidth(tok, font, size)
        cur, cur_w = tok, w
    if cur.strip():
        lines.append(cur.rstrip())
    return lines
