"""The worksheet's two lists are named in Python (the page) and in the script (exports, messages): the same."""

from __future__ import annotations

import json
import re

from generator.config import WORKSHEET_LISTS

from .conftest import REPO


def test_the_script_and_the_page_name_the_lists_alike() -> None:
    steps = (REPO / "static/js/worksheet/steps.js").read_text(encoding="utf-8")
    found = re.search(r"export const LIST_TITLES = Object\.freeze\((\{.*?\})\);", steps)
    assert found is not None, "steps.js no longer declares LIST_TITLES as a frozen object literal"
    titles = json.loads(re.sub(r"(\w+):", r'"\1":', found.group(1)))
    assert titles == WORKSHEET_LISTS
    assert 'FACTOR_KINDS = Object.freeze([...Object.keys(LIST_TITLES), "both"])' in steps
