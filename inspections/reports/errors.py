"""The one exception the report reader raises for a file it cannot read as a report."""


class ReportParseError(ValueError):
    """A report that cannot be read; names the file (`source`) and what was missing (`problem`)."""

    def __init__(self, source: str, problem: str):
        self.source = source
        self.problem = problem
        super().__init__(f"{source}: {problem}")
