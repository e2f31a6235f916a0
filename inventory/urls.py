from django.urls import path

from inventory import views

app_name = "inventory"

urlpatterns = [
    path("", views.dataset_list, name="list"),
    path("new/", views.dataset_create, name="create"),
    path("import/", views.dataset_import, name="import"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("data.json", views.data_json, name="data_json"),
    path("completeness/", views.completeness, name="completeness"),
    path("<int:pk>/", views.dataset_detail, name="detail"),
    path("<int:pk>/edit/", views.dataset_edit, name="edit"),
    path("<int:pk>/retire/", views.dataset_retire, name="retire"),
    path("<int:pk>/reviewed/", views.dataset_reviewed, name="reviewed"),
    path("<int:pk>/dictionary/", views.dictionary_file, name="dictionary"),
    path("<int:pk>/request/", views.start_request, name="start_request"),
    path("requests/<int:request_pk>/datasets/", views.pick_datasets, name="pick_datasets"),
]
