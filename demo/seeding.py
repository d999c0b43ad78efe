"""Helpers for the demo seeders of every app."""


def upsert(model, defaults=None, **lookup):
    """update_or_create that writes only when a value differs, so seeding twice changes
    nothing, not even an auto_now timestamp. Returns (obj, created)."""
    defaults = defaults or {}
    obj, created = model.objects.get_or_create(defaults=defaults, **lookup)
    if not created:
        changed = [k for k, v in defaults.items() if getattr(obj, k) != v]
        if changed:
            for k in changed:
                setattr(obj, k, defaults[k])
            obj.save()
    return obj, created
