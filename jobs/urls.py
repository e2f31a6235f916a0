from django.urls import path

from jobs import views

app_name = "jobs"
urlpatterns = [
    path("<int:pk>/", views.status, name="status"),
    path("<int:pk>/progress.json", views.progress, name="progress"),
    path("<int:pk>/result", views.download, name="download"),
    path("<int:pk>/retry", views.retry, name="retry"),
]
