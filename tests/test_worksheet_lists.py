"""What the worksheet names both in Python (the page) and in the script (exports, messages) is named alike."""

from __future__ import annotations

import json
import re

from generator.config import WORKSHEET_CHECKLIST, WORKSHEET_LISTS

from .conftest import REPO


def test_the_script_and_the_page_name_the_lists_alike() -> None:
    steps = (REPO / "static/js/worksheet/steps.js").read_text(encoding="utf-8")
    found = re.search(r"export const LIST_TITLES = Object\.freeze\((\{.*?\})\);", steps)
    assert found is not None, "steps.js no longer declares LIST_TITLES as a frozen object literal"
    titles = json.loads(re.sub(r"(\w+):", r'"\1":', found.group(1)))
    assert titles == WORKSHEET_LISTS
    assert 'FACTOR_KINDS = Object.freeze([...Object.keys(LIST_TITLES), "both"])' in steps


def test_the_script_and_the_page_have_the_same_checklist() -> None:
    steps = (REPO / "static/js/worksheet/steps.js").read_text(encoding="utf-8")
    found = re.search(r"export const CHECKLIST = Object\.freeze\(\[(.*?)\]\);", steps, re.S)
    assert found is not None, "steps.js no longer declares CHECKLIST as a frozen array literal"
    items = re.findall(r'\{ key: "([^"]+)", label: "([^"]+)" \}', found.group(1))
    assert dict(items) == WORKSHEET_CHECKLIST
    assert [key for key, _ in items] == list(WORKSHEET_CHECKLIST)  # in the same order
