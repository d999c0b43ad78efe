from django.urls import path

from . import suggest, views

urlpatterns = [
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
    path("suggest/<slug:key>/", suggest.suggestions, name="suggest"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("attachments/<int:pk>/delete/", views.attachment_delete, name="attachment_delete"),
    path("attachments/new/<str:target>/<int:pk>/", views.attachment_add, name="attachment_add"),
]
