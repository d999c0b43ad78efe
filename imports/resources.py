"""What each kind of sheet holds and how a row becomes a record (django-import-export's
resources). Every kind has Danish column headers, a natural key that makes importing the
same sheet twice change nothing, and the same columns for the template and the export.

A row is read by ``fill``: it sets the record's fields from the row's cells and raises one
ValidationError with every problem of the row, in Danish, by column. References to other
records are found by name (case and spaces do not matter); an unknown one is refused with
the closest known name ("mente du …?").
"""

import copy
import difflib

from django.core.exceptions import ValidationError
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, resources
from import_export.results import RowResult

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


class SheetRowResult(RowResult):
    """A row's result without the record's ``str()``: the preview names a row by its own
    cells, and a membership's ``str()`` translates its role anew for every row (a tenth of
    a large sheet's time)."""

    def add_instance_info(self, instance):
        self.object_id = getattr(instance, "pk", None)


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

    # Fields whose records the row names and the resource found in what it read for the
    # whole sheet: full_clean does not read each of them again. (Only for a model with no
    # constraint on them: full_clean leaves out the constraints on excluded fields.)
    found_fields = ()

    def __init__(self, *, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user
        self.on_row_done = None  # called with each row's number (the job's progress)

    def get_row_result_class(self):
        return SheetRowResult

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
        instance.full_clean(exclude=self.found_fields, validate_unique=validate_unique)

    def after_import_row(self, row, row_result, **kwargs):
        if self.on_row_done is not None:
            self.on_row_done(kwargs["row_number"])

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


# What a row may change on a person (the people sheet and the members sheet alike).
PERSON_FIELDS = ["name", "title", "email", "phone", "organisation"]


class _PersonColumns:
    """Name, organisation, title, e-mail and phone of a person: the people sheet and the
    members sheet both have them.

    Everyone the sheet names is read once for the whole sheet (``prefetch_people``: one
    query by e-mail, one by name for the rows without an e-mail), so that a row finds its
    person without a query of its own; people a row creates are remembered for the rows
    after it."""

    def person_key(self, row):
        email = _norm(row.get("E-mail"))
        if email:
            return ("email", email)
        name = _norm(row.get("Navn"))
        return ("name", name, _norm(row.get("Organisation"))) if name else None

    def prefetch_people(self, rows):
        emails, names = set(), set()
        for row in rows:
            email, name = _norm(row.get("E-mail")), _norm(row.get("Navn"))
            if email:
                emails.add(email)
            elif name:
                names.add(name)
        self._people_by_email, self._people_by_name = {}, {}
        people = Person.objects.select_related("organisation")
        if emails:
            for person in people.annotate(key=Lower("email")).filter(key__in=emails):
                self.remember_person(person)
        if names:
            for person in people.annotate(key=Lower("name")).filter(key__in=names):
                self.remember_person(person)

    def remember_person(self, person):
        if person.email:
            self._people_by_email.setdefault(_norm(person.email), person)
        same_name = self._people_by_name.setdefault(_norm(person.name), [])
        if not any(known is person for known in same_name):
            same_name.append(person)

    def find_person(self, row):
        email = _norm(row.get("E-mail"))
        if email:
            return self._people_by_email.get(email)
        name = _norm(row.get("Navn"))
        if not name:
            return None
        found = self._people_by_name.get(name, [])
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
    found_fields = ("organisation", "user")
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

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self.prefetch_people(dataset.dict)

    def natural_key(self, row):
        return self.person_key(row)

    def find(self, row):
        return self.find_person(row)

    def fill(self, instance, row, errors):
        self.fill_person(instance, row, errors)

    def after_save_instance(self, instance, row, **kwargs):
        self.remember_person(instance)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        # Compared with the record as it was before the row (no query per row).
        if import_validation_errors or original is None or instance.pk is None:
            return False
        return all(getattr(original, f) == getattr(instance, f) for f in PERSON_FIELDS)


class MemberResource(_PersonColumns, SheetResource):
    """A group's member list, as the secretariat keeps it: one row per person and group. The
    person is found by e-mail (or name and organisation) and created or updated from the row;
    the group must exist.

    Built for sheets of thousands of rows: the people, their memberships, the groups and the
    organisations are read once for the whole sheet, a row is checked without a query, and
    the people and memberships are written in batches (``use_bulk``), so the queries do not
    grow with the rows but with the batches."""

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
    PERSON_COLUMNS = {"name": "Navn", "title": "Titel", "email": "E-mail", "phone": "Telefon"}

    class Meta(SheetResource.Meta):
        model = Membership
        fields = ["group", "name", "organisation", "title", "email", "phone", "role", "start"]
        import_id_fields = ["group", "email"]
        use_bulk = True
        batch_size = 500
        skip_diff = True  # skip_row compares what the row changed (no copy of each record)

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

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self.prefetch_people(dataset.dict)
        people = {p.pk for p in self._people_by_email.values()}
        people |= {p.pk for same in self._people_by_name.values() for p in same}
        self._memberships = {}
        if people:
            for membership in Membership.objects.filter(person_id__in=people).order_by():
                key = (membership.person_id, membership.group_id)
                self._memberships.setdefault(key, []).append(membership)
        self._people_to_create, self._people_to_update = [], {}

    def natural_key(self, row):
        person = self.person_key(row)
        group = _norm(row.get("Gruppe"))
        return (group, person) if person and group else None

    def find(self, row):
        """The person's current membership of the group; the person found is kept for
        ``fill`` (one lookup per row)."""
        person = self._row_person = self.find_person(row)
        group = self._groups().get(row.get("Gruppe"))
        if person is None or person.pk is None or group is None:
            return None
        for membership in self._memberships.get((person.pk, group.pk), []):
            if membership.is_current():
                membership.person, membership.group = person, group
                return membership
        return None

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
        # The row's changes go to a copy of the person until the row is known to be good:
        # the same person may appear in later rows.
        known = self._row_person
        person = copy.copy(known) if known is not None else Person()
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
        try:
            person.full_clean(
                exclude=["organisation", "user"], validate_unique=False, validate_constraints=False
            )
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                column = self.PERSON_COLUMNS.get(field, field)
                errors.setdefault(column, []).extend(f"{column}: {m}" for m in messages)
            return
        before = (instance.role, instance.start)
        instance.group = group
        instance.role = role
        if start is not None:
            instance.start = start
        instance._import_person = (known, person, person_changed or known is None)
        instance._membership_changed = instance.pk is None or (role, instance.start) != before

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """The membership's own checks without a query: its fields, and Membership.clean's
        rule (no two memberships of a person in a group overlap) against the memberships
        read for the sheet."""
        if import_validation_errors:
            raise ValidationError(import_validation_errors)
        instance.clean_fields(exclude=["person", "group", "represents"])
        if instance.end is not None and instance.end < instance.start:
            raise ValidationError(_("A membership cannot end before it starts."))
        known = instance._import_person[0]
        if known is None or known.pk is None:
            return
        for other in self._memberships.get((known.pk, instance.group.pk), []):
            if other.pk == instance.pk:
                continue
            if (other.end is None or other.end >= instance.start) and (
                instance.end is None or other.start <= instance.end
            ):
                raise ValidationError(
                    _("%(person)s is already a member of %(group)s in that period.")
                    % {"person": known, "group": instance.group}
                )

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors or not hasattr(instance, "_import_person"):
            return False
        return not instance._membership_changed and not instance._import_person[2]

    def save_instance(self, instance, is_create, row, **kwargs):
        """The row is good: its person's changes go to the person every row shares, and the
        person joins the batch to be created or updated before the memberships."""
        known, person, changed = instance._import_person
        if known is None:
            known = person
            self._people_to_create.append(person)
        elif changed:
            for field in PERSON_FIELDS:
                setattr(known, field, getattr(person, field))
            if known.pk is not None:
                self._people_to_update[known.pk] = known
        self.remember_person(known)
        instance.person = known
        super().save_instance(instance, is_create, row, **kwargs)

    def get_bulk_update_fields(self):
        return ["role", "start"]

    def _save_people(self, using_transactions, dry_run, raise_errors, result):
        """The batch's new and changed people, before the memberships that refer to them."""
        if not (using_transactions or not dry_run):
            return
        try:
            if self._people_to_create:
                Person.objects.bulk_create(self._people_to_create, batch_size=self._meta.batch_size)
            if self._people_to_update:
                Person.objects.bulk_update(
                    list(self._people_to_update.values()),
                    PERSON_FIELDS,
                    batch_size=self._meta.batch_size,
                )
        except Exception as error:
            self.handle_import_error(result, error, raise_errors)
        finally:
            self._people_to_create.clear()
            self._people_to_update.clear()

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        self._save_people(using_transactions, dry_run, raise_errors, result)
        super().bulk_create(using_transactions, dry_run, raise_errors, batch_size, result)

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        self._save_people(using_transactions, dry_run, raise_errors, result)
        # Rows that changed only the person leave their membership as it is.
        self.update_instances[:] = [m for m in self.update_instances if m._membership_changed]
        super().bulk_update(
            using_transactions, dry_run, raise_errors, self._meta.batch_size, result
        )


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
