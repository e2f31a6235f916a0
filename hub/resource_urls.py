from django.urls import path

from hub import resource_views as views

app_name = "hub"

urlpatterns = [
    path("", views.resource_index, name="resource_index"),
    path("catalog.csv", views.catalog_csv, name="catalog_csv"),
    path("catalog.json", views.catalog_json, name="catalog_json"),
    path("tags/", views.tag_list, name="tag_list"),
    path("watching/", views.watch_list, name="watch_list"),
    path("watching/new/", views.watch_create, name="watch_create"),
    path("watching/<int:pk>/delete/", views.watch_delete, name="watch_delete"),
    path("curation/", views.curation, name="curation"),
    path("curation/check-links/", views.curation_check_links, name="curation_check_links"),
    path("<slug:slug>/", views.resource_detail, name="resource_detail"),
    path("<slug:slug>/file", views.resource_file, name="resource_file"),
]
