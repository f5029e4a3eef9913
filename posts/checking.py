"""Run the pure checks (posts.textkit.checks) on drafts, with what the database knows.

The series outline (each part's number, title and the text of its chosen or
first draft) and the series' voice profile are loaded once per series, in a
fixed number of queries, and reused for every draft of it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import OuterRef, Subquery

from posts.models import Draft
from posts.textkit import checks
from posts.textkit.checks import Finding, PartOutline, VoiceHit
from series.models import Part, Series

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True)
class SeriesContext:
    outline: list[PartOutline]
    elements: list[checks.VoiceElement]


@dataclass(frozen=True)
class DraftReport:
    findings: list[Finding]
    hits: list[VoiceHit]
    score: float

    @property
    def errors(self) -> int:
        return sum(f.severity == "error" for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.severity == "warning" for f in self.findings)

    @property
    def has_manual(self) -> bool:
        return any(h.element.mode == "manual" for h in self.hits)

    @property
    def score_percent(self) -> int:
        return round(self.score * 100)


def series_context(series: Series) -> SeriesContext:
    """Two queries: each part with one draft's text (chosen, else first), and the voice profile."""
    text = (
        Draft.objects.filter(part=OuterRef("pk"))
        .order_by("-chosen", "number")
        .values("head__body")[:1]
    )
    parts = (
        Part.objects.filter(series=series)
        .order_by("number")
        .annotate(text=Subquery(text))
    )
    outline = [PartOutline(p.number, p.title, p.text or "") for p in parts]
    elements = [
        checks.VoiceElement(
            label=e.label,
            mode=e.mode,
            phrases=tuple(p.strip() for p in e.phrases.splitlines() if p.strip()),
            pattern=e.pattern,
            starts_with=e.starts_with,
        )
        for e in series.voice_elements.all()
    ]
    return SeriesContext(outline, elements)


def report(
    draft: Draft, context: SeriesContext, body: str | None = None
) -> DraftReport:
    """All findings for a draft (or for `body`, text being typed), most severe first."""
    text = draft.body if body is None else body
    metadata = draft.metadata or {}
    checklist = [
        (item["label"], item.get("phrase"), bool(item.get("ticked")))
        for item in metadata.get("scaffolding", {}).get("voice_elements", [])
    ]
    ticked = frozenset(metadata.get("voice_ticks", []))
    findings = checks.run_all(
        text,
        platform_key=draft.effective_platform,
        part_number=draft.part.number,
        outline=context.outline,
        declared_word_count=draft.declared_word_count,
        declared_part=metadata.get("declared_part"),
        checklist=checklist,
        elements=context.elements,
        ticked_manual=ticked,
    )
    hits, score = checks.check_voice(text, context.elements, ticked)
    findings.sort(key=lambda f: SEVERITY_ORDER.get(f.severity, 3))
    return DraftReport(findings, hits, score)
