"""`python -m inspections.reports FILE`: print a report's extract as JSON.

Exits 1 with the problem on stderr when the file cannot be read as a report. Without Django,
the size bound is read from the REPORT_MAX_BYTES environment variable (default 20 MB, as in
the settings).
"""

import json
import os
import sys

from . import ReportParseError, parse_file

DEFAULT_MAX_BYTES = 20 * 1024 * 1024

USAGE = "usage: python -m inspections.reports FILE"


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(USAGE, file=sys.stderr)
        return 2
    try:
        max_bytes = int(os.environ.get("REPORT_MAX_BYTES", DEFAULT_MAX_BYTES))
        extract = parse_file(argv[0], max_bytes=max_bytes)
    except ReportParseError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(json.dumps(extract, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
