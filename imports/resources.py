"""What each kind of sheet holds and how a row becomes a record (django-import-export's
resources). Every kind has Danish column headers, a natural key that makes importing the
same sheet twice change nothing, and the same columns for the template and the export.

A row is read by ``fill``: it sets the record's fields from the row's cells and raises one
ValidationError with every problem of the row, in Danish, by column. References to other
records are found by name (case and spaces do not matter); an unknown one is refused with
the closest known name ("mente du …?").
"""

import difflib

from django.core.exceptions import ValidationError
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, resources

from actionplan.models import ActionItem, ActionItemStatus
from governance.models import (
    Group,
    Membership,
    MembershipRole,
    Organisation,
    OrganisationKind,
    Person,
)
from places.models import Place, PlaceKind

from . import cells


def _norm(value):
    return " ".join(str(value or "").split()).casefold()


class Lookup:
    """Records of one model by a normalised name, read once per import."""

    def __init__(self, queryset, key=lambda obj: obj.name):
        self.queryset = queryset
        self.key = key
        self._by_key = None

    def _load(self):
        if self._by_key is None:
            self._by_key = {}
            for obj in self.queryset:
                self._by_key.setdefault(_norm(self.key(obj)), obj)
        return self._by_key

    def add(self, obj):
        self._load()[_norm(self.key(obj))] = obj

    def get(self, name):
        return self._load().get(_norm(name))

    def find(self, name, column, what):
        """The record called ``name``, or a ValidationError that names the closest ones."""
        found = self.get(name)
        if found is not None:
            return found
        names = {_norm(k): self.key(v) for k, v in self._load().items()}
        close = difflib.get_close_matches(_norm(name), list(names), n=1, cutoff=0.75)
        if close:
            raise ValidationError(
                _("%(column)s: unknown %(what)s '%(name)s' – did you mean '%(suggestion)s'?")
                % {"column": column, "what": what, "name": name, "suggestion": names[close[0]]}
            )
        raise ValidationError(
            _("%(column)s: unknown %(what)s '%(name)s'.")
            % {"column": column, "what": what, "name": name}
        )


class SheetResource(resources.ModelResource):
    """The common part: natural keys, Danish row errors, duplicates within one sheet."""

    kind = ""
    label = ""
    label_column = "Navn"  # the column that names the row's record in the preview
    example = {}

    class Meta:
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        skip_diff = False  # skip_unchanged compares the record before and after the row
        skip_html_diff = True
        use_transactions = True

    def __init__(self, *, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user

    @classmethod
    def headers(cls):
        return [field.column_name for field in cls().get_export_fields()]

    def before_import(self, dataset, **kwargs):
        self._seen = {}
        missing = [h for h in self.required_headers() if h not in (dataset.headers or [])]
        if missing:
            raise ValidationError(
                _("The sheet lacks the columns %(columns)s. Start from the template.")
                % {"columns": ", ".join(missing)}
            )

    def required_headers(self):
        return self.headers()

    # Each kind defines natural_key(row) (what identifies the row's record, normalised, or
    # None), find(row) (the existing record or None) and fill(instance, row, errors) (set the
    # record's fields from the row, adding problems to ``errors`` by column).

    def get_instance(self, instance_loader, row):
        return self.find(row)

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        key = self.natural_key(row)
        number = kwargs.get("row_number")
        if key is not None:
            if key in self._seen:
                errors["__all__"] = [
                    _("The same record as row %(row)d; keep one of them.")
                    % {"row": self._seen[key]}
                ]
            else:
                self._seen[key] = (number or 0) + 1
        self.fill(instance, row, errors)
        if errors:
            raise ValidationError(errors)

    def _collect(self, errors, column, function):
        try:
            return function()
        except ValidationError as error:
            errors.setdefault(column, []).extend(error.messages)
            return None

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        # A row whose cells were refused says so by column; the record's own checks (a
        # missing group, say) would only repeat it less clearly.
        if import_validation_errors:
            raise ValidationError(import_validation_errors)
        super().validate_instance(instance, None, validate_unique)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if getattr(instance, "_import_changed", False):
            return False
        return super().skip_row(instance, original, row, import_validation_errors)

    def after_import(self, dataset, result, **kwargs):
        """No sequence reset (ModelResource's, as loaddata does after explicit ids): the sheets
        carry no ids, new rows take theirs from the sequence, and the application's database
        role may not set a sequence (README, "Database roles")."""


class OrganisationResource(SheetResource):
    kind = "organisations"
    label = gettext_lazy("Organisations")
    name = fields.Field(attribute="name", column_name="Navn")
    kind_ = fields.Field(attribute="kind", column_name="Type")
    description = fields.Field(attribute="description", column_name="Beskrivelse")
    website = fields.Field(attribute="website", column_name="Hjemmeside")
    example = {
        "Navn": "Kirkens Korshær",
        "Type": "Frivillig organisation",
        "Beskrivelse": "Varmestue og gadeplansarbejde",
        "Hjemmeside": "https://www.kirkenskorshaer.dk",
    }

    class Meta(SheetResource.Meta):
        model = Organisation
        fields = ["name", "kind_", "description", "website"]
        import_id_fields = ["name"]

    def dehydrate_kind_(self, organisation):
        return organisation.get_kind_display()

    def natural_key(self, row):
        return _norm(row.get("Navn")) or None

    def find(self, row):
        name = _norm(row.get("Navn"))
        if not name:
            return None
        return Organisation.objects.annotate(n=Lower("name")).filter(n=name).first()

    def fill(self, instance, row, errors):
        c = self._collect
        name = c(
            errors,
            "Navn",
            lambda: cells.text(row.get("Navn"), "Navn", max_length=200, required=True),
        )
        if name:
            instance.name = name
        kind = c(
            errors,
            "Type",
            lambda: cells.choice(
                row.get("Type"), "Type", OrganisationKind.choices, default=instance.kind or "other"
            ),
        )
        if kind:
            instance.kind = kind
        description = c(
            errors,
            "Beskrivelse",
            lambda: cells.text(
                row.get("Beskrivelse"), "Beskrivelse", max_length=2000, free_text=True
            ),
        )
        if description is not None:
            instance.description = description
        website = c(
            errors,
            "Hjemmeside",
            lambda: cells.text(row.get("Hjemmeside"), "Hjemmeside", max_length=200),
        )
        if website is not None:
            instance.website = website


class _PersonColumns:
    """Name, organisation, title, e-mail and phone of a person: the people sheet and the
    members sheet both have them."""

    def person_key(self, row):
        email = _norm(row.get("E-mail"))
        if email:
            return ("email", email)
        name = _norm(row.get("Navn"))
        return ("name", name, _norm(row.get("Organisation"))) if name else None

    def find_person(self, row):
        email = _norm(row.get("E-mail"))
        people = Person.objects.select_related("organisation")
        if email:
            return people.annotate(e=Lower("email")).filter(e=email).first()
        name = _norm(row.get("Navn"))
        if not name:
            return None
        found = [p for p in people.annotate(n=Lower("name")).filter(n=name)]
        organisation = _norm(row.get("Organisation"))
        for person in found:
            if _norm(person.organisation.name if person.organisation else "") == organisation:
                return person
        return found[0] if len(found) == 1 and not organisation else None

    def fill_person(self, person, row, errors):
        c = self._collect
        if not hasattr(self, "_organisations"):
            self._organisations = Lookup(Organisation.objects.all())
        values = {
            "name": c(
                errors,
                "Navn",
                lambda: cells.text(row.get("Navn"), "Navn", max_length=200, required=True),
            ),
            "title": c(
                errors, "Titel", lambda: cells.text(row.get("Titel"), "Titel", max_length=200)
            ),
            "email": c(
                errors, "E-mail", lambda: cells.text(row.get("E-mail"), "E-mail", max_length=254)
            ),
            "phone": c(
                errors, "Telefon", lambda: cells.text(row.get("Telefon"), "Telefon", max_length=40)
            ),
        }
        organisation_name = c(
            errors,
            "Organisation",
            lambda: cells.text(row.get("Organisation"), "Organisation", max_length=200),
        )
        organisation = None
        if organisation_name:
            organisation = c(
                errors,
                "Organisation",
                lambda: self._organisations.find(
                    organisation_name, "Organisation", _("organisation")
                ),
            )
        changed = False
        for field, value in values.items():
            if value is not None and value != getattr(person, field):
                setattr(person, field, value)
                changed = True
        if organisation_name == "" and person.organisation_id is not None:
            person.organisation = None
            changed = True
        elif organisation is not None and person.organisation_id != organisation.pk:
            person.organisation = organisation
            changed = True
        return changed


class PersonResource(_PersonColumns, SheetResource):
    kind = "people"
    label = gettext_lazy("People")
    name = fields.Field(attribute="name", column_name="Navn")
    organisation = fields.Field(attribute="organisation__name", column_name="Organisation")
    title = fields.Field(attribute="title", column_name="Titel")
    email = fields.Field(attribute="email", column_name="E-mail")
    phone = fields.Field(attribute="phone", column_name="Telefon")
    example = {
        "Navn": "Mette Holm",
        "Organisation": "Kirkens Korshær",
        "Titel": "Leder af varmestuen",
        "E-mail": "mette.holm@example.dk",
        "Telefon": "+45 12 34 56 78",
    }

    class Meta(SheetResource.Meta):
        model = Person
        fields = ["name", "organisation", "title", "email", "phone"]
        import_id_fields = ["email"]

    def natural_key(self, row):
        return self.person_key(row)

    def find(self, row):
        return self.find_person(row)

    def fill(self, instance, row, errors):
        self.fill_person(instance, row, errors)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        # Compared with the record as it was before the row (no query per row).
        if import_validation_errors or original is None or instance.pk is None:
            return False
        fields = ("name", "title", "email", "phone", "organisation_id")
        return all(getattr(original, f) == getattr(instance, f) for f in fields)


class MemberResource(_PersonColumns, SheetResource):
    """A group's member list, as the secretariat keeps it: one row per person and group. The
    person is found by e-mail (or name and organisation) and created or updated from the row;
    the group must exist."""

    kind = "members"
    label = gettext_lazy("Group members")
    group = fields.Field(attribute="group__name", column_name="Gruppe")
    name = fields.Field(attribute="person__name", column_name="Navn")
    organisation = fields.Field(attribute="person__organisation__name", column_name="Organisation")
    title = fields.Field(attribute="person__title", column_name="Titel")
    email = fields.Field(attribute="person__email", column_name="E-mail")
    phone = fields.Field(attribute="person__phone", column_name="Telefon")
    role = fields.Field(attribute="role", column_name="Rolle")
    start = fields.Field(attribute="start", column_name="Startdato")
    example = {
        "Gruppe": "Styregruppen",
        "Navn": "Mette Holm",
        "Organisation": "Kirkens Korshær",
        "Titel": "Leder af varmestuen",
        "E-mail": "mette.holm@example.dk",
        "Telefon": "+45 12 34 56 78",
        "Rolle": "Medlem",
        "Startdato": "01.02.2026",
    }

    class Meta(SheetResource.Meta):
        model = Membership
        fields = ["group", "name", "organisation", "title", "email", "phone", "role", "start"]
        import_id_fields = ["group", "email"]

    def get_export_queryset(self, request=None):
        return (
            Membership.objects.current()
            .select_related("group", "person__organisation")
            .order_by("group__name", "person__name")
        )

    def dehydrate_role(self, membership):
        return membership.get_role_display()

    def dehydrate_start(self, membership):
        return membership.start.strftime("%d.%m.%Y")

    def required_headers(self):
        return ["Gruppe", "Navn", "Rolle"]

    def natural_key(self, row):
        person = self.person_key(row)
        group = _norm(row.get("Gruppe"))
        return (group, person) if person and group else None

    def find(self, row):
        person = self.find_person(row)
        group = self._groups().get(row.get("Gruppe"))
        if person is None or group is None:
            return None
        return (
            Membership.objects.current()
            .filter(person=person, group=group)
            .select_related("person", "group")
            .first()
        )

    def _groups(self):
        if not hasattr(self, "_group_lookup"):
            self._group_lookup = Lookup(Group.objects.all())
        return self._group_lookup

    def fill(self, instance, row, errors):
        c = self._collect
        group_name = c(
            errors,
            "Gruppe",
            lambda: cells.text(row.get("Gruppe"), "Gruppe", required=True, max_length=200),
        )
        group = None
        if group_name:
            group = c(
                errors, "Gruppe", lambda: self._groups().find(group_name, "Gruppe", _("group"))
            )
        person = instance.person if instance.person_id else (self.find_person(row) or Person())
        person_changed = self.fill_person(person, row, errors)
        role = c(
            errors,
            "Rolle",
            lambda: cells.choice(
                row.get("Rolle"), "Rolle", MembershipRole.choices, default=MembershipRole.MEMBER
            ),
        )
        start = c(errors, "Startdato", lambda: cells.date(row.get("Startdato"), "Startdato"))
        if errors:
            return
        if person_changed or person.pk is None:
            person.full_clean()
            person.save()
            instance._import_changed = True
        instance.person = person
        instance.group = group
        instance.role = role
        if start is not None:
            instance.start = start


class PlaceResource(SheetResource):
    kind = "places"
    label = gettext_lazy("Places")
    name = fields.Field(attribute="name", column_name="Navn")
    city = fields.Field(attribute="city", column_name="By")
    kind_ = fields.Field(attribute="kind", column_name="Type")
    address = fields.Field(attribute="address", column_name="Adresse")
    latitude = fields.Field(attribute="latitude", column_name="Breddegrad")
    longitude = fields.Field(attribute="longitude", column_name="Længdegrad")
    description = fields.Field(attribute="description", column_name="Beskrivelse")
    example = {
        "Navn": "Karolinelunden",
        "By": "Aalborg",
        "Type": "Park",
        "Adresse": "Karolinelund, 9000 Aalborg",
        "Breddegrad": "57,044",
        "Længdegrad": "9,931",
        "Beskrivelse": "Park med lege- og opholdsarealer",
    }

    class Meta(SheetResource.Meta):
        model = Place
        fields = ["name", "city", "kind_", "address", "latitude", "longitude", "description"]
        import_id_fields = ["name", "city"]

    def dehydrate_kind_(self, place):
        return place.get_kind_display()

    def natural_key(self, row):
        name, city = _norm(row.get("Navn")), _norm(row.get("By"))
        return (name, city) if name and city else None

    def find(self, row):
        key = self.natural_key(row)
        if key is None:
            return None
        return (
            Place.objects.annotate(n=Lower("name"), c=Lower("city"))
            .filter(n=key[0], c=key[1])
            .first()
        )

    def fill(self, instance, row, errors):
        c = self._collect
        for column, field, length in (("Navn", "name", 200), ("By", "city", 100)):
            value = c(
                errors,
                column,
                lambda column=column, length=length: cells.text(
                    row.get(column), column, max_length=length, required=True
                ),
            )
            if value:
                setattr(instance, field, value)
        kind = c(
            errors,
            "Type",
            lambda: cells.choice(row.get("Type"), "Type", PlaceKind.choices, required=True),
        )
        if kind:
            instance.kind = kind
        address = c(
            errors, "Adresse", lambda: cells.text(row.get("Adresse"), "Adresse", max_length=255)
        )
        if address is not None:
            instance.address = address
        for column, field in (("Breddegrad", "latitude"), ("Længdegrad", "longitude")):
            value = c(
                errors,
                column,
                lambda column=column: cells.decimal(row.get(column), column, required=True),
            )
            if value is not None:
                setattr(instance, field, value.quantize(type(value)("0.000001")))
        description = c(
            errors,
            "Beskrivelse",
            lambda: cells.text(
                row.get("Beskrivelse"), "Beskrivelse", max_length=4000, free_text=True
            ),
        )
        if description is not None:
            instance.description = description


class ActionItemResource(SheetResource):
    """Open action items from a follow-up list: what, who, which group, by when."""

    kind = "actions"
    label = gettext_lazy("Open action items")
    label_column = "Opgave"
    title = fields.Field(attribute="title", column_name="Opgave")
    person = fields.Field(attribute="responsible_person__name", column_name="Ansvarlig person")
    organisation = fields.Field(
        attribute="responsible_organisation__name", column_name="Ansvarlig organisation"
    )
    group = fields.Field(attribute="group__name", column_name="Gruppe")
    due = fields.Field(attribute="due", column_name="Frist")
    status = fields.Field(attribute="status", column_name="Status")
    example = {
        "Opgave": "Opsæt ekstra belysning ved stien",
        "Ansvarlig person": "Mette Holm",
        "Ansvarlig organisation": "Kirkens Korshær",
        "Gruppe": "Styregruppen",
        "Frist": "01.03.2027",
        "Status": "Åben",
    }

    class Meta(SheetResource.Meta):
        model = ActionItem
        fields = ["title", "person", "organisation", "group", "due", "status"]
        import_id_fields = ["title", "group"]

    def get_export_queryset(self, request=None):
        return (
            ActionItem.objects.open()
            .select_related("responsible_person", "responsible_organisation", "group")
            .order_by("due", "title")
        )

    def dehydrate_status(self, item):
        return item.get_status_display()

    def dehydrate_due(self, item):
        return item.due.strftime("%d.%m.%Y") if item.due else ""

    def required_headers(self):
        return ["Opgave", "Gruppe"]

    def natural_key(self, row):
        title, group = _norm(row.get("Opgave")), _norm(row.get("Gruppe"))
        return (title, group) if title else None

    def find(self, row):
        title = _norm(row.get("Opgave"))
        if not title:
            return None
        items = ActionItem.objects.annotate(t=Lower("title")).filter(t=title)
        group = self._lookups()["group"].get(row.get("Gruppe"))
        items = items.filter(group=group) if group else items.filter(group__isnull=True)
        return items.first()

    def _lookups(self):
        if not hasattr(self, "_lookup_cache"):
            self._lookup_cache = {
                "group": Lookup(Group.objects.all()),
                "person": Lookup(Person.objects.all()),
                "organisation": Lookup(Organisation.objects.all()),
            }
        return self._lookup_cache

    def fill(self, instance, row, errors):
        c = self._collect
        lookups = self._lookups()
        title = c(
            errors,
            "Opgave",
            lambda: cells.text(
                row.get("Opgave"), "Opgave", max_length=300, required=True, free_text=True
            ),
        )
        if title:
            instance.title = title
        for column, field, what in (
            ("Ansvarlig person", "responsible_person", _("person")),
            ("Ansvarlig organisation", "responsible_organisation", _("organisation")),
            ("Gruppe", "group", _("group")),
        ):
            name = c(
                errors,
                column,
                lambda column=column: cells.text(row.get(column), column, max_length=200),
            )
            if name:
                key = field.rsplit("_", 1)[-1]
                found = c(
                    errors,
                    column,
                    lambda name=name, column=column, what=what, key=key: lookups[key].find(
                        name, column, what
                    ),
                )
                if found is not None:
                    setattr(instance, field, found)
            elif name == "":
                setattr(instance, field, None)
        due = c(errors, "Frist", lambda: cells.date(row.get("Frist"), "Frist"))
        instance.due = due
        status = c(
            errors,
            "Status",
            lambda: cells.choice(
                row.get("Status"), "Status", ActionItemStatus.choices, default=ActionItemStatus.OPEN
            ),
        )
        if status:
            instance.status = status
        if instance.pk is None:
            instance.source = ActionItem.Source.OTHER


RESOURCES = {
    resource.kind: resource
    for resource in (
        OrganisationResource,
        PersonResource,
        MemberResource,
        PlaceResource,
        ActionItemResource,
    )
}
