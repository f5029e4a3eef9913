from django.urls import path

from posts.views import (
    activity,
    checks,
    compare,
    compose,
    drafts,
    editor,
    history,
    importing,
    review,
    share,
)

app_name = "posts"
urlpatterns = [
    path("parts/<int:part_pk>/drafts/new/", drafts.draft_create, name="draft_create"),
    path("series/<slug:slug>/import/", importing.import_drafts, name="import"),
    path("drafts/<int:pk>/", drafts.draft_detail, name="draft"),
    path("drafts/<int:pk>/delete/", drafts.draft_delete, name="draft_delete"),
    path("drafts/<int:pk>/preview/", editor.draft_preview, name="preview"),
    path("drafts/<int:pk>/voice-tick/", checks.voice_tick, name="voice_tick"),
    path("drafts/<int:pk>/fix/", checks.apply_fix, name="apply_fix"),
    path("drafts/<int:pk>/save/", editor.draft_save, name="save"),
    path("drafts/<int:pk>/history/", history.history, name="history"),
    path("drafts/<int:pk>/history/diff/", history.history_diff, name="history_diff"),
    path(
        "drafts/<int:pk>/revisions/<int:number>/",
        history.revision_detail,
        name="revision",
    ),
    path(
        "drafts/<int:pk>/revisions/<int:number>/restore/",
        history.revision_restore,
        name="revision_restore",
    ),
    # Review (issue #6)
    path("drafts/<int:pk>/review/", review.review, name="review"),
    path("drafts/<int:pk>/comments/", review.comment_create, name="comment_create"),
    path("comments/<int:pk>/reply/", review.comment_reply, name="comment_reply"),
    path("comments/<int:pk>/edit/", review.comment_edit, name="comment_edit"),
    path("comments/<int:pk>/delete/", review.comment_delete, name="comment_delete"),
    path("comments/<int:pk>/restore/", review.comment_restore, name="comment_restore"),
    path("comments/<int:pk>/resolve/", review.comment_resolve, name="comment_resolve"),
    path("drafts/<int:pk>/suggest/", review.suggestion_create, name="suggest"),
    path("suggestions/<int:pk>/", review.suggestion_detail, name="suggestion"),
    path(
        "suggestions/<int:pk>/decide/",
        review.suggestion_decide,
        name="suggestion_decide",
    ),
    path(
        "drafts/<int:pk>/request-review/",
        review.review_request_create,
        name="review_request",
    ),
    path("drafts/<int:pk>/verdict/", review.verdict_create, name="verdict"),
    path("drafts/<int:pk>/presence/", review.presence, name="presence"),
    path("series/<slug:slug>/comments/", activity.open_comments, name="open_comments"),
    path("series/<slug:slug>/activity/", activity.activity, name="activity"),
    path("notifications/", activity.notifications, name="notifications"),
    path(
        "notifications/badge/",
        activity.notification_badge,
        name="notification_badge",
    ),
    path(
        "notifications/read/",
        activity.notifications_read,
        name="notifications_read",
    ),
    path("series/<slug:slug>/share/", share.share_links, name="share_links"),
    path(
        "series/<slug:slug>/share/<int:pk>/revoke/",
        share.share_revoke,
        name="share_revoke",
    ),
    path("s/<str:token>/", share.shared, name="shared"),
    path("s/<str:token>/drafts/<int:pk>/", share.shared_review, name="shared_review"),
    path(
        "s/<str:token>/drafts/<int:pk>/comments/",
        share.shared_comment_create,
        name="shared_comment_create",
    ),
    path(
        "s/<str:token>/comments/<int:pk>/reply/",
        share.shared_comment_reply,
        name="shared_comment_reply",
    ),
    path(
        "s/<str:token>/drafts/<int:pk>/suggest/",
        share.shared_suggest,
        name="shared_suggest",
    ),
    path("compare/", compare.compare_pick, name="compare_pick"),
    path(
        "compare/<int:a_draft>/<int:a_rev>/<int:b_draft>/<int:b_rev>/",
        compare.compare,
        name="compare",
    ),
    path(
        "compare/<int:a_draft>/<int:a_rev>/<int:b_draft>/<int:b_rev>/take/",
        compare.compare_take,
        name="compare_take",
    ),
    path("parts/<int:part_pk>/compose/", compose.compose, name="compose"),
    path("drafts/<int:pk>/choose/", compose.draft_choose, name="draft_choose"),
]
