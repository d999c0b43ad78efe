from django.urls import path, re_path

from . import app, views

app_name = "incidents"

urlpatterns = [
    path("incidents/", views.incident_list, name="list"),
    path("incidents/new/", views.incident_new, name="new"),
    path("incidents/mine/", views.mine, name="mine"),
    path("incidents/export.csv", views.export_csv, name="export_csv"),
    path("incidents/export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("incidents/exports/", views.export_start, name="export_start"),
    path("incidents/exports/<int:pk>/", views.export_status, name="export_status"),
    path("incidents/exports/<int:pk>/download/", views.export_download, name="export_download"),
    path("incidents/<int:pk>/", views.incident_detail, name="detail"),
    path("incidents/<int:pk>/edit/", views.incident_edit, name="edit"),
    path("incidents/<int:pk>/follow-up/", views.incident_follow_up, name="follow_up"),
    path("incidents/<int:pk>/photo/", views.incident_photo, name="photo"),
    path("incidents/small-jobs/", views.smalljob_list, name="smalljob_list"),
    path("incidents/small-jobs/new/", views.smalljob_new, name="smalljob_new"),
    path("incidents/small-jobs/<int:pk>/edit/", views.smalljob_edit, name="smalljob_edit"),
    path("incidents/small-jobs/<int:pk>/delete/", views.smalljob_delete, name="smalljob_delete"),
    path("incidents/offline/", app.offline, name="offline"),
    path("incidents/app/session.json", app.app_session, name="app_session"),
    re_path(
        r"^incidents/small-jobs/export\.(?P<fmt>csv|xlsx)$",
        views.smalljob_export,
        name="smalljob_export",
    ),
]
