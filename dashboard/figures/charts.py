"""SVG charts drawn on the server, with a table alternative beside each."""


# --- Charts -------------------------------------------------------------------------------

CHART_WIDTH = 640
CHART_HEIGHT = 200
CHART_TOP = 10
CHART_BOTTOM = 30
CHART_LEFT = 30


def bar_chart(weeks):
    """Server-rendered SVG geometry for incidents per week: this period's bar next to the
    previous period's for each week. No query."""
    peak = max([w["count"] for w in weeks] + [w["previous"] for w in weeks] + [1])
    plot = CHART_HEIGHT - CHART_TOP - CHART_BOTTOM
    slot = (CHART_WIDTH - CHART_LEFT) / max(len(weeks), 1)
    bar = slot * 0.38
    bars = []
    for i, week in enumerate(weeks):
        x = CHART_LEFT + i * slot + slot * 0.1
        for offset, value, kind in ((0, week["previous"], "previous"), (bar, week["count"], "now")):
            height = plot * value / peak
            bars.append(
                {
                    "x": round(x + offset, 1),
                    "y": round(CHART_TOP + plot - height, 1),
                    "width": round(bar, 1),
                    "height": round(height, 1),
                    "kind": kind,
                }
            )
        week["label_x"] = round(x + bar, 1)
    return {
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "bars": bars,
        "peak": peak,
        "baseline": CHART_TOP + plot,
        "label_y": CHART_HEIGHT - 10,
        "left": CHART_LEFT,
        "weeks": weeks,
    }
