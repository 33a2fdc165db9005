"""The served site opens in Chromium under its sub-path and requests nothing from elsewhere."""

from __future__ import annotations

from playwright.sync_api import Page

from .conftest import Recorded, Served


def test_home_opens_and_loads_its_stylesheet(page: Page, served: Served, requests: Recorded) -> None:
    response = page.goto(served.url())
    assert response is not None and response.status == 200
    assert page.locator("h1").count() == 1
    assert any("/next-round/css/site." in u for u in requests.urls)
    assert requests.other_origins(served.origin) == []
