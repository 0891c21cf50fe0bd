"""The one filter model: which activities a request or a command is about.

Every route and command that filters (activities, agencies, collaborations, the analytics, the
explorer) takes the same five filters and reads them here, so a name means the same thing
everywhere and an unknown one is the same error everywhere:

- `agency`: an agency id (`frontex`) or any organisation's id or IRI — activities it takes part in;
- `theme`: a theme id (`migration`) or IRI — activities on it *or a narrower theme* (skos:broader);
- `type`: an activity type (`Training`, `jha:Training` or its IRI, any case) — *or a subtype*;
- `status`: `done`, `ongoing`, `planned`, `proposed`, a comma list of them, `happened` (done
  and ongoing) or `all`;
- `year`: a report year held in the graph.

`Filters` is what was asked (names, unchecked); `Vocabulary.select` checks each name against the
graph — an unknown one raises `UnknownName` listing the known ones (HTTP 400, exit code 2) — and
gives a `Selection`: IRIs and expanded sets, with `matches` / `involves` as the one test of an
activity.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from graph.store.base import Store
from graph.store.formats import rows_as_python
from jhakg.errors import UnknownName
from ontology.namespaces import JHA
from ontology.statuses import HAPPENED, STATUSES
from queries import get_query

__all__ = ["Filters", "Selection", "Theme", "Vocabulary", "load_vocabulary", "parse_statuses", "short_id"]

ONTOLOGY = str(JHA)


def short_id(iri: str) -> str:
    """The last path segment of an IRI: an agency id, a theme id, an activity or organisation slug."""
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def parse_statuses(value: str | Iterable[str] | None, default: Iterable[str]) -> tuple[str, ...]:
    """`None` → the default; `happened` → done and ongoing; `all` → every status; else a comma list
    of statuses (any case, `jha:` prefix or IRI allowed), in the vocabulary's order."""
    if value is None:
        return tuple(default)
    given = value.split(",") if isinstance(value, str) else list(value)
    items = [s.strip().lower().rsplit("#", 1)[-1].removeprefix("jha:") for s in given]
    items = [s for s in items if s]
    if not items:
        return tuple(default)
    if items == ["happened"]:
        return HAPPENED
    if items == ["all"]:
        return STATUSES
    unknown = [s for s in items if s not in STATUSES]
    if unknown:
        raise UnknownName("status", ",".join(unknown), [*STATUSES, "happened", "all"], hint=" (several as a comma list)")
    return tuple(s for s in STATUSES if s in items)


@dataclass(frozen=True)
class Theme:
    iri: str
    id: str
    label: str
    broader: str | None
    cross_cutting: bool


@dataclass(frozen=True)
class Filters:
    """The filters as asked for (names as typed; None = no filter). Check them with `Vocabulary.select`."""

    agency: str | None = None
    theme: str | None = None
    type: str | None = None
    status: str | None = None
    year: int | str | None = None


@dataclass(frozen=True)
class Selection:
    """Checked filters: the organisation IRI, the theme IRIs (with narrower ones), the type names
    (with subtypes), the statuses and the year. None means "any"."""

    agency: str | None = None
    theme: Theme | None = None
    themes: frozenset[str] | None = None
    types: frozenset[str] | None = None
    statuses: tuple[str, ...] = STATUSES
    year: int | None = None

    @property
    def theme_id(self) -> str | None:
        return self.theme.id if self.theme else None

    @property
    def is_everything(self) -> bool:
        """No filter given: every activity is selected."""
        return (self.agency is None and self.themes is None and self.types is None and self.year is None
                and set(self.statuses) == set(STATUSES))

    def matches(self, *, status: str, year: int | None, themes: Iterable[str], type: str) -> bool:
        """An activity with these facts passes the theme, type, status and year filters (theme IRIs, type local name)."""
        return (status in self.statuses and (self.year is None or year == self.year)
                and (self.themes is None or not self.themes.isdisjoint(themes))
                and (self.types is None or type in self.types))

    def involves(self, participants: Iterable[str]) -> bool:
        """The agency filter: the organisation (by IRI) is among the participants."""
        return self.agency is None or self.agency in participants


@dataclass(frozen=True, eq=False)
class Vocabulary:
    """The names the graph holds, to check and expand filters against."""

    themes: Mapping[str, Theme]  # by IRI
    type_parents: Mapping[str, frozenset[str]]  # activity type → itself and every type above it (local names)
    organisations: Mapping[str, bool]  # organisation IRI → is one of the agencies
    years: tuple[int, ...]
    _theme_keys: dict[str, Theme] = field(init=False, repr=False, compare=False)
    _type_keys: dict[str, str] = field(init=False, repr=False, compare=False)
    _org_keys: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        themes = {key: t for t in self.themes.values() for key in (t.id, t.iri)}
        types = {key: t for t in self.type_parents for key in (t.lower(), f"jha:{t}".lower(), f"{ONTOLOGY}{t}".lower())}
        orgs: dict[str, str] = {}
        for iri in sorted(self.organisations, key=lambda i: (not self.organisations[i], i)):  # agencies win a shared id
            orgs.setdefault(iri, iri)
            orgs.setdefault(short_id(iri), iri)
        object.__setattr__(self, "_theme_keys", themes)
        object.__setattr__(self, "_type_keys", types)
        object.__setattr__(self, "_org_keys", orgs)

    @property
    def agencies(self) -> list[str]:
        """The agencies' IRIs, sorted."""
        return sorted(iri for iri, agency in self.organisations.items() if agency)

    # -- single names -------------------------------------------------------------------------

    def theme(self, key: str) -> Theme:
        """A theme by id (`migration`) or IRI."""
        found = self._theme_keys.get(key.strip())
        if found is None:
            raise UnknownName("theme", key, sorted(t.id for t in self.themes.values()))
        return found

    def narrower(self, key: str) -> frozenset[str]:
        """The theme's IRI and the IRIs of every theme below it (skos:broader, transitively)."""
        top = self.theme(key).iri
        found, frontier = {top}, [top]
        while frontier:
            current = frontier.pop()
            for theme in self.themes.values():
                if theme.broader == current and theme.iri not in found:
                    found.add(theme.iri)
                    frontier.append(theme.iri)
        return frozenset(found)

    def type(self, key: str) -> str:
        """An activity type's local name from `Training`, `training`, `jha:Training` or its IRI."""
        found = self._type_keys.get(key.strip().lower())
        if found is None:
            raise UnknownName("type", key, sorted(self.type_parents))
        return found

    def subtypes(self, key: str) -> frozenset[str]:
        """The activity type (local name) and every type below it."""
        name = self.type(key)
        return frozenset(t for t, parents in self.type_parents.items() if name in parents)

    def organisation(self, key: str) -> str:
        """An organisation's IRI from an agency id (`frontex`), an organisation id or an IRI."""
        found = self._org_keys.get(key.strip())
        if found is None:
            raise UnknownName("agency", key, [short_id(a) for a in self.agencies],
                              hint=" (or the id or IRI of another organisation, as in /api/collaborations?scope=all)")
        return found

    def statuses(self, value: str | Iterable[str] | None, default: Iterable[str] = STATUSES) -> tuple[str, ...]:
        """See `parse_statuses`: statuses are the ontology's, the same in every graph."""
        return parse_statuses(value, default)

    def year(self, value: int | str | None) -> int | None:
        """A report year the graph holds, or None for any."""
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        try:
            year = int(value)
        except ValueError:
            year = None
        if year is None or year not in self.years:
            raise UnknownName("year", value, self.years)
        return year

    # -- all filters at once ------------------------------------------------------------------

    def select(self, filters: Filters, *, default_statuses: Iterable[str] = STATUSES) -> Selection:
        """Check every filter against the graph and expand theme and type: the `Selection` to filter with."""
        theme = self.theme(filters.theme) if filters.theme else None
        return Selection(
            agency=self.organisation(filters.agency) if filters.agency else None,
            theme=theme,
            themes=self.narrower(theme.iri) if theme else None,
            types=self.subtypes(filters.type) if filters.type else None,
            statuses=self.statuses(filters.status, default_statuses),
            year=self.year(filters.year),
        )


def load_vocabulary(store: Store) -> Vocabulary:
    """Themes (with broader), activity types (with supertypes), organisations and report years, from the store."""
    _v, rows = rows_as_python(store.query(get_query("themes").text))
    themes = {
        r["theme"] or "": Theme(iri=r["theme"] or "", id=short_id(r["theme"] or ""), label=r["label"] or "",
                                broader=r["broader"], cross_cutting=r["crossCutting"] == "true")
        for r in rows
    }
    _v, rows = rows_as_python(store.query(get_query("activity_types").text))
    parents: dict[str, set[str]] = {}
    for r in rows:
        parents.setdefault((r["type"] or "").removeprefix(ONTOLOGY), set()).add((r["super"] or "").removeprefix(ONTOLOGY))
    _v, rows = rows_as_python(store.query(get_query("organisations").text))
    organisations = {r["org"] or "": r["isAgency"] == "true" for r in rows}
    _v, rows = rows_as_python(store.query(get_query("reports").text))
    years = tuple(sorted({int(r["year"]) for r in rows if r["year"]}))
    return Vocabulary(themes, {t: frozenset(p) for t, p in parents.items()}, organisations, years)
