"""Type to find several records (byrum/suggest.py ``SuggestMultipleField``): the ids chosen
and the names typed, one a line, resolved in the user's municipality; the page draws the
chosen records only."""

import pytest
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils import translation

from byrum import suggest, tenancy
from byrum.suggest import SuggestMultipleField
from tests.actionplan.factories import OrganisationFactory, PersonFactory
from tests.places.factories import PlaceFactory


@pytest.fixture(autouse=True)
def _danish():
    with translation.override("da"):
        yield


def places_field(user, required=False):
    return SuggestMultipleField(
        suggest.get_kind("place").choices(user), kind="place", required=required
    )


def chosen(queryset):
    return sorted(obj.pk for obj in queryset)


def test_it_takes_ids(people, places):
    field = places_field(people.users["consultant"])
    value = [str(places["kloster"].pk), str(places["bredgade"].pk)]
    assert chosen(field.clean(value)) == sorted([places["kloster"].pk, places["bredgade"].pk])


def test_it_takes_names_one_a_line_in_any_case(people, places):
    field = places_field(people.users["consultant"])
    typed = "Klostertorvet (Aalborg)\r\n  bredgade torv \n\nKarolinelunden"
    found = field.clean(["", typed])
    assert chosen(found) == sorted(p.pk for k, p in places.items() if k != "kennedy")


def test_it_takes_ids_and_names_together_once_each(people, places):
    field = places_field(people.users["consultant"])
    kloster = places["kloster"]
    found = field.clean([str(kloster.pk), "Klostertorvet\nJ.F. Kennedys Plads (Aalborg)"])
    assert chosen(found) == sorted([kloster.pk, places["kennedy"].pk])


def test_nothing_chosen_is_none_or_required(people, places):
    assert list(places_field(people.users["consultant"]).clean(["", " \n "])) == []
    assert list(places_field(people.users["consultant"]).clean(None)) == []
    assert list(places_field(people.users["consultant"]).clean(["\x00"])) == []
    with pytest.raises(ValidationError, match="Dette felt er påkrævet"):
        places_field(people.users["consultant"], required=True).clean([""])


def test_unknown_and_ambiguous_names_are_listed_in_danish(people, places):
    PlaceFactory(name="Klostertorvet", city="Nørresundby")
    field = places_field(people.users["consultant"])
    with pytest.raises(ValidationError) as error:
        field.clean([str(places["karoline"].pk), "Klostertorvet\nKennedy\nRådhuspladsen"])
    messages = error.value.messages
    assert messages[0].startswith("Flere passer til »Klostertorvet«")
    assert "Klostertorvet (Nørresundby)" in messages[0]
    assert messages[1] == "Ingen passer til »Kennedy«. Mente du: J.F. Kennedys Plads (Aalborg)?"
    assert messages[2] == "Ingen passer til »Rådhuspladsen«."


def test_another_municipalitys_place_is_refused_by_id_and_by_name(
    people, places, other_municipality
):
    with tenancy.municipality(other_municipality.pk):
        aarhus = PlaceFactory(name="Aarhus Torv", city="Aarhus")
    field = places_field(people.users["consultant"])
    with pytest.raises(ValidationError, match=f"{aarhus.pk} er ikke en af de tilgængelige"):
        field.clean([str(places["kloster"].pk), str(aarhus.pk)])
    for typed in ("Aarhus Torv", "Aarhus Torv (Aarhus)"):
        with pytest.raises(ValidationError, match="Ingen passer"):
            field.clean([typed])


def test_a_user_without_the_view_permission_may_pick_nothing(people, places):
    field = places_field(people.users["outsider"])
    with pytest.raises(ValidationError, match="er ikke en af de tilgængelige"):
        field.clean([str(places["kloster"].pk)])


def test_people_are_resolved_by_name_and_organisation(people, db):
    korshaer = OrganisationFactory(name="Kirkens Korshær")
    anne = PersonFactory(name="Anne Holm", organisation=korshaer)
    PersonFactory(name="Anne Holm")
    field = SuggestMultipleField(
        suggest.get_kind("person").choices(people.users["consultant"]), kind="person"
    )
    assert list(field.clean(["Anne Holm (Kirkens Korshær)"])) == [anne]
    with pytest.raises(ValidationError, match="Flere passer til »Anne Holm«"):
        field.clean(["Anne Holm"])


def test_the_widget_draws_the_chosen_records_only_and_keeps_what_was_typed(people, places):
    field = places_field(people.users["consultant"])
    attrs = {"id": "id_places", **field.widget_attrs(field.widget)}
    html = field.widget.render("places", field.prepare_value([places["kloster"]]), attrs)
    assert f'<option value="{places["kloster"].pk}" selected>Klostertorvet (Aalborg)' in html
    assert html.count("<option") == 1 and "Karolinelunden" not in html
    assert 'data-suggest="/suggest/place/"' in html and "multiple" in html
    assert '<label class="form-label small" for="id_places_more">' in html
    assert '<textarea class="form-control" name="places" id="id_places_more"' in html

    sent = QueryDict("", mutable=True)
    sent.setlist("places", [str(places["kennedy"].pk), "Bredgade Torv\nKlosterto"])
    value = field.widget.value_from_datadict(sent, {}, "places")
    with pytest.raises(ValidationError):
        field.clean(value)
    html = field.widget.render("places", field.prepare_value(value), attrs)
    # The resolved ones stay chosen; what did not resolve is in the text box again.
    assert f'<option value="{places["kennedy"].pk}" selected>J.F. Kennedys Plads' in html
    assert f'<option value="{places["bredgade"].pk}" selected>Bredgade Torv' in html
    assert ">Klosterto</textarea>" in html


def test_the_initial_records_are_labelled_in_one_query(people, django_assert_num_queries):
    people_ = [PersonFactory(organisation=OrganisationFactory()) for _n in range(5)]
    field = SuggestMultipleField(
        suggest.get_kind("person").choices(people.users["consultant"]), kind="person"
    )
    with django_assert_num_queries(1):
        shown = field.prepare_value(people_)
    assert sorted(pk for pk, _label in shown) == sorted(p.pk for p in people_)
    assert all(f"({p.organisation.name})" in dict(shown)[p.pk] for p in people_)


def test_has_changed_compares_the_records_not_the_text(people, places):
    field = places_field(people.users["consultant"])
    kloster = places["kloster"]
    assert not field.has_changed([kloster], [str(kloster.pk), ""])
    assert field.has_changed([kloster], [str(kloster.pk), "Bredgade Torv"])
    assert field.has_changed([], [str(kloster.pk)])


@pytest.mark.parametrize("typed", ["Klost\x00", "🙂", "x" * 5000, "(", " ()"])
def test_odd_text_gives_a_form_error_never_a_server_error(people, places, typed):
    with pytest.raises(ValidationError, match="Ingen passer"):
        places_field(people.users["consultant"]).clean([typed])
