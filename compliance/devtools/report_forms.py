"""Reshaped forms of a report, as users' tools give them, for tests and for scoring.

Each form turns a report's text (a seed or one of samples/reports) into the bytes of a file
in another shape: re-wrapped CRLF text, text wrapped at random widths, a saved HTML page,
text pasted from a browser, PDFs from two fpdf2 layouts, text with stray Windows-1252 bytes.
Chromium (when installed) adds its printed PDF and its copied text; w3m and lynx (when
installed) their text dumps of the HTML page; LibreOffice (when installed) its PDFs of the page
and of the text, and its text export of the page.

As a dev script it scores every form of every seed with the shared scorer:

    .venv/bin/python -m compliance.devtools.report_forms [--shared ../shared] \
        [--forms a,b] [--keep DIR]
"""

import argparse
import html
import random
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from compliance.devtools.render_pdf import clean_cell, render_report_pdf, to_core_font

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
W3M, LYNX = shutil.which("w3m"), shutil.which("lynx")
SOFFICE = shutil.which("soffice")
MARKDOWN_HEADING_RE = re.compile(r"^#{1,6}\s*")
BOLD_RE = re.compile(r"\*\*")
TAG_RE = re.compile(r"<\s*/?\s*[a-zA-Z][^<>]{0,300}>")
PARAGRAPH_TAG_RE = re.compile(r"</\s*p\s*>\s*<\s*p[^<>]*>|<\s*br\s*/?\s*>", re.IGNORECASE)


def rewrap(text: str, width: int, *, keep_tabs: bool = True) -> str:
    """Every line wrapped at `width` columns; tabs kept as cell boundaries unless told."""
    lines = []
    for line in text.split("\n"):
        cells = line.split("\t") if keep_tabs else [line]
        wrapped = [
            "\n".join(textwrap.wrap(cell, width, break_long_words=False, break_on_hyphens=False))
            for cell in cells
        ]
        lines.append("\t".join(wrapped))
    return "\n".join(lines)


def random_wrap(text: str, *, seed: int, low: int = 30, high: int = 110) -> str:
    """Lines wrapped at a random width each, some with trailing spaces (as mail clients do)."""
    rng = random.Random(seed)
    out = []
    for line in text.split("\n"):
        cells = []
        for cell in line.split("\t"):
            wrapped = textwrap.wrap(cell, rng.randint(low, high), break_long_words=False)
            cells.append(
                "\n".join(
                    w + (" " * rng.randint(1, 2) if rng.random() < 0.3 else "") for w in wrapped
                )
            )
        out.append("\t".join(cells))
    return "\n".join(out)


def as_html(text: str) -> str:
    """A saved HTML page: headings, paragraphs and one table row per tab-separated line."""
    body, rows = [], []

    def flush_table():
        if rows:
            body.append("<table>\n" + "\n".join(rows) + "\n</table>")
            rows.clear()

    for line in text.split("\n"):
        if "\t" in line:
            cells = "".join(f"<td>{cell_html(cell)}</td>" for cell in line.split("\t"))
            rows.append(f"<tr>{cells}</tr>")
            continue
        flush_table()
        if not line.strip():
            continue
        heading = MARKDOWN_HEADING_RE.match(line)
        content = cell_html(line[heading.end() :] if heading else line)
        body.append(f"<h2>{content}</h2>" if heading else f"<p>{content}</p>")
    flush_table()
    return (
        "<!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>Report</title></head>"
        "<body>\n" + "\n".join(body) + "\n</body></html>\n"
    )


def cell_html(cell: str) -> str:
    """A cell's text as HTML; cells that already hold paragraph tags keep them."""
    cell = BOLD_RE.sub("", cell)
    if re.search(r"<\s*/?\s*(?:p|br)\b", cell, re.IGNORECASE):
        return cell
    return html.escape(cell, quote=False)


def pasted(text: str) -> str:
    """What copying the HTML page in a browser gives: cells by tabs, paragraphs inside cells
    on lines of their own, blank lines between blocks, some trailing spaces."""
    out = []
    for line in text.split("\n"):
        line = BOLD_RE.sub("", MARKDOWN_HEADING_RE.sub("", line))
        if "\t" in line:
            cells = [PARAGRAPH_TAG_RE.sub("\n\n", cell) for cell in line.split("\t")]
            line = "\t".join(html.unescape(TAG_RE.sub("", c)).strip() for c in cells)
        else:
            line = html.unescape(TAG_RE.sub("", line))
        out.append(line + ("  " if len(line) % 3 == 0 and line else ""))
    return "\n".join(out)


def stray_bytes(text: str, *, seed: int) -> bytes:
    """UTF-8 with some apostrophes and dashes saved as single Windows-1252 bytes."""
    rng = random.Random(seed)
    data = bytearray()
    for char in text:
        if char in "\u2019'" and rng.random() < 0.3:
            data += b"\x92"
        elif char == "\u2013" and rng.random() < 0.5:
            data += b"\x96"
        else:
            data += char.encode("utf-8")
    return bytes(data)


class _NarrowLayout(FPDF):
    """A second PDF layout: Times, larger type, footer at the top, a wide due-date column."""

    def __init__(self, footer_text: str):
        super().__init__(format="Letter")
        self.footer_text = footer_text
        self.set_creation_date(_creation_date())
        self.set_auto_page_break(auto=True, margin=15)
        self.set_margins(25, 22, 25)

    def header(self):
        self.set_y(8)
        self.set_font("Times", size=8)
        self.cell(0, 4, f"{self.footer_text}    Page {self.page_no()}", align="R")
        self.set_y(22)
        self.set_font("Times", size=12)


def _creation_date():
    import datetime

    return datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)


def render_second_layout(text: str, path: Path) -> Path:
    """Render `text` with the second layout: three-fifths/two-fifths table columns."""
    urn = re.search(r"(?:SC|EY)\d{6}|\b\d{7}\b", text)
    pdf = _NarrowLayout("Inspection report for children's home: " + (urn.group(0) if urn else ""))
    pdf.add_page()
    pdf.set_font("Times", size=12)
    usable = pdf.w - pdf.l_margin - pdf.r_margin
    for line in text.split("\n"):
        line = to_core_font(BOLD_RE.sub("", MARKDOWN_HEADING_RE.sub("", line)))
        if "\t" in line:
            cells = [clean_cell(c) for c in line.split("\t")]
            shares = (0.62, 0.38) if len(cells) == 2 else [1 / len(cells)] * len(cells)
            widths = [usable * s for s in shares]
            lines = [
                pdf.multi_cell(w, 6, c, dry_run=True, output="LINES") if c else [""]
                for w, c in zip(widths, cells, strict=True)
            ]
            for index in range(max(map(len, lines))):
                if pdf.get_y() + 6 > pdf.page_break_trigger:
                    pdf.add_page()
                x = pdf.l_margin
                for width, cell_lines in zip(widths, lines, strict=True):
                    pdf.set_x(x)
                    content = cell_lines[index] if index < len(cell_lines) else ""
                    pdf.cell(width, 6, content, new_x=XPos.RIGHT, new_y=YPos.TOP)
                    x += width
                pdf.ln(6)
        elif line.strip():
            pdf.multi_cell(0, 6, clean_cell(line), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        else:
            pdf.ln(3)
    pdf.output(str(path))
    return path


def chromium(args: list[str], timeout: int = 90) -> subprocess.CompletedProcess:
    return subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=True,
    )


INNER_TEXT_SCRIPT = (
    "<script>window.onload=()=>{const t=document.body.innerText;document.body.innerHTML='';"
    "const p=document.createElement('pre');p.id='copied';p.textContent=t;"
    "document.body.appendChild(p);};</script>"
)
COPIED_RE = re.compile(r"<pre id=\"copied\">(.*?)</pre>", re.S)


def chromium_copied_text(page: str, work: Path) -> str:
    """The page's text as Chromium copies it (its innerText)."""
    source = work / "copy.html"
    source.write_text(page.replace("</body>", INNER_TEXT_SCRIPT + "</body>"), encoding="utf-8")
    dom = chromium(["--dump-dom", source.as_uri()]).stdout
    found = COPIED_RE.search(dom)
    if not found:
        raise RuntimeError("chromium gave no copied text")
    return html.unescape(found.group(1))


def chromium_pdf(page: str, work: Path, path: Path) -> Path:
    """The page printed to PDF by Chromium."""
    source = work / "print.html"
    source.write_text(page, encoding="utf-8")
    chromium([f"--print-to-pdf={path}", "--no-pdf-header-footer", source.as_uri()])
    return path


# name -> (suffix, maker(text, work_dir, out_path) -> None)
def _write(path: Path, content) -> None:
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_bytes(content.encode("utf-8"))


FORMS = {
    "crlf-72": (".txt", lambda t, w, p: _write(p, rewrap(t, 72).replace("\n", "\r\n"))),
    "random-wrap": (".txt", lambda t, w, p: _write(p, random_wrap(t, seed=len(t)))),
    "html": (".html", lambda t, w, p: _write(p, as_html(t))),
    "pasted": (".txt", lambda t, w, p: _write(p, pasted(t))),
    "stray-bytes": (".txt", lambda t, w, p: _write(p, stray_bytes(t, seed=len(t)))),
    "fpdf2": (".pdf", lambda t, w, p: render_report_pdf(t, p)),
    "fpdf2-second-layout": (".pdf", lambda t, w, p: render_second_layout(t, p)),
}
CHROMIUM_FORMS = {
    "chromium-copied": (".txt", lambda t, w, p: _write(p, chromium_copied_text(as_html(t), w))),
    "chromium-pdf": (".pdf", lambda t, w, p: chromium_pdf(as_html(t), w, p)),
}


def text_browser_dump(page: str, work: Path, command: list[str]) -> str:
    """The page as a text browser dumps it (w3m or lynx: tables drawn with spaces)."""
    source = work / "dump.html"
    source.write_text(page, encoding="utf-8")
    run = subprocess.run([*command, str(source)], capture_output=True, text=True, timeout=60)
    run.check_returncode()
    return run.stdout


TEXT_BROWSER_FORMS = {
    "w3m": (
        ".txt",
        lambda t, w, p: _write(
            p, text_browser_dump(as_html(t), w, [W3M, "-dump", "-cols", "100", "-T", "text/html"])
        ),
    ),
    "lynx": (
        ".txt",
        lambda t, w, p: _write(
            p, text_browser_dump(as_html(t), w, [LYNX, "-dump", "-nolist", "-width=100"])
        ),
    ),
}


def libreoffice_convert(source: Path, target: str, out: Path) -> Path:
    """`source` converted by LibreOffice (`target`: 'pdf', 'txt:Text', ...) and moved to `out`."""
    outdir = source.parent / "lo-out"
    outdir.mkdir(exist_ok=True)
    subprocess.run(
        [SOFFICE, "--headless", "--convert-to", target, "--outdir", str(outdir), str(source)],
        capture_output=True,
        timeout=120,
        check=True,
    )
    produced = next(outdir.glob(source.stem + ".*"))
    shutil.move(produced, out)
    return out


def libreoffice_form(suffix: str, target: str, as_page: bool):
    def make(text: str, work: Path, path: Path) -> Path:
        source = work / ("lo-source.html" if as_page else "lo-source.txt")
        source.write_text(as_html(text) if as_page else text, encoding="utf-8")
        return libreoffice_convert(source, target, path)

    return suffix, make


LIBREOFFICE_FORMS = {
    "libreoffice-html-pdf": libreoffice_form(".pdf", "pdf:writer_web_pdf_Export", True),
    "libreoffice-text-pdf": libreoffice_form(".pdf", "pdf:writer_pdf_Export", False),
    "libreoffice-html-text": libreoffice_form(".txt", "txt:Text (encoded):UTF8", True),
}


def all_forms() -> dict:
    browsers = {name: form for name, form in TEXT_BROWSER_FORMS.items() if shutil.which(name)}
    office = LIBREOFFICE_FORMS if SOFFICE else {}
    return {**FORMS, **(CHROMIUM_FORMS if CHROMIUM else {}), **browsers, **office}


def write_form(name: str, text: str, out_dir: Path, stem: str) -> Path:
    suffix, maker = all_forms()[name]
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{stem}{suffix}"
    maker(text, out_dir, path)
    return path


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", default="../shared", type=Path)
    parser.add_argument("--forms", default="", help="comma-separated form names (default all)")
    parser.add_argument("--keep", type=Path, help="write the forms here and keep them")
    parser.add_argument("--min", type=float, default=0.99)
    args = parser.parse_args(argv)
    names = [n for n in args.forms.split(",") if n] or list(all_forms())
    root = args.keep or Path(tempfile.mkdtemp(prefix="report-forms-"))
    worst = 1.0
    for name in names:
        out_dir = root / name
        for seed in sorted((args.shared / "seeds").glob("*.txt")):
            write_form(name, seed.read_text(encoding="utf-8"), out_dir, seed.stem)
        run = subprocess.run(
            [
                sys.executable,
                str(args.shared / "tools" / "score_extract.py"),
                "--goldens",
                str(args.shared / "goldens"),
                "--reports",
                str(out_dir),
                "--min",
                "0",
                "--command",
                f"{sys.executable} -m inspections.reports {{path}}",
            ],
            capture_output=True,
            text=True,
        )
        print(f"== {name}")
        print(run.stdout.rstrip())
        score = re.search(r"extract score: ([\d.]+)", run.stdout)
        worst = min(worst, float(score.group(1)) if score else 0.0)
    if not args.keep:
        shutil.rmtree(root, ignore_errors=True)
    print(f"worst form score: {worst:.3f}")
    return 0 if worst >= args.min else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
