"""Normalise report text from any of its sources to plain lines the parser can read.

Reports arrive as markdown with HTML in table cells, as text pulled out of PDFs (page footers
and page numbers inside the text, LaTeX fragments from OCR), with CRLF or lone CR line ends,
curly quotes and non-breaking spaces. Everything here keeps tabs and line breaks, because
table cells and rows are told apart by them, and removes what carries no content.
"""

import html
import re

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
        "\u00ad": None,  # soft hyphen
        "\u200b": None,
        "\u200c": None,
        "\u200d": None,
        "\u2060": None,
        "\ufeff": None,
        "\ufffe": None,
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
# Other control characters carry nothing (pdfium emits some for hyphenation).
_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")

# LaTeX and markdown from OCR and converters.
_SUPERSCRIPT_STAR_RE = re.compile(r"\^\{?\s*\\?\*\s*\}?|\\textsuperscript\{\s*\*\s*\}|\\ast\b")
_LATEX_COMMAND_RE = re.compile(r"\\(?:mathrm|text|textbf|textit|mathbf)\{([^{}\n]{0,200})\}")
_MARKDOWN_ESCAPE_RE = re.compile(r"\\([*_\[\]()#.'\-!`$&{}])")
_MARKDOWN_BOLD_RE = re.compile(r"\*\*|__")
# A markdown italic pair *like this*; a lone '*' (the compliance-notice mark) is kept.
_MARKDOWN_ITALIC_RE = re.compile(r"(?<![\w)*])\*(?=[A-Za-z'\"])([^*\n]{1,300}?)(?<=[\w.'\"!?])\*(?![\w*])")
_MARKDOWN_HEADING_RE = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]*", re.MULTILINE)
_MARKDOWN_LINK_RE = re.compile(r"\[([^\[\]\n]{0,200})\]\([^()\s]{0,300}\)")
_MARKDOWN_RULE_RE = re.compile(r"^[ \t|:\-=]*-{3,}[ \t|:\-=]*$", re.MULTILINE)

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
    r"Inspection\s+report\s+(?:for\s+)?(?:a\s+)?children's\s+home\s*:?\s*(?P<urn>[A-Z]{0,2}\d{5,8})"
)
_FOOTER_LINE_RE = re.compile(
    rf"^[ \t]*{_FOOTER_PHRASE}(?:[ \t]+(?:Page[ \t]+)?\d{{1,3}}(?:[ \t]+of[ \t]+\d{{1,3}})?)?[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
_FOOTER_INLINE_RE = re.compile(_FOOTER_PHRASE, re.IGNORECASE)
_PAGE_NUMBER_LINE_RE = re.compile(
    r"^[ \t]*(?:Page[ \t]+)?\d{1,3}(?:[ \t]+(?:of|/)[ \t]+\d{1,3})?[ \t]*$", re.MULTILINE | re.I
)
# OCR noise such as '0.5000' alone on a line (a table rule read as a number).
_NUMBER_NOISE_LINE_RE = re.compile(r"^[ \t]*\d*\.\d+[ \t]*$", re.MULTILINE)
_TRAILING_SPACE_RE = re.compile(r"[ ]+$", re.MULTILINE)
_MANY_BLANK_LINES_RE = re.compile(r"\n(?:[ \t]*\n){2,}")
_WHITESPACE_RE = re.compile(r"\s+")


def unify_line_ends(text: str) -> str:
    """CRLF and lone CR become LF; typographic quotes and spaces become ASCII."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL_RE.sub("", text.translate(_TYPOGRAPHY))


def strip_latex_and_markdown(text: str) -> str:
    """'13 $(1)(a)$' -> '13 (1)(a)', '^{*}' -> '*', '**bold**' -> 'bold', '# Heading' -> 'Heading'."""
    text = _SUPERSCRIPT_STAR_RE.sub("*", text)
    text = _LATEX_COMMAND_RE.sub(r"\1", text)
    text = _MARKDOWN_ESCAPE_RE.sub(r"\1", text)
    text = text.replace("$", "")
    text = _MARKDOWN_BOLD_RE.sub("", text)
    text = _MARKDOWN_ITALIC_RE.sub(r"\1", text)
    text = _MARKDOWN_LINK_RE.sub(r"\1", text)
    text = _MARKDOWN_RULE_RE.sub("", text)
    return _MARKDOWN_HEADING_RE.sub("", text)


def strip_html(text: str) -> str:
    """Paragraph tags become blank lines (paragraph breaks), cells tabs, rows line breaks."""
    text = _HTML_BREAK_RE.sub("\n", text)
    text = _HTML_BLOCK_RE.sub("\n\n", text)
    text = _HTML_CELL_RE.sub("\t", text)
    text = _HTML_ROW_RE.sub("\n", text)
    text = _HTML_INLINE_RE.sub("", text)
    if "&" in text:
        text = html.unescape(text).translate(_TYPOGRAPHY)
    return text


def strip_page_furniture(text: str) -> str:
    """Remove page footers, page numbers and number noise, wherever a page break fell."""
    text = _FOOTER_LINE_RE.sub("", text)
    text = _FOOTER_INLINE_RE.sub(" ", text)
    text = _PAGE_NUMBER_LINE_RE.sub("", text)
    text = _NUMBER_NOISE_LINE_RE.sub("", text)
    text = _TRAILING_SPACE_RE.sub("", text)
    return _MANY_BLANK_LINES_RE.sub("\n\n", text)


def normalise(text: str) -> str:
    """The whole clean-up: line ends, typography, LaTeX, markdown, HTML, page furniture."""
    return strip_page_furniture(strip_html(strip_latex_and_markdown(unify_line_ends(text))))


def collapse(text: str) -> str:
    """All whitespace runs (line breaks, tabs) to one space, ends trimmed."""
    return _WHITESPACE_RE.sub(" ", text).strip()


def footer_urns(text: str) -> list[str]:
    """URNs printed in page footers, read before the footers are removed."""
    return [match.group("urn") for match in _FOOTER_INLINE_RE.finditer(text)]
