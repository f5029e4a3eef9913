"""Which parts are ready, marking them published, exports: /publish/…"""

from django.urls import path

from posts.publishing import views

urlpatterns = [
    path("<slug:slug>/", views.publish, name="publish"),
    path("<slug:slug>/export/", views.export_series, name="export"),
    path("parts/<int:pk>/choose/", views.publish_choose, name="publish_choose"),
    path("parts/<int:pk>/mark/", views.publish_mark, name="publish_mark"),
    path("parts/<int:pk>/undo/", views.publish_undo, name="publish_undo"),
    path("parts/<int:pk>/export/", views.export_part, name="export_part"),
]
