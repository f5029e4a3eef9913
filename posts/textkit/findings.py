"""The one result type every check in posts.textkit.checks returns.

Pure Python (no Django); its own module so the check modules (voice, continuity)
and the public posts.textkit.checks can all use it without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Finding:
    kind: str  # "voice" | "declared" | "continuity" | "platform"
    severity: str  # "error" | "warning" | "info"
    code: str  # stable id, see the check functions
    message: str  # plain English for the writer
    evidence: str  # the sentence or value that triggered it
    fix: dict | None = None  # {"action": ..., "value": ...} when one click can fix it
