from django.urls import path

from posts.views import compare, compose, drafts, editor, history, importing

app_name = "posts"
urlpatterns = [
    path("parts/<int:part_pk>/drafts/new/", drafts.draft_create, name="draft_create"),
    path("series/<slug:slug>/import/", importing.import_drafts, name="import"),
    path("drafts/<int:pk>/", drafts.draft_detail, name="draft"),
    path("drafts/<int:pk>/delete/", drafts.draft_delete, name="draft_delete"),
    path("drafts/<int:pk>/preview/", editor.draft_preview, name="preview"),
    path("drafts/<int:pk>/save/", editor.draft_save, name="save"),
    path("drafts/<int:pk>/history/", history.history, name="history"),
    path("drafts/<int:pk>/history/diff/", history.history_diff, name="history_diff"),
    path("drafts/<int:pk>/revisions/<int:number>/", history.revision_detail, name="revision"),
    path("drafts/<int:pk>/revisions/<int:number>/restore/", history.revision_restore, name="revision_restore"),
    path("compare/", compare.compare_pick, name="compare_pick"),
    path("compare/<int:a_draft>/<int:a_rev>/<int:b_draft>/<int:b_rev>/", compare.compare, name="compare"),
    path("compare/<int:a_draft>/<int:a_rev>/<int:b_draft>/<int:b_rev>/take/", compare.compare_take, name="compare_take"),
    path("parts/<int:part_pk>/compose/", compose.compose, name="compose"),
    path("drafts/<int:pk>/choose/", compose.draft_choose, name="draft_choose"),
]
