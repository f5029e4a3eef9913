"""Texts a merge may need as its base after the working autosave moved on.

Coalescing rewrites the working autosave in place, so the text another tab
started from would be gone; each rewrite keeps the text it replaces here, by
hash, so that tab's save can still be merged against exactly what it edited.
"""

from __future__ import annotations

from django.db import models


class AutosaveStep(models.Model):
    revision = models.ForeignKey(
        "posts.Revision", models.CASCADE, related_name="autosave_steps"
    )
    content_hash = models.CharField(max_length=64)
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["revision", "created_at"]
        indexes = [
            models.Index(fields=["revision", "content_hash"], name="autosave_step_hash")
        ]

    def __str__(self) -> str:
        return f"{self.revision} before {self.content_hash[:8]}"
