"""One row per searchable thing (a series, a part, a draft, a comment).

Imported at the bottom of posts/models.py so that Django finds the model.
The row carries the text that is searched and the keys the filters and the
access rule need; the engine's own index follows the row: on PostgreSQL the
stored `vector` column (written by posts.search.indexing on save, GIN
index), on SQLite an FTS5 table kept in step by triggers. Both are created
in migration 0007 for the database in use only.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models


class SearchEntry(models.Model):
    class Kind(models.TextChoices):
        SERIES = "series", "Series"
        PART = "part", "Part"
        DRAFT = "draft", "Draft"
        COMMENT = "comment", "Comment"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField()
    # Visibility and filters read these joins: a row in the trash, or in a
    # series the user left, drops out of results without being reindexed.
    series = models.ForeignKey("series.Series", models.CASCADE, related_name="+")
    part = models.ForeignKey(
        "series.Part", models.CASCADE, null=True, blank=True, related_name="+"
    )
    draft = models.ForeignKey(
        "posts.Draft", models.CASCADE, null=True, blank=True, related_name="+"
    )
    comment = models.ForeignKey(
        "posts.Comment", models.CASCADE, null=True, blank=True, related_name="+"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    title = models.CharField(max_length=300, blank=True)
    body = models.TextField(blank=True)
    # PostgreSQL only (the column exists on SQLite too, always empty there).
    vector = SearchVectorField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind", "object_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id"], name="one_search_entry_per_object"
            ),
        ]
        verbose_name_plural = "search entries"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.object_id}: {self.title[:40]}"
