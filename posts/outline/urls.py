"""The dashboard, and the series and part pages: /, /series/…, /parts/…"""

from django.urls import path

from posts.outline import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("series/new/", views.series_create, name="series_create"),
    path("series/<slug:slug>/", views.series_detail, name="series"),
    path("series/<slug:slug>/edit/", views.series_edit, name="series_edit"),
    path("series/<slug:slug>/delete/", views.series_delete, name="series_delete"),
    path("series/<slug:slug>/parts/new/", views.part_create, name="part_create"),
    path("parts/<int:pk>/", views.part_detail, name="part"),
    path("parts/<int:pk>/edit/", views.part_edit, name="part_edit"),
    path("parts/<int:pk>/delete/", views.part_delete, name="part_delete"),
]
