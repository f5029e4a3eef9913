"""The production URLs plus the floor endpoints (bench.settings only)."""

from django.urls import path

from bench import floors
from config.urls import urlpatterns as production_urlpatterns

urlpatterns = [
    path("__bench__/floor/bare/", floors.bare, name="bench_floor_bare"),
    path(
        "__bench__/floor/markdown/<int:pk>/",
        floors.markdown_db,
        name="bench_floor_markdown",
    ),
    path("__bench__/floor/preview/", floors.markdown_post, name="bench_floor_preview"),
    path(
        "__bench__/floor/download/<slug:slug>/",
        floors.download,
        name="bench_floor_download",
    ),
    *production_urlpatterns,
]
