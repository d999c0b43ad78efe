from django.urls import path

from . import views

app_name = "imports"

urlpatterns = [
    path("import/", views.upload, name="upload"),
    path("import/<int:pk>/", views.preview, name="preview"),
    path("import/<int:pk>/confirm/", views.confirm, name="confirm"),
    path("import/<int:pk>/status.json", views.status, name="status"),
    path("import/template/<str:kind>.xlsx", views.template, name="template"),
    path("import/export/<str:kind>.xlsx", views.export, name="export"),
]
