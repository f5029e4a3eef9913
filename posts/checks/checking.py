"""Run the pure checks (posts.textkit.checks) on drafts, with what the database knows.

The series outline (each part's number, title and the text of its chosen or
first draft) and the series' voice profile are loaded once per series, in a
fixed number of queries, and reused for every draft of it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import OuterRef, Subquery

from posts import derived, pages
from posts.models import Draft
from posts.textkit import checks
from posts.textkit.checks import Finding, PartOutline, VoiceHit
from posts.textkit.verdicts import tally
from series.models import Part, Series

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True)
class SeriesContext:
    outline: tuple[PartOutline, ...]
    elements: tuple[checks.VoiceElement, ...]
    # Names this outline and voice profile in cache keys (posts.derived).
    # Worked out once, when the context is built: it is kept with it, and a
    # request that reads the kept context does not hash every part's text again.
    version: str = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "version", derived.fingerprint(self.outline, self.elements)
        )


@dataclass(frozen=True)
class DraftReport:
    findings: tuple[Finding, ...]
    hits: tuple[VoiceHit, ...]  # against the series' voice profile
    own_hits: tuple[VoiceHit, ...] = ()  # against the draft's own generator checklist

    @property
    def errors(self) -> int:
        return sum(f.severity == "error" for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.severity == "warning" for f in self.findings)

    @property
    def has_manual(self) -> bool:
        return any(h.element.mode == "manual" for h in (*self.hits, *self.own_hits))

    @property
    def profile_tally(self) -> checks.VoiceTally:
        return tally(self.hits)

    @property
    def own_tally(self) -> checks.VoiceTally:
        return tally(self.own_hits)

    @property
    def score(self) -> float:
        """Verified share of every profile element (unticked ones count as not verified)."""
        counted = self.profile_tally
        return counted.verified / counted.total if counted.total else 0.0

    @property
    def voice_summary(self) -> str:
        """ "8 of 11 verified, 3 to tick" for the profile and the draft's own checklist."""
        parts = []
        if self.hits:
            parts.append(f"profile {self.profile_tally}")
        if self.own_hits:
            parts.append(f"own checklist {self.own_tally}")
        return "; ".join(parts)


def series_context(series: Series) -> SeriesContext:
    """Each part with one draft's text (chosen, else first), and the voice
    profile: kept until something of the series changes (posts.pages), else
    two queries."""
    key = pages.series_key("series-context", series.pk)
    found = cache.get(key)
    if found is None:
        found = _series_context(series)
        if pages.may_keep():
            cache.set(key, found, timeout=CONTEXT_KEPT)
    return found


# Until the series changes; a day bounds what an idle series holds.
CONTEXT_KEPT = 24 * 3600


def _series_context(series: Series) -> SeriesContext:
    picked = Draft.objects.filter(part=OuterRef("pk")).order_by("-chosen", "number")
    parts = (
        Part.objects.filter(series=series)
        .order_by("number")
        .annotate(
            text=Subquery(picked.values("head__body")[:1]),
            draft_title=Subquery(picked.values("title")[:1]),
            subtitle=Subquery(picked.values("metadata__subtitle")[:1]),
        )
    )
    outline = tuple(
        PartOutline(p.number, p.title, p.text or "", _topic(p.draft_title, p.subtitle))
        for p in parts
    )
    elements = tuple(
        checks.VoiceElement(
            label=e.label,
            mode=e.mode,
            phrases=tuple(p.strip() for p in e.phrases.splitlines() if p.strip()),
            pattern=e.pattern,
            starts_with=e.starts_with,
        )
        for e in series.voice_elements.all()
    )
    return SeriesContext(outline, elements)


def _topic(title: str | None, subtitle: object) -> str:
    """The draft's own name for its part: "Vector Databases: Choosing an Index"."""
    subtitle = subtitle if isinstance(subtitle, str) else ""
    return ": ".join(x for x in (title or "", subtitle) if x)


def report(
    draft: Draft, context: SeriesContext, body: str | None = None
) -> DraftReport:
    """All findings for a draft (or for `body`, text being typed), most severe first."""
    text = draft.body if body is None else body
    metadata = draft.metadata or {}
    checklist = tuple(
        (item["label"], item.get("phrase"), bool(item.get("ticked")))
        for item in metadata.get("scaffolding", {}).get("voice_elements", [])
    )
    ticked = frozenset(metadata.get("voice_ticks", []))
    platform, part_number = draft.effective_platform, draft.part.number
    rest = (draft.declared_word_count, metadata.get("declared_part"), checklist, ticked)
    # A stored text's checks are kept (posts.derived); text being typed is
    # not, and needs no key.
    stored = derived.head_hash(draft) if body is None else None
    # sorted: a set's repr is not the same in every process
    key = stored and derived.fingerprint(
        context.version, platform, part_number, *rest[:3], sorted(ticked)
    )

    def checked(source: str) -> tuple:
        # A stored text's metrics are kept; typed text's were just measured
        # for the panel, and measure() answers the same text again at once.
        measured = derived.measured(stored, source, platform) if stored else None
        return _checked(source, platform, part_number, context, *rest, measured)

    findings, hits, own_hits = derived.once(
        f"checks:{key}", stored, derived.read_first(stored, text, checked)
    )
    return DraftReport(findings, hits, own_hits)


def _checked(
    text,
    platform_key,
    part_number,
    context,
    declared_words,
    declared_part,
    checklist,
    ticked,
    measured,
):
    """The pure checks, most severe first, as tuples (small to keep)."""
    checked = checks.check_draft(
        text,
        platform_key=platform_key,
        part_number=part_number,
        outline=context.outline,
        declared_word_count=declared_words,
        declared_part=declared_part,
        checklist=checklist,
        elements=context.elements,
        ticked_manual=ticked,
        measured=measured,
    )
    findings = sorted(checked.findings, key=lambda f: SEVERITY_ORDER.get(f.severity, 3))
    return tuple(findings), tuple(checked.profile), tuple(checked.own)
