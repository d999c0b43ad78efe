"""The icons Byrum draws: one SVG sprite (static/img/icons.svg) of the Bootstrap Icons in use,
instead of the whole icon font (131 KB on a phone's first load for about 40 icons).

Templates draw one with ``{% icon "geo-alt" %}`` (a builtin tag, byrum/templatetags/byrum_icons.py).
To add one: put its name in ICONS and run ``manage.py icon_sprite DIR`` with DIR the ``icons``
folder of the bootstrap-icons npm package (see static/vendor/README.md)."""

ICONS = sorted(
    {
        # pages
        "arrow-down",
        "bell",
        "arrow-up",
        "calendar-event",
        "calendar-plus",
        "camera",
        "check-lg",
        "check2-square",
        "chevron-double-left",
        "chevron-left",
        "chevron-right",
        "circle",
        "clock-history",
        "cloud-arrow-up",
        "crosshair",
        "download",
        "exclamation-circle",
        "exclamation-triangle",
        "exclamation-triangle-fill",
        "file-earmark-excel",
        "file-earmark-spreadsheet",
        "file-earmark-text",
        "files",
        "filetype-csv",
        "geo-alt",
        "heart-pulse",
        "pencil",
        "person-circle",
        "plus-lg",
        "printer",
        "send",
        "shield-check",
        "trash",
        "wifi-off",
        # incident categories (incidents.models.CATEGORY_ICONS)
        "cup-straw",
        "droplet",
        "emoji-smile",
        "hammer",
        "hand-thumbs-up",
        "lightning-charge",
        "moon-stars",
        "people",
        "person-x",
        "trash3",
        "volume-up",
    }
)
SPRITE = "img/icons.svg"
