from django.urls import path

from hub import site_search_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", site_search_views.search, name="site_search"),
    path("search/suggest/", site_search_views.suggest, name="suggest_resource"),
]
