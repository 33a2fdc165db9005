"""The hub writes US English: common British spellings and words, and where a text has them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

# -ise verbs: each stem takes -ise, -ised, -ises, -ising (US -ize, -ized, ...)
_ISE_STEMS = (
    "agon", "apolog", "author", "categor", "critic", "custom", "emphas", "familiar", "maxim", "memor", "minim",
    "optim", "organ", "priorit", "real", "recogn", "reorgan", "special", "standard", "summar", "util",
)  # fmt: skip
_ISE = {
    f"{stem}{british}": f"{stem}{us}"
    for stem in _ISE_STEMS
    for british, us in (("ise", "ize"), ("ised", "ized"), ("ises", "izes"), ("ising", "izing"))
}

# Spellings with no US meaning of their own (whole words, any case): British -> US
SPELLINGS: dict[str, str] = _ISE | {
    # -isation, -yse
    "organisation": "organization", "organisations": "organizations", "organisational": "organizational",
    "realisation": "realization", "specialisation": "specialization", "prioritisation": "prioritization",
    "analyse": "analyze", "analysed": "analyzed", "analysing": "analyzing", "paralysed": "paralyzed",
    # practise is the British verb; US English uses practice for the noun and the verb
    "practise": "practice", "practised": "practiced", "practises": "practices", "practising": "practicing",
    # -our
    "colour": "color", "colours": "colors", "coloured": "colored", "colourful": "colorful",
    "behaviour": "behavior", "behaviours": "behaviors", "behavioural": "behavioral",
    "favour": "favor", "favours": "favors", "favoured": "favored", "favourable": "favorable",
    "favourite": "favorite", "favourites": "favorites",
    "honour": "honor", "honours": "honors", "honoured": "honored", "honourable": "honorable",
    "labour": "labor", "labourer": "laborer",
    "neighbour": "neighbor", "neighbours": "neighbors", "neighbouring": "neighboring",
    "neighbourhood": "neighborhood",
    "humour": "humor", "rumour": "rumor", "rumours": "rumors", "endeavour": "endeavor", "endeavours": "endeavors",
    # -re, -ence, -ogue, -mme
    "centre": "center", "centres": "centers", "centred": "centered", "theatre": "theater", "theatres": "theaters",
    "metre": "meter", "metres": "meters", "fibre": "fiber",
    "licence": "license", "licences": "licenses", "defence": "defense", "offence": "offense", "pretence": "pretense",
    "catalogue": "catalog", "catalogues": "catalogs", "programme": "program", "programmes": "programs",
    # doubled and single l
    "travelled": "traveled", "travelling": "traveling", "traveller": "traveler", "travellers": "travelers",
    "cancelled": "canceled", "cancelling": "canceling", "modelled": "modeled", "modelling": "modeling",
    "labelled": "labeled", "labelling": "labeling", "counselling": "counseling", "counsellor": "counselor",
    "counsellors": "counselors", "signalled": "signaled", "levelled": "leveled", "fuelled": "fueled",
    "marvellous": "marvelous", "jewellery": "jewelry",
    "enrol": "enroll", "enrols": "enrolls", "enrolment": "enrollment", "fulfil": "fulfill", "fulfils": "fulfills",
    "fulfilment": "fulfillment", "instalment": "installment", "instalments": "installments",
    "skilful": "skillful", "wilful": "willful",
    # single words
    "grey": "gray", "cheque": "check", "cheques": "checks", "judgement": "judgment", "judgements": "judgments",
    "ageing": "aging", "sceptical": "skeptical", "manoeuvre": "maneuver", "aluminium": "aluminum",
    "pyjamas": "pajamas", "aeroplane": "airplane", "tyre": "tire", "tyres": "tires",
    "whilst": "while", "amongst": "among", "learnt": "learned", "spelt": "spelled", "misspelt": "misspelled",
    "maths": "math", "per cent": "percent",
}  # fmt: skip

# Words and idioms a US reader would say otherwise (whole words; none has a common US meaning)
WORDS: dict[str, str] = {
    "car park": "parking lot", "car parks": "parking lots", "flatmate": "roommate", "flatmates": "roommates",
    "annual leave": "paid time off", "rota": "schedule", "rotas": "schedules", "fortnight": "two weeks",
    "postcode": "zip code", "anticlockwise": "counterclockwise",
}  # fmt: skip

_US = SPELLINGS | WORDS
# One pattern for every word, longest first; a space in a phrase matches any run of spaces or a line break
_BRITISH = re.compile(
    r"(?<![^\W_])(?:"
    + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(_US, key=len, reverse=True))
    + r")(?![^\W_])",
    re.IGNORECASE,
)

# Markdown whose text is not prose: fenced code, code spans, link destinations and labels, autolinks, bare URLs
_NOT_PROSE = re.compile(
    r"^[ ]{0,3}(?P<fence>`{3,}|~{3,}).*?(?:^[ ]{0,3}(?P=fence)[`~]*[ \t]*$|\Z)"  # unclosed: to the end
    r"|(?P<ticks>`+)(?:(?!\n[ \t]*\n).)+?(?<!`)(?P=ticks)(?!`)"  # a code span ends with its paragraph
    r"|\]\([^)]*\)|\]\[[^\]\n]*\]"
    r"|^[ ]{0,3}\[[^\]\n]+\]:[ \t]*\S+"
    r"|<[A-Za-z][A-Za-z0-9+.-]*:[^>\s]*>"
    r"|\b(?:https?://|www\.)\S+",
    re.MULTILINE | re.DOTALL,
)


class British(NamedTuple):
    """A British word or phrase in a text, and what the hub writes instead."""

    line: int  # from 0, the text's first line
    col: int  # from 1
    written: str  # as the text has it (a phrase's line break as a space)
    us: str  # the US word, in the case it was written in
    spelling: bool  # a spelling (colour); else a word or idiom (car park)


def british_words(text: str) -> Iterator[British]:
    """Each British spelling or word in plain text, such as a title."""
    line, line_start = 0, 0
    for match in _BRITISH.finditer(text):
        line += text.count("\n", line_start, match.start())
        line_start = text.rfind("\n", 0, match.start()) + 1
        written = " ".join(match.group().split())
        key = written.lower()
        yield British(line, match.start() - line_start + 1, written, _in_case_of(written, _US[key]), key in SPELLINGS)


def british_words_in_markdown(markdown: str) -> Iterator[British]:
    """Each British spelling or word in markdown's prose: not in code, nor in a link's address."""
    return british_words(_NOT_PROSE.sub(_blank, markdown))


def _blank(match: re.Match[str]) -> str:
    """The match as spaces, its line breaks kept, so lines and columns stay where they were."""
    return re.sub(r"[^\n]", " ", match.group())


def _in_case_of(written: str, us: str) -> str:
    if len(written) > 1 and written.isupper():
        return us.upper()
    return us[0].upper() + us[1:] if written[0].isupper() else us
