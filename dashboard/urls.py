"""The site's front page and the dashboard. Their names are site-wide ("home" is where a login
lands, LOGIN_REDIRECT_URL; every page links to it), so they have no namespace."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard_view, name="dashboard"),
    path("dashboard/report/", views.dashboard_report, name="dashboard_report"),
    path("dashboard/report.pdf", views.dashboard_report_pdf, name="dashboard_report_pdf"),
    path("dashboard/report.xlsx", views.dashboard_report_xlsx, name="dashboard_report_xlsx"),
]
