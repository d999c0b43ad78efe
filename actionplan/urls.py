from django.urls import path, re_path

from . import views

app_name = "actionplan"

urlpatterns = [
    # The action plan
    path("plans/", views.plan_list, name="plan_list"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/print/", views.plan_print, name="plan_print"),
    path("plans/<int:pk>/approvals/add/", views.approval_add, name="approval_add"),
    path("approvals/<int:pk>/edit/", views.approval_edit, name="approval_edit"),
    path("plans/<int:pk>/timeline/add/", views.activity_add, name="activity_add"),
    path("timeline/<int:pk>/edit/", views.activity_edit, name="activity_edit"),
    path("plans/<int:pk>/evaluation/add/", views.evaluation_add, name="evaluation_add"),
    path("goals/", views.goal_list, name="goal_list"),
    path("goals/new/", views.goal_create, name="goal_create"),
    path("goals/<int:pk>/", views.goal_detail, name="goal_detail"),
    path("goals/<int:pk>/edit/", views.goal_edit, name="goal_edit"),
    path("goals/<int:pk>/assess/", views.assessment_add, name="assessment_add"),
    path("initiatives/", views.initiative_list, name="initiative_list"),
    path("initiatives/new/", views.initiative_create, name="initiative_create"),
    path("initiatives/<int:pk>/", views.initiative_detail, name="initiative_detail"),
    path("initiatives/<int:pk>/edit/", views.initiative_edit, name="initiative_edit"),
    path("initiatives/<int:pk>/status/", views.initiative_status, name="initiative_status"),
    path("actions/", views.action_list, name="action_list"),
    path("actions/new/", views.action_create, name="action_create"),
    path("actions/<int:pk>/", views.action_detail, name="action_detail"),
    path("actions/<int:pk>/edit/", views.action_edit, name="action_edit"),
    path("actions/<int:pk>/done/", views.action_done, name="action_done"),
    path("actions/<int:pk>/reopen/", views.action_reopen, name="action_reopen"),
    re_path(r"^actions/export\.(?P<fmt>csv|xlsx)$", views.action_export, name="action_export"),
    re_path(
        r"^initiatives/export\.(?P<fmt>csv|xlsx)$",
        views.initiative_export,
        name="initiative_export",
    ),
    # Citizen involvement
    path("involvement/", views.involvement_list, name="involvement_list"),
    path("involvement/new/", views.involvement_create, name="involvement_create"),
    path("involvement/<int:pk>/", views.involvement_detail, name="involvement_detail"),
    path("involvement/<int:pk>/edit/", views.involvement_edit, name="involvement_edit"),
    path("involvement/<int:pk>/inputs/new/", views.input_add, name="input_add"),
    path("involvement/inputs/", views.input_list, name="input_list"),
    path("involvement/inputs/<int:pk>/answer/", views.input_answer, name="input_answer"),
    # The housing areas' mediation log
    path("mediation/", views.mediation_list, name="mediation_list"),
    path("mediation/new/", views.mediation_create, name="mediation_create"),
    path("mediation/<int:pk>/", views.mediation_edit, name="mediation_edit"),
    re_path(
        r"^mediation/export\.(?P<fmt>csv|xlsx)$", views.mediation_export, name="mediation_export"
    ),
]
