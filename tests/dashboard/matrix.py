from django.urls import reverse

from tests.actionplan.factories import ActionPlanFactory
from tests.matrix import Row, everyone, only

# The dashboard and the report: consultants, the steering group and the administrator.
READERS = only({"consultant": 200, "steering": 200, "admin": 200})


def build(world):
    world.dashboard_plan = ActionPlanFactory(title="Matrixplan")


def _xlsx(w):
    return reverse("dashboard_report_xlsx") + f"?plan={w.dashboard_plan.pk}"


ROWS = [
    Row("dashboard", lambda w: reverse("dashboard"), READERS),
    Row("dashboard", lambda w: reverse("dashboard"), everyone(405), method="post"),
    Row("dashboard_report", lambda w: reverse("dashboard_report"), READERS),
    Row("dashboard_report_xlsx", _xlsx, READERS),
    Row(
        "dashboard_report_pdf",
        lambda w: reverse("dashboard_report_pdf") + f"?plan={w.dashboard_plan.pk}",
        READERS,
    ),
]
