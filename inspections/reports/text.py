"""Normalise report text from any of its sources to plain lines the parser can read.

Reports arrive as markdown with HTML in table cells, as text pulled out of PDFs (page footers
and page numbers inside the text, LaTeX fragments from OCR), with CRLF or lone CR line ends,
curly quotes and non-breaking spaces. Everything here keeps tabs and line breaks, because
table cells and rows are told apart by them, and removes what carries no content.
"""

import html
import re

from .dates import DATE_RE

# Characters that differ only in typography from the ASCII the patterns expect.
_TYPOGRAPHY = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u00b4": "'",
        "\u0060": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2033": '"',
        "\u00a0": " ",
        "\u2002": " ",
        "\u2003": " ",
        "\u2007": " ",
        "\u2009": " ",
        "\u200a": " ",
        "\u202f": " ",
        "\u3000": " ",
        "\u00ad": None,  # soft hyphen (with its line break: see _SOFT_HYPHEN_BREAK_RE)
        "\u200b": None,
        "\u200c": None,
        "\u200d": None,
        "\u2060": None,
        "\ufeff": None,
        "\ufffe": "-\n",  # pdfium: a hyphen where a line was broken
        "\u2028": "\n",
        "\u2029": "\n",
        "\x0b": "\n",
        "\x0c": "\n",  # form feed: a page break in pdftotext output
        "\u2022": "-",  # bullet
        "\u25cf": "-",
        "\u25aa": "-",
        "\uf0b7": "-",  # Symbol-font bullet from Word PDFs
        "\u2212": "-",
    }
)
_TYPOGRAPHY_RE = re.compile("[" + re.escape("".join(map(chr, _TYPOGRAPHY))) + "]")
# Other control characters carry nothing (pdfium emits some for hyphenation).
_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")

# LaTeX and markdown from OCR and converters.
_SUPERSCRIPT_STAR_RE = re.compile(r"\^\{?\s*\\?\*\s*\}?|\\textsuperscript\{\s*\*\s*\}|\\ast\b")
_LATEX_COMMAND_RE = re.compile(r"\\(?:mathrm|text|textbf|textit|mathbf)\{([^{}\n]{0,200})\}")
_MARKDOWN_ESCAPE_RE = re.compile(r"\\([*_\[\]()#.'\-!`$&{}])")
_MARKDOWN_BOLD_RE = re.compile(r"\*\*|__")
# A markdown italic pair *like this*; a lone '*' (the compliance-notice mark) is kept. The
# character before the opening '*' is checked in _unitalic (a leading lookbehind would stop
# the regex engine from skipping ahead to each '*').
_MARKDOWN_ITALIC_RE = re.compile(r"\*(?=[A-Za-z'\"])([^*\n]{1,300}?)(?<=[\w.'\"!?])\*(?![\w*])")
_MARKDOWN_HEADING_RE = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]*", re.MULTILINE)
_MARKDOWN_LINK_RE = re.compile(r"\[([^\[\]\n]{0,200})\]\([^()\s]{0,300}\)")
_MARKDOWN_RULE_RE = re.compile(r"^[ \t|:=]*+-{3,}+[ \t|:\-=]*+$", re.MULTILINE)

# HTML that converters leave inside table cells: block tags become breaks, inline tags vanish.
_HTML_BREAK_RE = re.compile(r"<\s*br\s*/?\s*>", re.IGNORECASE)
_HTML_BLOCK_RE = re.compile(
    r"<\s*/?\s*(?:p|div|li|ul|ol|table|tbody|thead|tfoot|h[1-6]|blockquote|section)\b[^<>]{0,300}>",
    re.IGNORECASE,
)
_HTML_CELL_RE = re.compile(r"<\s*/?\s*t[dh]\b[^<>]{0,300}>", re.IGNORECASE)
_HTML_ROW_RE = re.compile(r"<\s*/?\s*tr\b[^<>]{0,300}>", re.IGNORECASE)
_HTML_INLINE_RE = re.compile(
    r"<\s*/?\s*(?:span|strong|b|i|em|u|a|font|sup|sub|small|big|mark|s|strike|del|ins|code)"
    r"\b[^<>]{0,300}>",
    re.IGNORECASE,
)

# Page furniture of PDF reports: 'Inspection report for children's home: SC005045' and the page
# number on its own line, 'Page 3 of 12'.
_FOOTER_PHRASE = (
    r"[Ii]nspection\s+[Rr]eport\s+(?:for\s+)?(?:a\s+)?[Cc]hildren's\s+[Hh]ome\s*:?\s*"
    r"(?P<urn>[A-Z]{0,2}\d{5,8})"
)
# The footer line goes with its line break and with the page number on the line after it, so
# a cell the page break split ('16' / footer / '7' / 'December 2026') joins up again and the
# page number is not read as the day of the date.
_FOOTER_LINE_RE = re.compile(
    rf"^[ \t]*+{_FOOTER_PHRASE}"
    r"(?:[ \t]++(?:Page[ \t]+)?\d{1,3}(?:[ \t]+of[ \t]+\d{1,3})?)?[ \t]*+"
    r"(?:\n[ \t]*+(?:Page[ \t]+)?\d{1,3}(?:[ \t]+(?:of|/)[ \t]+\d{1,3})?[ \t]*+)?(?:\n|\Z)",
    re.IGNORECASE | re.MULTILINE,
)
# Case-sensitive apart from the first letters, so the search can skip ahead on its prefix.
_FOOTER_INLINE_RE = re.compile(_FOOTER_PHRASE)
# Lines holding only a page number ('7', 'Page 3 of 12') or OCR noise such as '0.5000' (a table
# rule read as a number); not the day of a date whose month was wrapped onto the next line.
_NOISE_LINE_RE = re.compile(
    r"^[ \t]*+(?:(?:Page[ \t]+)?\d{1,3}(?:[ \t]+(?:of|/)[ \t]+\d{1,3})?|\d*+\.\d++)[ \t]*+$"
    r"(?!\s*(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{4})",
    re.MULTILINE | re.IGNORECASE,
)
# A word wrapped at its hyphen ('well-' / 'being'): the hyphen is the word's own, the line
# break is the wrapping's. Only a hyphen right after a letter or digit, at a line end, with a
# lower-case letter or digit starting the next line, is joined; 'staff -' or a '- item' bullet
# is not. A soft hyphen at a line end was the wrapping's own: it goes with the break.
_WRAP_HYPHEN_RE = re.compile(r"(?<=[A-Za-z0-9])-[ \t]*\n[ \t]*(?=[a-z0-9])")
# Only where the pieces make a whole numeric date ('Schedule 1.' / '8 January' stays apart).
_WRAPPED_DATE_RE = re.compile(
    r"(?<![\w/.-])(\d{1,2}[/.]\d{1,2}[/.])[ \t]*\n[ \t]*(?=\d{4}(?![\d/]))"
    r"|(?<![\w/.-])(\d{1,2}[/.])[ \t]*\n[ \t]*(?=\d{1,2}[/.]\d{4}(?![\d/]))"
)
# 'preventing' / '— injury': a line wrapped just before a dash; the dash goes back to its word.
_DASH_LINE_START_RE = re.compile(r"(?<=\w)[ \t]*\n[ \t]*(?=[\u2013\u2014](?:\s|$))")
_WRAPPED_YEAR_RE = re.compile(
    r"(?<![\w/.-])(\d{1,2}[/.]\d{1,2}[/.])(\d{1,3})[ \t]*\n[ \t]*(\d{1,3})(?![\d/])"
)
_SOFT_HYPHEN_BREAK_RE = re.compile(r"\u00ad[ \t]*(?:\n[ \t]*)?")
_TRAILING_SPACE_RE = re.compile(r"(?<![ ])[ ]+\n")  # the lookbehind keeps runs linear
_MANY_BLANK_LINES_RE = re.compile(r"\n(?:[ \t]*\n){2,}")
_WHITESPACE_RE = re.compile(r"\s+")
_WORD_RE = re.compile(r"[A-Za-z]{2}")


def unify_line_ends(text: str) -> str:
    """CRLF and lone CR become LF; typographic quotes and spaces become ASCII."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\u00ad" in text:
        text = _SOFT_HYPHEN_BREAK_RE.sub("", text)
    return _CONTROL_RE.sub("", plain_typography(text))


def plain_typography(text: str) -> str:
    """Curly quotes, odd spaces and bullets to ASCII."""
    # A regex finds the few characters to change far faster than str.translate walks them all.
    return _TYPOGRAPHY_RE.sub(lambda match: match.group().translate(_TYPOGRAPHY), text)


def strip_latex_and_markdown(text: str) -> str:
    """'13 $(1)(a)$' -> '13 (1)(a)', '^{*}' -> '*', '**bold**' -> 'bold', '# Title' -> 'Title'."""
    # Each pattern runs only when its marker character occurs: most reports have few of them.
    if "^" in text or "\\" in text:
        text = _SUPERSCRIPT_STAR_RE.sub("*", text)
        text = _LATEX_COMMAND_RE.sub(r"\1", text)
        text = _MARKDOWN_ESCAPE_RE.sub(r"\1", text)
    text = text.replace("$", "")
    if "*" in text or "_" in text:
        text = _MARKDOWN_BOLD_RE.sub("", text)
        text = _MARKDOWN_ITALIC_RE.sub(_unitalic, text)
    if "](" in text:
        text = _MARKDOWN_LINK_RE.sub(r"\1", text)
    if "---" in text:
        text = _MARKDOWN_RULE_RE.sub("", text)
    if "#" in text:
        text = _MARKDOWN_HEADING_RE.sub("", text)
    return text


def _unitalic(match: re.Match) -> str:
    before = match.string[match.start() - 1] if match.start() else " "
    opens_italic = not (before.isalnum() or before in "_)*")
    return match.group(1) if opens_italic else match.group(0)


def strip_html(text: str) -> str:
    """Paragraph tags become blank lines (paragraph breaks), cells tabs, rows line breaks."""
    text = _substitute(
        text,
        (_HTML_BREAK_RE, "\n"),
        (_HTML_BLOCK_RE, "\n\n"),
        (_HTML_CELL_RE, "\t"),
        (_HTML_ROW_RE, "\n"),
        (_HTML_INLINE_RE, ""),
    )
    if "&" in text:
        text = plain_typography(html.unescape(text))
    return text


def strip_page_furniture(text: str) -> str:
    """Remove page footers, page numbers and number noise, wherever a page break fell."""
    text = _substitute(
        text,
        (_FOOTER_LINE_RE, ""),
        (_FOOTER_INLINE_RE, " "),
        (_NOISE_LINE_RE, ""),
        (_TRAILING_SPACE_RE, "\n"),
        (_MANY_BLANK_LINES_RE, "\n\n"),
    )
    return join_wrapped_hyphens(text)


def _substitute(text: str, *steps: tuple[re.Pattern, str]) -> str:
    """Apply each (pattern, replacement) in turn."""
    for pattern, replacement in steps:
        text = pattern.sub(replacement, text)
    return text


def join_wrapped_hyphens(text: str) -> str:
    """'well-\nbeing' -> 'well-being': a line wrapped at a word's hyphen keeps the hyphen."""
    return _WRAP_HYPHEN_RE.sub("-", text) if "-" in text else text


def join_wrapped_dates(text: str) -> str:
    """'13/10/' / '2017' or '12/09/2' / '019' -> one date: a date wrapped in a narrow cell.
    (Before page furniture goes: '019' alone on a line looks like a page number.)"""
    text = _WRAPPED_DATE_RE.sub(lambda m: m.group(1) or m.group(2), text)
    return _WRAPPED_YEAR_RE.sub(_join_year, text)


def _join_year(match: re.Match) -> str:
    """'12/09/2' / '019' -> '12/09/2019' when the two pieces make a four-digit year."""
    head, first, rest = match.groups()
    return head + first + rest if len(first + rest) == 4 else match.group(0)


def normalise(text: str) -> str:
    """The whole clean-up: line ends, typography, LaTeX, markdown, HTML, page furniture."""
    text = join_wrapped_dates(join_space_columns(unify_line_ends(text)))
    if "\u2014" in text or "\u2013" in text:
        text = _DASH_LINE_START_RE.sub("", text)
    return strip_page_furniture(strip_html(strip_latex_and_markdown(text)))


# A text browser's dump (w3m) lays a table out in columns of spaces: the due date stands far
# right, broken over a few lines ('19' / 'November' / '2021') beside the requirement's text.
_RIGHT_CELL_RE = re.compile(r"^(?P<left>.*\S)?(?P<gap> {3,})(?P<right>\S(?:(?! {3}).)*?) *$")
_WHOLE_CELL_RE = re.compile(rf"Due\s+dates?|{DATE_RE.pattern}", re.IGNORECASE)
_DATE_START_RE = re.compile(r"\d{1,2}(?:[/.-]\d{1,2})?[/.-]?")
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
# What a piece of a date cell looks like ('25', 'October', '2020', '13/', '10/2017', 'May 2021').
_DATE_PIECE_RE = re.compile(
    rf"[/.-]?\d{{1,4}}[/.-]?(?:\d{{1,4}}[/.-]?)?"
    rf"|{_MONTH}(?: \d{{4}})?|\d{{1,2}} {_MONTH}(?: \d{{4}})?"
)
# The start of a date, made of a piece reached back to and the block's first piece.
_DATE_PREFIX_RE = re.compile(
    rf"\d{{1,2}} {_MONTH}(?: \d{{4}})?|\d{{1,2}}[/.]\d{{1,2}}[/.]?\d{{0,4}}"
)
RIGHT_COLUMN_MIN = 40  # a right-hand cell starts at least this far in
RIGHT_CELL_MAX = 40  # and is short (a date, a judgement)
COLUMN_SLACK = 3


def join_space_columns(text: str) -> str:
    """Right-hand cells laid out with spaces, joined into one cell after a tab.

    Consecutive lines whose text after a run of 3+ spaces starts at the same far-right column
    form one cell; its pieces are joined and put after the block's last left-hand line, with a
    tab (a cell boundary), and lines holding only that cell go.
    """
    if "   " not in text:
        return text
    lines = text.split("\n")
    cells = [right_cell(line) for line in lines]
    if not any(cells):
        return text
    out: list[str] = []
    index = 0
    plain = 0  # lines at the end of `out` copied as they were (a block may reach back)
    while index < len(lines):
        if cells[index] is None:
            out.append(lines[index])
            plain += 1
            index += 1
            continue
        column = cells[index][1]
        start = index
        # A date's first piece ('04', '12/') may follow a long left line by a single space.
        while (
            plain
            and start > 0
            and (earlier := cell_at(lines[start - 1], column))
            and _DATE_START_RE.fullmatch(earlier[2])
            and _DATE_PREFIX_RE.fullmatch(join_pieces([earlier[2], cells[start][2]]))
        ):
            cells[start - 1] = earlier
            out.pop()
            plain -= 1
            start -= 1
        block = index + 1
        while block < len(lines):
            # A longer left line leaves one space before the cell: the column still tells it.
            cells[block] = cells[block] or cell_at(lines[block], column)
            if not cells[block] or abs(cells[block][1] - column) > COLUMN_SLACK:
                break
            block += 1
        if block - start == 1 and not _WHOLE_CELL_RE.fullmatch(cells[start][2]):
            # One far-right piece alone is as likely a tab expanded in wrapped text.
            out.append(lines[start])
            plain += 1
            index = block
            continue
        out.extend(block_lines(cells[start:block]))
        plain = 0
        index = block
    return "\n".join(move_cells_to_line_ends(out))


_HEADER_CELL_RE = re.compile(r"Due\s+dates?", re.IGNORECASE)
_CLEAN_END = (".", ";", ":", ")", "!", "?")
CELL_MOVE_LINES = 3


def move_cells_to_line_ends(lines: list[str]) -> list[str]:
    """A cell put after a line that breaks off mid-sentence ('... (Regulation') moves down to
    the next line that ends a sentence or a citation, within a few lines and the paragraph:
    a cell inside a citation would be read as part of it."""
    for index, line in enumerate(lines):
        left, tab, cell = line.partition("\t")
        if not tab or not left.strip() or "\t" in cell or left.rstrip().endswith(_CLEAN_END):
            continue
        if _HEADER_CELL_RE.fullmatch(cell):
            continue  # 'Requirement' / 'Due date': the header row stays one row
        for later in range(index + 1, min(index + 1 + CELL_MOVE_LINES, len(lines))):
            if not lines[later].strip() or "\t" in lines[later]:
                break
            if lines[later].rstrip().endswith(_CLEAN_END):
                lines[index] = left
                lines[later] = f"{lines[later]}\t{cell}"
                break
    return lines


def block_lines(block: list[tuple[str, int, str]]) -> list[str]:
    """The block's left-hand lines, each right-hand cell after the line where it ends.

    Rows follow one another with no line between them, so one column of pieces may hold
    several cells ('Due' / 'date' / '25' / 'October' / '2020'): a cell ends where its pieces
    make a whole date or the 'Due date' header, and at the block's end.
    """
    lines: list[str] = []
    pieces: list[str] = []
    for left, _, right in block:
        if left:
            lines.append(left)
        pieces.append(right)
        joined = join_pieces(pieces)
        if _WHOLE_CELL_RE.fullmatch(joined):
            attach_cell(lines, joined)
            pieces = []
    if pieces:
        attach_cell(lines, join_pieces(pieces))
    return lines


def attach_cell(lines: list[str], cell: str) -> None:
    if lines and "\t" not in lines[-1]:
        lines[-1] = f"{lines[-1]}\t{cell}"
    else:
        lines.append(f"\t{cell}")


def cell_at(line: str, column: int) -> tuple[str, int, str] | None:
    """The cell starting exactly at `column` after a space, continuing a block above."""
    if len(line) <= column or line[column - 1] != " " or line[column] == " ":
        return None
    right = line[column:].rstrip()
    if not _DATE_PIECE_RE.fullmatch(right):
        return None  # after one space only a piece of a date is taken for a cell
    return line[:column].rstrip(), column, right


def join_pieces(pieces: list[str]) -> str:
    """'13/', '10/', '2017' -> '13/10/2017'; 'requires', 'improvement' -> 'requires improvement'."""
    joined = ""
    for piece in pieces:
        glue = "" if not joined or joined.endswith(("/", "-")) or piece[0] in "/-" else " "
        joined += glue + piece
    return joined


def right_cell(line: str) -> tuple[str, int, str] | None:
    """(left text, column, right cell) of a line with a far-right cell, else None."""
    if "   " not in line:
        return None
    match = _RIGHT_CELL_RE.match(line)
    if not match or match.start("right") < RIGHT_COLUMN_MIN:
        return None
    right = match.group("right")
    if len(right) > RIGHT_CELL_MAX:
        return None
    return (match.group("left") or "").rstrip(), match.start("right"), right


def collapse(text: str) -> str:
    """All whitespace runs (line breaks, tabs) to one space, ends trimmed."""
    return _WHITESPACE_RE.sub(" ", text).strip()


def has_words(text: str) -> bool:
    """True when `text` holds at least one word (not only spaces, marks or numbers)."""
    return bool(_WORD_RE.search(text))


def footer_urns(text: str) -> list[str]:
    """URNs printed in page footers, read before the footers are removed."""
    return [match.group("urn") for match in _FOOTER_INLINE_RE.finditer(text)]
