"""The one check of an extract that the parse_report command and the import both apply.

parse_text runs it on every extract it returns, and the importer runs it on any extract it
is given, so what `parse_report` shows as valid is what an import accepts.
"""

from .errors import ReportParseError
from .limits import check_requirement_count
from .regulations import REGULATION_NUMBERS


def validate_extract(*, extract: dict, source: str) -> None:
    """Refuse an extract citing a regulation that does not exist, or too many requirements."""
    requirements = extract.get("requirements") or []
    check_requirement_count(count=len(requirements), source=source)
    for index, requirement in enumerate(requirements, start=1):
        number = requirement.get("regulation")
        if number not in REGULATION_NUMBERS:
            raise ReportParseError(
                source,
                f"requirement {index} cites regulation {number!r}, which is not in the "
                "Children's Homes (England) Regulations 2015 (regulations 1 to "
                f"{max(REGULATION_NUMBERS)})",
            )
