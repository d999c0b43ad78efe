from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path(
        "history/<str:app_label>/<str:model_name>/<int:pk>/",
        views.history_view,
        name="history",
    ),
    path("access-log/", views.access_log, name="access_log"),
    path("access-log/export.csv", views.access_log_export, name="access_log_export"),
    path("accounts/two-factor/", views.otp_verify, name="otp_verify"),
    path("accounts/two-factor/setup/", views.otp_setup, name="otp_setup"),
    path("ping", views.ping, name="ping"),
    path("dashboard/", views.dashboard_view, name="dashboard"),
    path("dashboard/report/", views.dashboard_report, name="dashboard_report"),
    path("dashboard/report.xlsx", views.dashboard_report_xlsx, name="dashboard_report_xlsx"),
]
