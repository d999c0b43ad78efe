from django.urls import path

from . import views

app_name = "incidents"

urlpatterns = [
    path("incidents/", views.incident_list, name="list"),
    path("incidents/new/", views.incident_new, name="new"),
    path("incidents/mine/", views.mine, name="mine"),
    path("incidents/export.csv", views.export_csv, name="export_csv"),
    path("incidents/export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("incidents/<int:pk>/", views.incident_detail, name="detail"),
    path("incidents/<int:pk>/edit/", views.incident_edit, name="edit"),
    path("incidents/<int:pk>/follow-up/", views.incident_follow_up, name="follow_up"),
    path("incidents/<int:pk>/photo/", views.incident_photo, name="photo"),
    path("incidents/small-jobs/", views.smalljob_list, name="smalljob_list"),
    path("incidents/small-jobs/new/", views.smalljob_new, name="smalljob_new"),
]
