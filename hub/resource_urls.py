from django.urls import path

from hub import views

app_name = "hub"

urlpatterns = [
    path("", views.resource_index, name="resource_index"),
]
