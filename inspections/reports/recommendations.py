"""Read the recommendations: each one's text and its guide reference (page, paragraph)."""

import re

from .text import collapse, has_words

# A guide reference closing a recommendation: '(... page 24, paragraph 4.22)'.
GUIDE_REF_RE = re.compile(
    r"\((?P<before>[^()]{0,300}?)\bpages?\s*(?P<page>\d{1,3})\s*,?\s*(?:and\s+)?"
    r"paragraphs?\s*(?P<paragraph>\d{1,3}(?:\.\d{1,3})*)(?P<after>[^()]{0,120})\)\s*\.?",
    re.IGNORECASE,
)
BULLET_RE = re.compile(r"^[ \t]*(?:[-*+\u2013]|\d{1,2}[.)])[ \t]+", re.MULTILINE)


def read_recommendations(body: str | None, warnings: list[str]) -> list[dict]:
    """Recommendations from the section's text, each with its guide page and paragraph."""
    if body is None:
        return []
    recommendations = []
    for item in split_recommendations(body):
        ref = GUIDE_REF_RE.search(item)
        text = collapse((item[: ref.start()] + item[ref.end() :]) if ref else item)
        text = BULLET_RE.sub("", text, count=1).strip()
        if not text:
            continue
        recommendations.append(
            {
                "text": text,
                "guide_page": int(ref.group("page")) if ref else None,
                "guide_paragraph": ref.group("paragraph") if ref else None,
            }
        )
        if ref is None:
            warnings.append(
                f"recommendation {len(recommendations)}: no guide reference (page, paragraph) found"
            )
    return recommendations


def split_recommendations(body: str) -> list[str]:
    """Items by their bullets; an item holding several guide references is split at each."""
    starts = [m.start() for m in BULLET_RE.finditer(body)]
    if not starts or body[: starts[0]].strip():
        starts = [0, *starts]
    items = [body[s:e] for s, e in zip(starts, [*starts[1:], len(body)], strict=True)]
    pieces = []
    for item in items:
        pos = 0
        for ref in GUIDE_REF_RE.finditer(item):
            pieces.append(item[pos : ref.end()])
            pos = ref.end()
        tail = item[pos:]
        if has_words(tail) and len(collapse(tail)) > 20:
            pieces.append(tail)
    return [piece for piece in pieces if has_words(piece)]
