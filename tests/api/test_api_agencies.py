"""/api/agencies/{id}: one agency, its partners and counts, consistent with /api/activities."""

from __future__ import annotations

import httpx

from tests.conftest import Server


def test_agency_detail_partners_and_counts(live_server: Server) -> None:
    record = httpx.get(f"{live_server.url}/api/agencies/frontex").json()
    assert record["id"] == "frontex" and record["acronym"] == "Frontex"
    partners = record["partners"]
    assert partners and [p["activities"] for p in partners] == sorted((p["activities"] for p in partners), reverse=True)
    counts = record["counts"]
    activities = httpx.get(f"{live_server.url}/api/activities", params={"agency": "frontex"}).json()
    assert counts["activities"] == len(activities)
    for status in ("done", "ongoing", "planned", "proposed"):
        assert counts["by_status"].get(status, 0) == sum(a["status"] == status for a in activities)
    assert counts["partners"] == len(partners)
    # a partner's count is the number of done/ongoing activities shared with frontex
    europol = next(p for p in partners if p["id"] == "europol")
    shared = [a for a in activities if "europol" in a["participants"] and a["status"] in ("done", "ongoing")]
    assert europol["activities"] == len(shared) and europol["agency"] is True
    assert counts["opportunities"] > 0


def test_unknown_agency_is_404(live_server: Server) -> None:
    response = httpx.get(f"{live_server.url}/api/agencies/interpol")
    assert response.status_code == 404
    assert response.json()["error"]["status"] == 404
