"""`python -m inspections.reports FILE`: print a report's extract as JSON.

Exits 1 with the problem on stderr when the file cannot be read as a report.
"""

import json
import sys

from . import ReportParseError, parse_file

USAGE = "usage: python -m inspections.reports FILE"


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(USAGE, file=sys.stderr)
        return 2
    try:
        extract = parse_file(argv[0])
    except ReportParseError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(json.dumps(extract, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
