"""Benchmark: milliseconds per report to parse and to import, for text and for PDF.

Measures and reports; asserts nothing. Imports run as dry runs (the full import inside a
transaction that is rolled back), so the database is left as it was.
"""

import statistics
import tempfile
import time
from pathlib import Path

import pypdfium2
from django.conf import settings
from django.core.management.base import BaseCommand

from compliance.devtools.render_pdf import render_report_pdf
from inspections.importer import import_report_bytes
from inspections.reports import extract_text, parse_file


def median_ms(fn, repeat: int) -> float:
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


class Command(BaseCommand):
    help = "Print ms per report for parsing and importing, text and PDF (seeds and samples)."

    def add_arguments(self, parser):
        parser.add_argument("--shared", default="../shared")
        parser.add_argument("--repeat", type=int, default=20)

    def handle(self, *args, shared, repeat, **options):
        reports = sorted((Path(shared) / "seeds").glob("*.txt"))
        reports += sorted((Path(settings.BASE_DIR) / "samples" / "reports").glob("*.txt"))
        rows = []
        with tempfile.TemporaryDirectory() as tmp:
            for text_path in reports:
                pdf_path = Path(tmp) / f"{text_path.stem}.pdf"
                render_report_pdf(extract_text(text_path), pdf_path)
                pages = len(pypdfium2.PdfDocument(pdf_path))
                for kind, path in (("text", text_path), ("pdf", pdf_path)):
                    data = path.read_bytes()
                    parse = median_ms(lambda p=path: parse_file(p), repeat)
                    imp = median_ms(
                        lambda d=data, n=path.name: import_report_bytes(
                            data=d, name=n, dry_run=True
                        ),
                        max(3, repeat // 4),
                    )
                    rows.append(
                        (text_path.stem[:28], kind, pages if kind == "pdf" else "", parse, imp)
                    )
        self.stdout.write(
            f"{'report':<30}{'form':<6}{'pages':>6}{'parse ms':>10}{'parse+import ms':>17}"
        )
        for name, kind, pages, parse, imp in rows:
            self.stdout.write(f"{name:<30}{kind:<6}{pages!s:>6}{parse:>10.2f}{imp:>17.2f}")
        for kind in ("text", "pdf"):
            parse = statistics.median(r[3] for r in rows if r[1] == kind)
            imp = statistics.median(r[4] for r in rows if r[1] == kind)
            self.stdout.write(
                f"median {kind}: parse {parse:.2f} ms, parse+import {imp:.2f} ms per report "
                f"({settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]})"
            )
