"""A draft, its editor and its history: /drafts/…"""

from django.urls import path

from posts.editor import drafts, history, merging, views

urlpatterns = [
    path("new/<int:part_pk>/", drafts.draft_create, name="draft_create"),
    path("<int:pk>/", drafts.draft_detail, name="draft"),
    path("<int:pk>/delete/", drafts.draft_delete, name="draft_delete"),
    path("<int:pk>/choose/", drafts.draft_choose, name="draft_choose"),
    path("<int:pk>/preview/", views.draft_preview, name="preview"),
    path("<int:pk>/save/", views.draft_save, name="save"),
    path("<int:pk>/rebase/", merging.editor_rebase, name="rebase"),
    path("<int:pk>/conflicts/<int:number>/", merging.conflict_resolve, name="conflict"),
    path("<int:pk>/history/", history.history, name="history"),
    path("<int:pk>/history/diff/", history.history_diff, name="history_diff"),
    path("<int:pk>/revisions/<int:number>/", history.revision_detail, name="revision"),
    path(
        "<int:pk>/revisions/<int:number>/restore/",
        history.revision_restore,
        name="revision_restore",
    ),
]
