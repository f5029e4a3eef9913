"""Comparing two texts, taking changes, composing a draft: /compare/…"""

from django.urls import path

from posts.compare import board, compose_views, views

PAIR = "<int:a_draft>/<int:a_rev>/<int:b_draft>/<int:b_rev>/"

urlpatterns = [
    path("", views.compare_pick, name="compare_pick"),
    path(PAIR, views.compare, name="compare"),
    path(f"{PAIR}take/", views.compare_take, name="compare_take"),
    path("compose/<int:part_pk>/", compose_views.compose, name="compose"),
    path("board/<int:part_pk>/", board.draft_board, name="draft_board"),
]
