"""The store → networkx projection of collaboration, defined once (as queries/collaborations.rq states it).

Every analytic (centrality, communities, gaps, recommendations) and every view starts here, so
"who worked with whom" means the same thing in the CLI, the API and the explorer:

- `collaboration_rows` / `collaboration_graph`: the agency–agency (or all-organisation) graph,
  weight = number of distinct joint activities, filterable by status, theme, type and year;
- `participation_rows`, `activity_graph`, `theme_graph`: the bipartite organisation–activity and
  organisation–theme graphs (they include activities with a single participant);
- `load_network` gathers all of it plus the vocabularies (themes with their narrower themes,
  activity types with their subtypes, organisation names) in one `Network` object, so a theme
  filter "migration" also selects hotspots and people smuggling, and "Training" also webinars.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, NamedTuple, TypeVar, cast

import networkx as nx
import pyoxigraph as ox

from graph.filters import Filters, Selection, Theme, Vocabulary, parse_statuses, short_id
from graph.store.base import Store
from graph.store.formats import as_solutions
from jhakg.errors import BadInput, UnknownName
from ontology.roles import role_of_term
from ontology.statuses import HAPPENED, INTENDED, STATUSES
from queries import get_query

V = TypeVar("V")

__all__ = [
    "HAPPENED",
    "STATUSES",
    "Collaboration",
    "Network",
    "OrgName",
    "ParticipationRow",
    "Theme",
    "UnknownNameError",
    "activity_graph",
    "collaboration_graph",
    "collaboration_rows",
    "collaborations_of",
    "load_network",
    "parse_statuses",
    "participation_rows",
    "select",
    "short_id",
    "theme_graph",
]

JHA = "https://w3id.org/jha-kg/ontology#"
SCOPES = ("agencies", "all")

UnknownNameError = UnknownName  # the one error for a name the graph does not know (jhakg.errors)


class Collaboration(NamedTuple):  # a tuple: hundreds of thousands made and sorted at 1M triples
    """Two organisations (IRIs, a < b) sharing one activity; the fields are in sort order."""

    a: str
    b: str
    activity: str
    status: str  # done | ongoing | planned | proposed
    type: str  # local name of the activity class
    year: int
    themes: tuple[str, ...]  # theme IRIs
    a_is_agency: bool
    b_is_agency: bool


@dataclass(frozen=True, slots=True)  # slots: hundreds of thousands of rows at 1M triples
class ParticipationRow:
    """One organisation taking part in one activity: a row of queries/participations.rq (the loaders'
    `Participation` is the record it was written from)."""

    activity: str
    org: str
    status: str
    type: str
    year: int
    label: str
    roles: tuple[str, ...]  # lead | partner | supporter | attendee | recipient
    themes: tuple[str, ...]
    instruments: tuple[str, ...]  # instrument and IT-system IRIs the activity concerns
    is_agency: bool
    section: str = ""  # section path of the passage the activity is derived from


@dataclass(frozen=True, slots=True)  # slots: hundreds of thousands of rows at 1M triples
class OrgName:
    """How an organisation is named, and whether it is one of the nine agencies."""

    label: str | None
    acronym: str | None
    agency: bool


def select(store: Store, query: str, substitutions: Mapping[str, ox.NamedNode | ox.Literal] | None = None) -> ox.QuerySolutions:
    """The rows of a named SELECT query (`queries/{query}.rq`)."""
    return as_solutions(store.query(get_query(query).text, substitutions=substitutions))


def collaboration_rows(store: Store) -> list[Collaboration]:
    """Every (pair, activity) row: two participants a < b of one activity, read without a join.

    Only the core triples (`participation_core.rq`: participants, status, class, year, themes)
    are read; the pairs are formed here, per activity: no pairwise SPARQL self-join (166k pair
    rows at 1M triples took 13 s that way). Sorted by (a, b, activity, status, type, year).
    """
    with _bulk():
        return _pairs(_Facts.read(store, "participation_core"))


def _pairs(core: _Facts) -> list[Collaboration]:
    rows: list[Collaboration] = []
    for activity, orgs, statuses, types, years in core.activities():
        if len(orgs) < 2:
            continue
        members = sorted(orgs)
        agency = [org in core.agencies for org in members]
        themes = core.themes(activity)
        for status in statuses:
            for type_ in types:
                for year in years:
                    _add_pairs(rows, members, agency, activity, status, type_, year, themes)
    rows.sort()  # the fields are in key order, and (a, b, activity, status, type, year) is unique
    return rows


def collaborations_of(participations: Iterable[ParticipationRow]) -> list[Collaboration]:
    """The (pair, activity) rows of participation rows: every two participants a < b of one activity.

    One row per pair and (activity, status, type, year), as `queries/collaborations.rq` defines
    collaboration; organisations compare by their IRI strings, as `STR(?a) < STR(?b)` does.
    """
    groups: dict[tuple[str, str, str, int], list[ParticipationRow]] = {}
    for p in participations:
        groups.setdefault((p.activity, p.status, p.type, p.year), []).append(p)
    rows: list[Collaboration] = []
    for (activity, status, type_, year), members in groups.items():
        if len(members) < 2:
            continue
        members.sort(key=_by_org)
        _add_pairs(rows, [p.org for p in members], [p.is_agency for p in members], activity, status, type_, year,
                   members[0].themes)
    rows.sort()
    return rows


def _add_pairs(rows: list[Collaboration], members: list[str], agency: list[bool], activity: str, status: str, type_: str,
               year: int, themes: tuple[str, ...]) -> None:
    """Append every two of `members` (sorted IRIs, `agency` flags alongside) as the rows of one activity."""
    new, cls = tuple.__new__, Collaboration  # the NamedTuple's own __new__ is a Python frame per row (166k at 1M)
    for i, left in enumerate(members):
        for j in range(i + 1, len(members)):
            rows.append(new(cls, (left, members[j], activity, status, type_, year, themes, agency[i], agency[j])))


def _by_org(p: ParticipationRow) -> str:
    return p.org


@contextmanager
def _bulk() -> Iterator[None]:
    """No cyclic garbage collection while hundreds of thousands of rows are made: they hold no cycles, and at
    1M triples the collector would scan the growing lists again and again (a sixth of the projection's time)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# keys whose values participation_core.rq sends as one space-separated row per subject (GROUP_CONCAT), and the key
# they are kept under: at 1M triples that is 24k participant rows instead of 95k, and reading rows is most of the
# projection's cost. An empty place stands for a value that is not an IRI: participation_other.rq has those.
GROUPED = {"participants": "participant", "themes": "theme"}


class _Facts:
    """(subject, key, object) rows of a `participation_*.rq` query, grouped by key and subject: the joins
    the queries leave out happen here, in dicts."""

    def __init__(self) -> None:
        self.by_key: dict[str, dict[str, list[str]]] = {}
        self.agencies: set[str] = set()
        # one object per distinct value (IRIs, statuses, types, sections, role tuples): at 1M triples the rows
        # repeat them hundreds of thousands of times, and each read of a term makes a new string
        self._shared: dict[Any, Any] = {}

    @classmethod
    def read(cls, store: Store, *queries: str) -> _Facts:
        """Group the rows by key and subject. Values are kept in small lists without repeats (the union default
        graph repeats a triple held in two named graphs): a one-element list is a quarter of a set's memory."""
        facts = cls()
        if facts._read(store, queries):  # a grouped row left places for values that are not IRIs
            facts._read(store, ("participation_other",))
        return facts

    def _read(self, store: Store, queries: tuple[str, ...]) -> bool:
        """Add the rows of `queries`; True when a grouped row had an empty place (a value that is not an IRI)."""
        by_key, agencies = self.by_key, self.agencies
        intern: Callable[[str, str], str] = self._shared.setdefault  # the hot loop: no cast() call per row
        others = False
        for query in queries:
            for subject_term, key_term, obj_term in select(store, query):
                key = key_term.value
                subject = intern(subject_term.value, subject_term.value)
                if key == "agency":
                    agencies.add(subject)
                    continue
                grouped = key in GROUPED
                if grouped:
                    key = GROUPED[key]
                by_subject = by_key.get(key)
                if by_subject is None:
                    by_subject = by_key[key] = {}
                if grouped:  # IRIs joined by spaces (IRIs hold none), without repeats
                    values = obj_term.value.split(" ")
                    if "" in values:
                        others = True
                        values = [v for v in values if v]
                    by_subject[subject] = [intern(v, v) for v in values]
                    continue
                obj = obj_term.value
                obj = intern(obj, obj)
                kept = by_subject.get(subject)
                if kept is None:
                    by_subject[subject] = [obj]
                elif obj not in kept:
                    kept.append(obj)
        return others

    def get(self, key: str) -> dict[str, list[str]]:
        return self.by_key.get(key, {})

    def one(self, value: V) -> V:
        return cast(V, self._shared.setdefault(value, value))

    def activities(self) -> Iterator[tuple[str, list[str], list[str], list[str], list[int]]]:
        """(activity, participants, statuses, types, years) of every activity with a status, a class and a
        report year, as the inner join of participations.rq keeps them; values shared across rows."""
        empty: list[str] = []
        one = self.one
        status_of, type_of, derived = self.get("status"), self.get("type"), self.get("derived")
        part, year_of = self.get("part"), self.get("year")
        for activity, orgs in self.get("participant").items():
            statuses, types = status_of.get(activity, empty), type_of.get(activity, empty)
            years = {int(y) for passage in derived.get(activity, empty) for report in part.get(passage, empty)
                     for y in year_of.get(report, empty)}
            if statuses and types and years:
                yield (activity, orgs, [one(s.removeprefix(JHA).lower()) for s in statuses],
                       [one(t.removeprefix(JHA)) for t in types], sorted(years))

    def themes(self, activity: str) -> tuple[str, ...]:
        return self.one(tuple(sorted(self.get("theme").get(activity, ()))))


def participation_rows(store: Store) -> list[ParticipationRow]:
    """Every (organisation, activity) row, as `queries/participations.rq` defines them, read without a join.

    Two streaming SELECTs (`participation_core.rq`, `participation_details.rq`) whose branches are
    single triple patterns, so the store only scans its indexes; the joins (activity → passage →
    report → year, the class check, roles through qualified associations) and the grouping happen
    here, in dicts. Sorted by (activity, org, status, type, year).
    """
    with _bulk():
        return _participations(_Facts.read(store, "participation_core", "participation_details"))


def _participations(facts: _Facts) -> list[ParticipationRow]:
    empty: list[str] = []
    none: tuple[str, ...] = ()
    one = facts.one
    derived, section_of, label_of, instrument_of = facts.get("derived"), facts.get("section"), facts.get("label"), facts.get("instrument")
    association_of, agent_of, role_of = facts.get("association"), facts.get("agent"), facts.get("role")
    rows: list[ParticipationRow] = []
    new = ParticipationRow
    for activity, orgs, statuses, types, years in facts.activities():
        labels = label_of.get(activity)
        label = min(labels) if labels else short_id(activity)
        sections = [s for passage in derived.get(activity, empty) for s in section_of.get(passage, empty)]
        section = one(min(sections) if sections else "")
        themes = facts.themes(activity)
        instruments = one(tuple(sorted(instrument_of.get(activity, empty))))
        roles: dict[str, set[str]] = {}
        for association in association_of.get(activity, empty):
            for agent in agent_of.get(association, empty):
                roles.setdefault(agent, set()).update(str(role_of_term(r) or short_id(r)) for r in role_of.get(association, empty))
        for org in orgs:
            org_roles = one(tuple(sorted(roles[org]))) if org in roles else none
            is_agency = org in facts.agencies
            for status in statuses:
                for type_ in types:
                    for year in years:
                        rows.append(new(activity, org, status, type_, year, label, org_roles, themes, instruments, is_agency, section))
    rows.sort(key=_participation_key)
    return rows


def _participation_key(p: ParticipationRow) -> tuple[str, str, str, str, int]:
    return (p.activity, p.org, p.status, p.type, p.year)


def collaboration_graph(
    rows: Iterable[Collaboration],
    *,
    scope: str = "agencies",
    statuses: Iterable[str] = HAPPENED,
    themes: Iterable[str] | None = None,
    types: Iterable[str] | None = None,
    year: int | None = None,
) -> nx.Graph:
    """Undirected weighted graph: weight = number of distinct joint activities.

    `scope="agencies"` keeps agency–agency pairs only; `"all"` keeps every organisation.
    Edge attributes: `activities` lists the activity IRIs behind the weight, `themes` their themes,
    and `distance` = 1/weight (a pair that works together more is closer, for betweenness and
    closeness). `themes` and `types` match exactly; `Network.graph` expands them to narrower
    themes and subtypes first.
    """
    if scope not in SCOPES:
        raise UnknownName("scope", scope, SCOPES)
    wanted = _selection(statuses, themes, types, year)
    graph: nx.Graph[str] = nx.Graph()
    for row in rows:
        if not _keep(row, wanted):
            continue
        if scope == "agencies" and not (row.a_is_agency and row.b_is_agency):
            continue
        if graph.has_edge(row.a, row.b):
            data = graph.edges[row.a, row.b]
            if row.activity not in data["activities"]:
                data["activities"].append(row.activity)
                data["weight"] = len(data["activities"])
                data["distance"] = 1 / data["weight"]
            data["themes"].update(row.themes)
        else:
            graph.add_edge(row.a, row.b, weight=1, distance=1.0, activities=[row.activity], themes=set(row.themes))
        graph.nodes[row.a]["agency"] = row.a_is_agency
        graph.nodes[row.b]["agency"] = row.b_is_agency
    return graph


def _selection(statuses: Iterable[str], themes: Iterable[str] | None, types: Iterable[str] | None, year: int | None) -> Selection:
    return Selection(themes=frozenset(themes) if themes is not None else None, types=frozenset(types) if types is not None else None,
                     statuses=tuple(statuses), year=year)


def _keep(p: ParticipationRow | Collaboration, wanted: Selection) -> bool:
    """The one filter by status, year, theme and type (`Selection.matches`), for pair and participation rows alike."""
    return wanted.matches(status=p.status, year=p.year, themes=p.themes, type=p.type)


def activity_graph(
    rows: Iterable[ParticipationRow],
    *,
    scope: str = "agencies",
    statuses: Iterable[str] = HAPPENED,
    themes: Iterable[str] | None = None,
    types: Iterable[str] | None = None,
    year: int | None = None,
) -> nx.Graph:
    """Bipartite organisation–activity graph: node attribute `bipartite` is 0 (organisation) or 1 (activity).

    An edge carries the organisation's `roles` in the activity; activity nodes carry `label`,
    `status`, `type` and `themes`. `nx.bipartite.weighted_projected_graph` of the organisation side
    gives back the collaboration graph's weights.
    """
    if scope not in SCOPES:
        raise UnknownName("scope", scope, SCOPES)
    wanted = _selection(statuses, themes, types, year)
    graph: nx.Graph[str] = nx.Graph()
    for p in rows:
        if (scope == "agencies" and not p.is_agency) or not _keep(p, wanted):
            continue
        graph.add_node(p.org, bipartite=0, agency=p.is_agency)
        graph.add_node(p.activity, bipartite=1, label=p.label, status=p.status, type=p.type, themes=p.themes)
        graph.add_edge(p.org, p.activity, roles=p.roles)
    return graph


def theme_graph(
    rows: Iterable[ParticipationRow],
    *,
    scope: str = "agencies",
    statuses: Iterable[str] = HAPPENED,
    year: int | None = None,
) -> nx.Graph:
    """Bipartite organisation–theme graph: weight = number of activities of the organisation on the theme.

    Themes are counted as tagged (not rolled up to broader themes); edge attribute `activities`
    lists the activity IRIs.
    """
    if scope not in SCOPES:
        raise UnknownName("scope", scope, SCOPES)
    wanted = _selection(statuses, None, None, year)
    graph: nx.Graph[str] = nx.Graph()
    for p in rows:
        if (scope == "agencies" and not p.is_agency) or not _keep(p, wanted):
            continue
        graph.add_node(p.org, bipartite=0, agency=p.is_agency)
        for theme in p.themes:
            graph.add_node(theme, bipartite=1)
            if graph.has_edge(p.org, theme):
                data = graph.edges[p.org, theme]
                if p.activity not in data["activities"]:
                    data["activities"].append(p.activity)
                    data["weight"] = len(data["activities"])
            else:
                graph.add_edge(p.org, theme, weight=1, activities=[p.activity])
    return graph


@dataclass
class Network:
    """Everything the analytics need from the store, read once: rows, vocabularies and names."""

    collaborations: list[Collaboration]
    participations: list[ParticipationRow]
    themes: dict[str, Theme]  # by IRI
    type_parents: dict[str, set[str]]  # activity type → itself and every type above it (local names)
    names: dict[str, OrgName]  # by organisation IRI
    agencies: list[str] = field(default_factory=list)  # the agencies' IRIs, sorted

    # -- vocabularies -----------------------------------------------------------------------------

    @cached_property
    def vocabulary(self) -> Vocabulary:
        """The names this network holds, for checking and expanding filters (`graph.filters`)."""
        years = {r.year for r in self.collaborations} | {p.year for p in self.participations}
        return Vocabulary(self.themes, {t: frozenset(p) for t, p in self.type_parents.items()},
                          {iri: info.agency for iri, info in self.names.items()}, tuple(sorted(years)))

    def theme(self, key: str) -> Theme:
        """A theme by id ("migration") or IRI; `UnknownName` lists the known ids."""
        return self.vocabulary.theme(key)

    def narrower(self, key: str) -> set[str]:
        """The theme's IRI and the IRIs of every theme below it (skos:broader, transitively)."""
        return set(self.vocabulary.narrower(key))

    def top_themes(self) -> list[Theme]:
        """Themes with no broader theme (the report's clusters: migration, security, …)."""
        return sorted((t for t in self.themes.values() if t.broader is None), key=lambda t: t.id)

    def subtypes(self, key: str) -> set[str]:
        """The activity type (local name, e.g. "Training") and every type below it."""
        return set(self.vocabulary.subtypes(key))

    def where(self, *, types: Iterable[str] | None = None, year: int | None = None,
              statuses: Iterable[str] | None = None) -> Network:
        """The same network with only the activities of these types, this year and these statuses (None: any)."""
        if types is None and year is None and statuses is None:
            return self
        wanted = _selection(STATUSES if statuses is None else statuses, None, types, year)
        return Network([r for r in self.collaborations if _keep(r, wanted)], [p for p in self.participations if _keep(p, wanted)],
                       self.themes, self.type_parents, self.names, self.agencies)

    def select(self, filters: Filters, *, default_statuses: Iterable[str] = HAPPENED) -> tuple[Network, Selection]:
        """Check the filters against this network (`UnknownName` lists the known names) and keep only the
        activities of the selected type (and subtypes) and year. The analytic applies the rest of the
        selection: the theme (with narrower themes), the statuses it counts and the agency it reports on."""
        selection = self.vocabulary.select(filters, default_statuses=default_statuses)
        return self.where(types=selection.types, year=selection.year), selection

    def counting(self, statuses: Iterable[str] | str | None, what: str) -> Network:
        """For analytics that count done and ongoing work as cooperation and show planned work as what would
        close a gap (gaps, recommendations): count only some of done and ongoing."""
        counted = parse_statuses(statuses, HAPPENED)
        if not set(counted) <= set(HAPPENED):
            raise BadInput(f"{what} count only done and ongoing work as cooperation (planned and proposed work is shown "
                           f"as what would close a gap); status may be done, ongoing or happened, not {','.join(counted)}")
        return self if set(counted) == set(HAPPENED) else self.where(statuses=(*counted, *INTENDED))

    def label(self, iri: str) -> str:
        """Short display name: the acronym of an organisation, else its label, else the IRI's last segment."""
        if iri in self.names:
            info = self.names[iri]
            return info.acronym or info.label or short_id(iri)
        if iri in self.themes:
            return self.themes[iri].label
        return short_id(iri)

    # -- graphs -----------------------------------------------------------------------------------

    def graph(
        self,
        *,
        scope: str = "agencies",
        theme: str | None = None,
        statuses: Iterable[str] | str | None = None,
        type: str | None = None,  # the activity type, named as in the API
        year: int | None = None,
        include_agencies: bool = True,
    ) -> nx.Graph:
        """The collaboration graph with theme (and narrower themes) and type (and subtypes) expanded.

        With `include_agencies`, all nine agencies are nodes even when they have no edge under the
        filter, so every measure covers them.
        """
        graph = collaboration_graph(
            self.collaborations, scope=scope, statuses=parse_statuses(statuses, HAPPENED),
            themes=self.narrower(theme) if theme else None, types=self.subtypes(type) if type else None, year=year,
        )
        if include_agencies:
            for agency in self.agencies:
                if agency not in graph:
                    graph.add_node(agency, agency=True)
        return graph

    def activities_of(self, org: str, *, theme: str | None = None, statuses: Iterable[str] = HAPPENED) -> list[ParticipationRow]:
        """The organisation's activities (one row each), optionally on a theme and its narrower themes."""
        wanted = self.narrower(theme) if theme else None
        seen: dict[str, ParticipationRow] = {}
        for p in self.by_org.get(org, ()):
            if p.status in statuses and (wanted is None or wanted.intersection(p.themes)):
                seen.setdefault(p.activity, p)
        return sorted(seen.values(), key=lambda p: p.activity)

    @cached_property
    def by_org(self) -> dict[str, list[ParticipationRow]]:
        """ParticipationRow rows per organisation IRI."""
        index: dict[str, list[ParticipationRow]] = {}
        for p in self.participations:
            index.setdefault(p.org, []).append(p)
        return index

    @cached_property
    def activity_info(self) -> dict[str, ParticipationRow]:
        """One participation row per activity IRI, for labels and statuses."""
        info: dict[str, ParticipationRow] = {}
        for p in self.participations:
            info.setdefault(p.activity, p)
        return info


def load_network(store: Store) -> Network:
    """Read the collaboration and participation rows and the vocabularies from the store."""
    themes: dict[str, Theme] = {}
    for r in select(store, "themes"):
        iri = r["theme"].value
        themes[iri] = Theme(iri=iri, id=short_id(iri), label=r["label"].value,
                            broader=r["broader"].value if r["broader"] else None,
                            cross_cutting=bool(r["crossCutting"]) and r["crossCutting"].value == "true")
    type_parents: dict[str, set[str]] = {}
    for r in select(store, "activity_types"):
        type_parents.setdefault(r["type"].value.removeprefix(JHA), set()).add(r["super"].value.removeprefix(JHA))
    names: dict[str, OrgName] = {}
    for r in select(store, "organisations"):
        names[r["org"].value] = OrgName(label=r["label"].value if r["label"] else None,
                                        acronym=r["acronym"].value if r["acronym"] else None,
                                        agency=r["isAgency"].value == "true")
    agencies = sorted(iri for iri, info in names.items() if info.agency)
    participations = participation_rows(store)
    return Network(collaborations_of(participations), participations, themes, type_parents, names, agencies)
