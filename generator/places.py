"""Places as job boards write them (`San Francisco, CA`, `Remote - US`, `United Kingdom`): cities,
regions and ISO 3166-1 country codes, and whether a role's title names one."""

from __future__ import annotations

import re
import unicodedata

from .iso import COUNTRIES
from .jobs import WORKPLACES, Location

# Other names people give countries; ISO's short names and the codes are known too
_ALIASES = {
    "usa": "US",
    "u.s.": "US",
    "u.s.a.": "US",
    "united states of america": "US",
    "america": "US",
    "uk": "GB",
    "u.k.": "GB",
    "great britain": "GB",
    "britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "the netherlands": "NL",
    "holland": "NL",
    "czech republic": "CZ",
    "korea": "KR",
    "republic of korea": "KR",
    "russia": "RU",
    "uae": "AE",
    "viet nam": "VN",
    "turkey": "TR",
    "türkiye": "TR",
    "ivory coast": "CI",
    "hong kong sar": "HK",
}
# A state or province after a city names its country too ("Austin, TX"); code -> name
_US_STATES = {
    "AL": "Alabama",
    "AK": "Alaska",
    "AZ": "Arizona",
    "AR": "Arkansas",
    "CA": "California",
    "CO": "Colorado",
    "CT": "Connecticut",
    "DE": "Delaware",
    "FL": "Florida",
    "GA": "Georgia",
    "HI": "Hawaii",
    "ID": "Idaho",
    "IL": "Illinois",
    "IN": "Indiana",
    "IA": "Iowa",
    "KS": "Kansas",
    "KY": "Kentucky",
    "LA": "Louisiana",
    "ME": "Maine",
    "MD": "Maryland",
    "MA": "Massachusetts",
    "MI": "Michigan",
    "MN": "Minnesota",
    "MS": "Mississippi",
    "MO": "Missouri",
    "MT": "Montana",
    "NE": "Nebraska",
    "NV": "Nevada",
    "NH": "New Hampshire",
    "NJ": "New Jersey",
    "NM": "New Mexico",
    "NY": "New York",
    "NC": "North Carolina",
    "ND": "North Dakota",
    "OH": "Ohio",
    "OK": "Oklahoma",
    "OR": "Oregon",
    "PA": "Pennsylvania",
    "RI": "Rhode Island",
    "SC": "South Carolina",
    "SD": "South Dakota",
    "TN": "Tennessee",
    "TX": "Texas",
    "UT": "Utah",
    "VT": "Vermont",
    "VA": "Virginia",
    "WA": "Washington",
    "WV": "West Virginia",
    "WI": "Wisconsin",
    "WY": "Wyoming",
    "DC": "District of Columbia",
}
_CA_PROVINCES = {
    "AB": "Alberta",
    "BC": "British Columbia",
    "MB": "Manitoba",
    "NB": "New Brunswick",
    "NL": "Newfoundland and Labrador",
    "NS": "Nova Scotia",
    "ON": "Ontario",
    "PE": "Prince Edward Island",
    "QC": "Quebec",
    "SK": "Saskatchewan",
    "NT": "Northwest Territories",
    "NU": "Nunavut",
    "YT": "Yukon",
}
_WORKPLACE_WORDS = re.compile(
    r"\b(remote|hybrid|on-?site|in[- ]office|office[- ]based|work from home|wfh|anywhere|distributed)\b", re.I
)
# Regions of the world that are not countries: a title naming one names a place
_REGIONS = re.compile(r"\b(EMEA|APAC|APJ|LATAM|AMER|AMERICAS|EU|EUROPE|NORTH AMERICA|ASIA|GLOBAL|WORLDWIDE)\b", re.I)


def _fold(text: str) -> str:
    """Text as names are compared: no accents, lowercase, single spaces."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(ascii_text.casefold().split())


_BY_NAME = {_fold(name): code for code, name in COUNTRIES.items()} | {_fold(k): v for k, v in _ALIASES.items()}
_STATES = {_fold(name): code for code, name in _US_STATES.items()}
_PROVINCES = {_fold(name): code for code, name in _CA_PROVINCES.items()}


def country_code(text: str) -> str | None:
    """The ISO 3166-1 alpha-2 code of a country written as a code (`DE`, `de`), a name or a usual
    alias (`Germany`, `USA`, `UK`); None if it names no country."""
    word = text.strip()
    if len(word) == 2 and word.upper() in COUNTRIES:
        return word.upper()
    return _BY_NAME.get(_fold(word))


def parse_places(text: str, default_country: str = "") -> tuple[tuple[Location, ...], tuple[str, ...], bool]:
    """The places in a board's location text: the cities (with region and country), the countries
    named without a city, and whether it says the work is remote. `default_country` is the country
    of a city whose text names none (Lever gives it apart)."""
    cities: list[Location] = []
    countries: list[str] = []
    remote = False
    for piece in re.split(r"\s*(?:;|\||\bor\b|\n)\s*", text or ""):
        if _WORKPLACE_WORDS.search(piece):
            remote = remote or bool(re.search(r"\b(remote|anywhere|distributed|work from home|wfh)\b", piece, re.I))
            piece = _WORKPLACE_WORDS.sub(" ", piece)
        parts = [p.strip(" -–—()[]/:") for p in piece.split(",")]
        parts = [p for p in parts if p]
        if not parts:
            continue
        place = _place(parts, default_country)
        if isinstance(place, Location):
            cities.append(place)
        elif place:
            countries.append(place)
    return tuple(dict.fromkeys(cities)), tuple(dict.fromkeys(countries)), remote


def _place(parts: list[str], default_country: str) -> Location | str | None:
    """`[city, region, country]` as written -> a Location, a country code alone, or None. A US state's
    code after a city is read as the state (`Portland, OR`, `Dover, DE`), unless the board gave that
    code as the role's country: boards in the US write places so; others write the country's name."""
    *head, last = parts
    state = _state(last) if head else None
    country, region = None, ""
    if state is not None and not (default_country and country_code(last) == default_country):
        country, region = state
    elif (country := country_code(last)) is not None:
        if head and (state := _state(head[-1])) is not None and state[0] == country:
            head, region = head[:-1], state[1]
        elif len(head) >= 2:
            head, region = head[:-1], head[-1]
    if country is None:
        if not default_country or len(parts) > 2:
            return None
        country, head = default_country, parts
        if len(head) == 2:
            head, region = head[:1], head[1]
    if not head:
        return country
    return Location(head[0], region, country)


def _state(text: str) -> tuple[str, str] | None:
    """A US state or Canadian province as (country, region name), from its code or name."""
    word = text.strip()
    if word in _US_STATES:
        return "US", _US_STATES[word]
    if word in _CA_PROVINCES and word not in COUNTRIES:  # NL is the Netherlands, PE Peru
        return "CA", _CA_PROVINCES[word]
    if (code := _STATES.get(_fold(word))) is not None:
        return "US", _US_STATES[code]
    if (code := _PROVINCES.get(_fold(word))) is not None:
        return "CA", _CA_PROVINCES[code]
    return None


def names_place(text: str, places: tuple[Location, ...], countries: tuple[str, ...]) -> bool:
    """Whether some text (a part of a title) names where the work is: a workplace, a region of the
    world, or one of the role's cities, regions or countries."""
    if _WORKPLACE_WORDS.search(text) or _REGIONS.search(text) or any(w in text.lower() for w in WORKPLACES):
        return True
    words = {country_code(w) for w in re.findall(r"[A-Za-z][A-Za-z.]+", text) if w.isupper() or len(w) > 3}
    if words & {*countries, *(p.country for p in places)}:
        return True
    names = [n for p in places for n in (p.city, p.region, COUNTRIES[p.country])] + [COUNTRIES[c] for c in countries]
    return any(n and re.search(rf"\b{re.escape(n)}\b", text, re.I) for n in names)


def plain_title(title: str, places: tuple[Location, ...], countries: tuple[str, ...]) -> str:
    """A title without the place job boards often add to it (`Engineer (Remote - US)`, `Engineer -
    London`, `Remote Engineer`): the board gives where the work is its own fields."""
    title = " ".join(title.split())
    while True:
        tail = re.search(r"\s*(?:\(([^()]*)\)|\[([^\[\]]*)\]|\s[-–—|/]\s+([^-–—|/]*)|,\s*([^,]*))$", title)
        if tail is None or not names_place(next(g for g in tail.groups() if g is not None), places, countries):
            break
        title = title[: tail.start()].rstrip(" ,-–—|/")
    lead = re.match(r"^(remote|hybrid|on-?site)\s+(?:[-–—|:]\s*)?", title, re.I)
    if lead and len(title) > lead.end():
        rest = title[lead.end() :]
        title = rest[0].upper() + rest[1:]
    return title
