from django.urls import path

from . import views

app_name = "places"

urlpatterns = [
    path("places/", views.place_list, name="list"),
    path("places.geojson", views.places_geojson, name="geojson"),
    path("places/new/", views.place_create, name="create"),
    path("places/<int:pk>/", views.place_detail, name="detail"),
    path("places/<int:pk>/edit/", views.place_edit, name="edit"),
    path("places/<int:pk>/usage/", views.place_usage, name="usage"),
    path("places/<int:pk>/problems/new/", views.problem_create, name="problem_create"),
    path("places/problems/<int:pk>/edit/", views.problem_edit, name="problem_edit"),
    path("places/problems/<int:pk>/status/", views.problem_status, name="problem_status"),
]
