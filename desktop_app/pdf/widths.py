"""Column widths of a table answer, from its content (the way word processors size columns).

Each column gets at least the width of its longest unbreakable piece (a number with its unit, a
Latin word, a header word) and shares the remaining width in proportion to how much more its
content would like; so that "48,000,000원" or "95%" never breaks inside while long text columns
take what is left.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.pdfbase.pdfmetrics import stringWidth

from desktop_app.pdf.linebreak import words

Measure = tuple[str, float]  # font name, size


def _widest_token(text: str, font: Measure) -> float:
    return max((stringWidth(tok, *font) for tok in words(text) if not tok.isspace()), default=0.0)


def _widest_word(text: str, font: Measure) -> float:
    return max((stringWidth(word, *font) for word in text.split()), default=0.0)


def _widest_line(text: str, font: Measure) -> float:
    return max((stringWidth(line, *font) for line in text.split("\n")), default=0.0)


def column_widths(headers: Sequence[str], cells: Sequence[Sequence[str]],
                  whole: Sequence[bool], total: float, body: Measure, header: Measure,
                  padding: float) -> tuple[list[float], bool]:
    """Widths summing to `total` for columns with these header labels and cell texts
    (cells[c] are the texts of column c; whole[c] says its values, such as amounts, must never
    break inside); `padding` is a cell's left + right padding. The flag says whether header
    words and value words all fit whole (else the caller may try a smaller header font).

    The minimums, given up in this order when the table is too wide: every header word and
    value word whole; then only the `whole` columns' pieces whole, with two header characters
    and three characters of text per column; then all alike, shrunk."""
    hard: list[float] = []
    soft: list[float] = []
    natural: list[float] = []
    two_chars = stringWidth("가가", *header)
    three_chars = stringWidth("가가가", *body)
    for label, texts, keep in zip(headers, cells, whole, strict=True):
        piece = max((_widest_token(t, body) for t in texts), default=0.0)
        longest = max((len(t) for t in texts), default=0)
        floor = max(min(two_chars, stringWidth(label, *header)),
                    min(three_chars, piece) if longest else 0.0)
        hard.append(max(piece if keep else 0.0, floor) + padding)
        soft.append(max(piece, _widest_word(label, header)) + padding)
        line = max([stringWidth(label, *header), *(_widest_line(t, body) for t in texts)])
        natural.append(max(line + padding, soft[-1]))
    if sum(natural) <= total:  # everything fits on one line: share the rest alike
        spare = (total - sum(natural)) / len(natural)
        return [w + spare for w in natural], True
    if sum(soft) <= total:
        return _share(soft, natural, total), True
    if sum(hard) <= total:  # words may break; the content decides the widths
        return _share(hard, natural, total), False
    return [w * total / sum(hard) for w in hard], False


def _share(minimum: Sequence[float], natural: Sequence[float], total: float) -> list[float]:
    """Minimums plus the room left, shared in proportion to what each column still wants."""
    want = [max(n - m, 0.0) for n, m in zip(natural, minimum, strict=True)]
    room = total - sum(minimum)
    if sum(want) <= 0:
        return [m + room / len(minimum) for m in minimum]
    return [m + room * w / sum(want) for m, w in zip(minimum, want, strict=True)]
