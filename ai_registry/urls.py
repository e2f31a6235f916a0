from django.urls import path

from ai_registry import views

app_name = "ai_registry"

urlpatterns = [
    path("", views.inventory, name="inventory"),
    path("use-cases.csv", views.inventory_csv, name="inventory_csv"),
    path("use-cases.xlsx", views.inventory_xlsx, name="inventory_xlsx"),
    path("use-cases.json", views.inventory_json, name="inventory_json"),
    path("public.csv", views.public_csv, name="public_csv"),
    path("public.json", views.public_json, name="public_json"),
    path("new/", views.new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/assessment/", views.assessment, name="assessment"),
    path("<int:pk>/actions/", views.action, name="action"),
    path("<int:pk>/join/", views.join, name="join"),
]
