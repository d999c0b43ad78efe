"""Type to find (byrum/suggest.py): the suggestions' endpoints and the field that resolves
what was typed when JavaScript is off."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from byrum import suggest, tenancy
from byrum.suggest import SuggestField
from places.models import Place
from tests.actionplan.factories import GroupFactory, OrganisationFactory, PersonFactory
from tests.budgets import REQUEST_OVERHEAD
from tests.places.factories import PlaceFactory


@pytest.fixture(autouse=True)
def _danish():
    with translation.override("da"):
        yield


def url(kind, q):
    return f"{reverse('suggest', args=[kind])}?q={q}"


def texts(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return [row["text"] for row in response.json()]


def test_it_suggests_places_whose_words_begin_with_what_was_typed(clients, places):
    assert texts(clients.caretaker.get(url("place", "klo"))) == ["Klostertorvet (Aalborg)"]
    assert texts(clients.caretaker.get(url("place", "TORV"))) == ["Bredgade Torv (Nørresundby)"]
    assert texts(clients.caretaker.get(url("place", "ken pla"))) == [
        "J.F. Kennedys Plads (Aalborg)"
    ]
    # the city is a word of the place too, and the label typed whole finds it
    assert texts(clients.caretaker.get(url("place", "nørresundby"))) == [
        "Bredgade Torv (Nørresundby)"
    ]
    assert texts(clients.caretaker.get(url("place", "Klostertorvet (Aalborg)"))) == [
        "Klostertorvet (Aalborg)"
    ]
    assert texts(clients.caretaker.get(url("place", "lunden"))) == []  # beginnings only


def test_the_rows_are_ids_and_labels_ordered_by_name_at_most_twenty(clients, places):
    for i in range(25):
        PlaceFactory(name=f"Kvarter {i:02}", city="Aalborg")

    rows = clients.consultant.get(url("place", "k")).json()

    assert len(rows) == suggest.LIMIT
    assert rows[0] == {"value": places["kennedy"].pk, "text": "J.F. Kennedys Plads (Aalborg)"}
    assert [r["text"] for r in rows[1:3]] == ["Karolinelunden (Aalborg)", "Klostertorvet (Aalborg)"]


def test_another_municipalitys_place_is_never_suggested(clients, places, other_municipality):
    with tenancy.municipality(other_municipality.pk):
        PlaceFactory(name="Klostertorvet", city="Aarhus")
        PersonFactory(name="Klaus Aarhus")
        OrganisationFactory(name="Klub Aarhus")
        GroupFactory(name="Klynge Aarhus")

    assert texts(clients.consultant.get(url("place", "klo"))) == ["Klostertorvet (Aalborg)"]
    assert texts(clients.admin.get(url("place", "aarhus"))) == []
    assert texts(clients.admin.get(url("person", "klaus"))) == []
    assert texts(clients.admin.get(url("organisation", "klub"))) == []
    assert texts(clients.admin.get(url("group", "klynge"))) == []


def test_it_suggests_people_organisations_and_groups(clients, db):
    korshaer = OrganisationFactory(name="Kirkens Korshær")
    PersonFactory(name="Mette Frederiksen", organisation=korshaer)
    PersonFactory(name="Frede Fri", organisation=None)
    GroupFactory(name="Arbejdsgruppen for Kildeparken")

    # a person as the forms have always named them: with their organisation, if any
    assert texts(clients.steering.get(url("person", "fred"))) == [
        "Frede Fri",
        "Mette Frederiksen (Kirkens Korshær)",
    ]
    assert texts(clients.steering.get(url("organisation", "kors"))) == ["Kirkens Korshær"]
    assert texts(clients.local.get(url("group", "kilde"))) == ["Arbejdsgruppen for Kildeparken"]


def test_a_user_who_may_not_see_the_records_is_refused(clients, places):
    # No role, no places (as the place list): 403, never a suggestion.
    response = clients.outsider.get(url("place", "klo"))
    assert response.status_code == 403
    assert b"Klostertorvet" not in response.content
    assert clients.consultant.get(url("nothing", "klo")).status_code == 404


def test_a_place_the_user_may_not_see_is_not_offered_by_the_field(people, places):
    outsider = people.users["outsider"]
    field = SuggestField(suggest.get_kind("place").choices(outsider), kind="place")
    with pytest.raises(Exception, match="Marker en gyldig valgmulighed"):
        field.clean(str(places["kloster"].pk))


def test_anonymous_users_are_sent_to_log_in(client, db):
    response = client.get(url("place", "klo"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    "q", ["%00", "klo%00ster", "x" * 500, "🙂", "🙂klo", "%27%3B--", "a:*|b", "&!()", "%20"]
)
def test_any_input_gives_valid_json(clients, places, q):
    response = clients.consultant.get(url("place", q))
    assert response.status_code == 200
    assert isinstance(response.json(), list)


def test_it_runs_one_query_whatever_it_finds(clients, places):
    # The request's own (tests/budgets.py, less the bell's unread count: a JSON answer
    # draws no page), then the suggestions: one SELECT, however many places match.
    json_overhead = REQUEST_OVERHEAD - 1
    for q in ("k", "klo", "nothing", "j f kennedy plads aalborg"):
        with CaptureQueriesContext(connection) as context:
            clients.consultant.get(url("place", q))
        assert len(context.captured_queries) == json_overhead + 1, q
    with CaptureQueriesContext(connection) as context:
        clients.consultant.get(url("place", "🙂"))  # no word: no query
    assert len(context.captured_queries) == json_overhead


def test_the_suggestion_matches_the_words_index_expression(places):
    sql = str(suggest.get_kind("place").matching(Place.objects.all(), "klo").query)
    assert "to_tsvector(simple" in sql and "@@ (to_tsquery(simple" in sql


# --- The field without JavaScript -------------------------------------------------------------


def place_field(user=None):
    return SuggestField(suggest.get_kind("place").choices(user), kind="place", required=False)


def test_the_field_takes_an_id(people, places):
    assert (
        place_field(people.users["consultant"]).clean(str(places["kloster"].pk))
        == places["kloster"]
    )


def test_the_field_takes_the_label_or_the_name_in_any_case(people, places):
    field = place_field(people.users["consultant"])
    assert field.clean("Klostertorvet (Aalborg)") == places["kloster"]
    assert field.clean("  klostertorvet  ") == places["kloster"]
    assert field.clean("bredgade torv (nørresundby)") == places["bredgade"]
    assert field.clean("") is None


def test_an_ambiguous_name_lists_the_candidates_in_danish(people, places):
    PlaceFactory(name="Klostertorvet", city="Nørresundby")
    field = place_field(people.users["consultant"])
    with pytest.raises(Exception) as error:
        field.clean("Klostertorvet")
    message = error.value.messages[0]
    assert message.startswith("Flere passer til »Klostertorvet«")
    assert "Klostertorvet (Aalborg)" in message and "Klostertorvet (Nørresundby)" in message
    assert field.clean("Klostertorvet (Nørresundby)").city == "Nørresundby"


def test_an_unknown_name_says_so_and_offers_near_ones(people, places):
    field = place_field(people.users["consultant"])
    with pytest.raises(Exception) as error:
        field.clean("Klost")
    assert error.value.messages == ["Ingen passer til »Klost«. Mente du: Klostertorvet (Aalborg)?"]
    with pytest.raises(Exception) as error:
        field.clean("Rådhuspladsen")
    assert error.value.messages == ["Ingen passer til »Rådhuspladsen«."]


def test_another_municipalitys_place_is_not_taken_by_id_or_name(people, places, other_municipality):
    with tenancy.municipality(other_municipality.pk):
        aarhus = PlaceFactory(name="Aarhus Torv", city="Aarhus")
    field = place_field(people.users["consultant"])
    for typed in (str(aarhus.pk), "Aarhus Torv", "Aarhus Torv (Aarhus)"):
        with pytest.raises(Exception, match="Ingen passer|Marker en gyldig valgmulighed"):
            field.clean(typed)


def test_the_widget_draws_the_chosen_record_only(people, places):
    field = place_field(people.users["consultant"])
    html = field.widget.render("place", field.prepare_value(places["kloster"]), {"id": "id_place"})
    assert 'value="Klostertorvet (Aalborg)"' in html
    assert f'data-value="{places["kloster"].pk}"' in html
    assert 'data-suggest="/suggest/place/"' in field.widget.render(
        "place", None, field.widget_attrs(field.widget)
    )
    assert "<option" not in html and "Karolinelunden" not in html


def test_the_incident_list_keeps_what_was_typed_with_the_error(clients, places):
    response = clients.consultant.get(reverse("incidents:list") + "?place=Klosterto")

    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="Klosterto"' in html
    assert "Ingen passer til »Klosterto«. Mente du: Klostertorvet (Aalborg)?" in html
    assert 'data-suggest="/suggest/place/"' in html


def test_the_incident_list_filters_by_a_place_typed_by_name(clients, places):
    from tests.incidents.factories import IncidentFactory

    IncidentFactory(place=places["kloster"])
    IncidentFactory(place=places["karoline"])

    by_name = clients.consultant.get(reverse("incidents:list") + "?place=Klostertorvet+(Aalborg)")
    by_id = clients.consultant.get(reverse("incidents:list") + f"?place={places['kloster'].pk}")

    for response in (by_name, by_id):
        shown = [incident.place for incident in response.context["page_obj"].object_list]
        assert shown == [places["kloster"]]
        assert 'value="Klostertorvet (Aalborg)"' in response.content.decode()


@pytest.mark.parametrize("typed", ["\x00", "Klost\x00", "🙂", "x" * 5000, "(", " ()"])
def test_odd_text_gives_a_form_error_never_a_server_error(people, places, typed):
    field = place_field(people.users["consultant"])
    with pytest.raises(Exception, match="Ingen passer"):
        field.clean(typed)
