"""LeanSelect draws the same <select> as Django's Select, without a template per option."""

from django import forms
from django.test.html import parse_html

from byrum.widgets import LeanSelect

CHOICES = [
    ("", "– alle –"),
    ("1", "Klostertorvet (Aarhus)"),
    ("2", 'Bispetorv <"Aarhus"> & co'),
    ("Aalborg", [("3", "Arkivpladsen"), ("4", "J.F. Kennedys Plads")]),
]


def _both(value, attrs=None):
    ours = LeanSelect(choices=CHOICES).render("place", value, attrs)
    django = forms.Select(choices=CHOICES).render("place", value, attrs)
    return ours, django


def test_it_draws_the_same_html_as_djangos_select():
    for value in (None, "", "2", "3"):
        ours, django = _both(value, {"id": "id_place", "class": "form-select"})
        assert parse_html(ours) == parse_html(django), value


def test_it_escapes_labels_and_marks_the_chosen_option():
    html = LeanSelect(choices=CHOICES).render("place", "4")
    assert "Bispetorv &lt;&quot;Aarhus&quot;&gt; &amp; co" in html
    assert '<option value="4" selected>J.F. Kennedys Plads</option>' in html
    assert html.count(" selected") == 1


def test_a_model_choice_field_uses_it_with_its_queryset(db):
    from places.models import Place
    from tests.places.factories import PlaceFactory

    place = PlaceFactory(name="Frederikstorv", city="Aalborg")
    field = forms.ModelChoiceField(Place.objects.all(), widget=LeanSelect)
    html = field.widget.render("place", place.pk)
    assert f'<option value="{place.pk}" selected>Frederikstorv (Aalborg)</option>' in html
    assert '<option value="">---------</option>' in html
