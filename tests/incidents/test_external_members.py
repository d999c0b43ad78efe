"""External members see figures, not stories: the steering group (which includes the chairs
of the business association and the residents' council) reads the incident list, details
and exports without the free text, follow-up note, photo and reporter; the municipality's
staff who act on reports (consultants, caretakers for theirs) see them all."""

import pytest
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.urls import reverse

from tests.actionplan.factories import UserFactory

from .factories import IncidentFactory
from .test_list_and_exports import CSV, LIST, XLSX, csv_rows, xlsx_rows

STORY = "Mand faldt om ved bænken, talte med ham om hans lejlighed"
NOTE = "Opfølgning: kontakt til hjemmeplejen"


@pytest.fixture
def story(people, places):
    reporter = UserFactory(username="rikke", first_name="Rikke", last_name="Vicevært")
    incident = IncidentFactory(
        place=places.klostertorvet, description=STORY, follow_up_note=NOTE, reported_by=reporter
    )
    incident.photo.save("p.jpg", ContentFile(b"\xff\xd8\xff\xd9"), save=True)
    return incident


def test_the_steering_group_reads_the_detail_page_without_the_story(clients, story):
    response = clients.steering.get(story.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Klostertorvet" in html and story.get_category_display() in html
    for hidden in (STORY, NOTE, "Rikke", reverse("incidents:photo", args=[story.pk])):
        assert hidden not in html
    assert clients.steering.get(reverse("incidents:photo", args=[story.pk])).status_code == 404


def test_the_consultant_reads_it_all(clients, story):
    html = clients.consultant.get(story.get_absolute_url()).content.decode()
    assert STORY in html and NOTE in html and "Rikke" in html
    assert clients.consultant.get(reverse("incidents:photo", args=[story.pk])).status_code == 200


def test_the_steering_groups_list_names_no_reporter_and_searches_no_free_text(clients, story):
    listing = clients.steering.get(LIST)
    assert story in listing.context["page_obj"].object_list
    assert "Rikke" not in listing.content.decode()
    assert "reporter" not in listing.context["filter"].form.fields
    found = clients.steering.get(LIST, {"q": "lejlighed"}).context["page_obj"].object_list
    assert list(found) == []  # the free text is not searched
    found = clients.steering.get(LIST, {"q": "Kloster"}).context["page_obj"].object_list
    assert list(found) == [story]
    found = clients.consultant.get(LIST, {"q": "lejlighed"}).context["page_obj"].object_list
    assert list(found) == [story]


@pytest.mark.parametrize("url", [CSV, XLSX])
def test_the_steering_groups_exports_hold_the_figures_not_the_story(clients, story, url):
    response = clients.steering.get(url)
    rows = csv_rows(response) if url == CSV else xlsx_rows(response)
    header, row = rows
    assert "Kort beskrivelse" not in header and "Indberettet af" not in header
    assert "Opfølgningsnote" not in header and header[2] == "Sted"
    assert not {STORY, NOTE, "Rikke Vicevært"} & {str(v) for v in row}
    full = clients.consultant.get(url)
    full_header, full_row = csv_rows(full) if url == CSV else xlsx_rows(full)
    assert "Kort beskrivelse" in full_header and STORY in full_row


def test_a_steering_member_on_the_municipalitys_staff_may_be_granted_the_detail(
    clients, people, story
):
    user = people.users["steering"]
    user.user_permissions.add(Permission.objects.get(codename="view_incident_detail"))
    html = clients.steering.get(story.get_absolute_url()).content.decode()
    assert STORY in html


def test_caretakers_see_the_detail_of_the_reports_they_see(clients, caretaker_world):
    html = clients.caretaker.get(caretaker_world.at_my_place.get_absolute_url()).content.decode()
    assert caretaker_world.at_my_place.description in html
