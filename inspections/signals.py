"""Signals the importer sends, so apps that build on inspections (compliance) act on an
import inside its transaction without inspections importing them."""

from django.dispatch import Signal

# Sent inside the import's transaction once a report's inspection and findings are written,
# with `inspection`, `result` (the ImportResult, to add to) and `user` (or None). A dry run
# sends it too, so a preview shows what receivers would do; the rollback undoes it all.
report_imported = Signal()
