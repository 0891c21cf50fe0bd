"""The projection read from the participation triples equals the grouped SPARQL definitions it replaced.

`participation_rows` streams one SELECT of single triple patterns and joins and groups in Python; `collaborations_of`
forms the pairs per activity in Python. The oracles are the grouped named queries
(`queries/participations.rq`, `queries/collaborations.rq`: the pairwise self-join), run here
only, read as they were read before. Checked on the real 2017 graph and on a small graph made
for the corner cases: an activity with one participant, three participants, two passages (two
rows for one year), the same triples in two named graphs, roles per participant.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.analytics.projection import (
    JHA,
    Collaboration,
    ParticipationRow,
    collaboration_rows,
    collaborations_of,
    load_network,
    participation_rows,
    select,
    short_id,
)
from graph.store.base import Store
from graph.store.embedded import EmbeddedStore
from ontology import ONTOLOGY_TTL
from ontology.roles import role_of_term
from tests.conftest import BASE


def _split(value: object) -> tuple[str, ...]:
    return tuple(sorted(str(value).split())) if value else ()


def oracle_collaborations(store: Store) -> list[Collaboration]:
    """The old reading: one row per (pair, activity) from the pairwise SPARQL self-join."""
    return [Collaboration(
        a=r["a"].value, b=r["b"].value, activity=r["activity"].value,
        status=r["status"].value.removeprefix(JHA).lower(), type=r["type"].value.removeprefix(JHA),
        year=int(r["year"].value), themes=_split(r["themes"].value if r["themes"] else None),
        a_is_agency=r["aIsAgency"].value == "true", b_is_agency=r["bIsAgency"].value == "true",
    ) for r in select(store, "collaborations")]


def oracle_participations(store: Store) -> list[ParticipationRow]:
    """The old reading: one row per (organisation, activity) from the grouped SPARQL query."""
    return [ParticipationRow(
        activity=r["activity"].value, org=r["org"].value,
        status=r["status"].value.removeprefix(JHA).lower(), type=r["type"].value.removeprefix(JHA),
        year=int(r["year"].value), label=r["label"].value if r["label"] else short_id(r["activity"].value),
        roles=tuple(sorted(str(role_of_term(s) or short_id(s)) for s in _split(r["roles"].value if r["roles"] else None))),
        themes=_split(r["themes"].value if r["themes"] else None),
        instruments=_split(r["instruments"].value if r["instruments"] else None),
        is_agency=r["isAgency"].value == "true", section=r["section"].value if r["section"] else "",
    ) for r in select(store, "participations")]


def _same_rows(ours: list, oracle: list) -> None:  # type: ignore[type-arg]
    assert len(ours) == len(oracle)
    assert sorted(ours, key=repr) == sorted(oracle, key=repr)


def test_real_graph_participations_equal_the_grouped_query(store: EmbeddedStore) -> None:
    ours = participation_rows(store)
    assert len(ours) > 500  # the 2017 report: hundreds of participations
    _same_rows(ours, oracle_participations(store))


def test_real_graph_collaborations_equal_the_self_join(store: EmbeddedStore) -> None:
    ours = collaboration_rows(store)
    assert len(ours) > 400  # the 2017 report: hundreds of (pair, activity) rows
    _same_rows(ours, oracle_collaborations(store))
    assert load_network(store).collaborations == ours  # the network holds the same rows, in the same order


SMALL = """
@prefix jha: <https://w3id.org/jha-kg/ontology#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix a: <https://w3id.org/jha-kg/agency/> .
@prefix o: <https://w3id.org/jha-kg/organisation/> .
@prefix act: <https://w3id.org/jha-kg/activity/> .
@prefix p: <https://w3id.org/jha-kg/passage/> .
@prefix t: <https://w3id.org/jha-kg/theme/> .
@prefix r: <https://w3id.org/jha-kg/report/> .

a:europol a jha:Agency . a:frontex a jha:Agency . a:easo a jha:Agency .
o:interpol a jha:Organisation .
r:y2017 jha:year 2017 . r:y2018 jha:year 2018 .
p:one dcterms:isPartOf r:y2017 ; jha:sectionPath "2. B" .
p:two dcterms:isPartOf r:y2017 ; jha:sectionPath "1. A" .
p:three dcterms:isPartOf r:y2018 ; jha:sectionPath "3. C" .

act:three a jha:Training ; jha:status jha:Done ; rdfs:label "three" ;
    jha:participant a:europol , a:frontex , o:interpol ;
    prov:wasDerivedFrom p:one , p:two ; dcterms:subject t:migration , t:security ;
    jha:concernsInstrument <http://data.europa.eu/eli/reg/2016/794/oj> ;
    prov:qualifiedAssociation [ prov:agent a:europol ; prov:hadRole jha:Lead ] ,
                              [ prov:agent a:frontex ; prov:hadRole jha:Partner ] ,
                              [ prov:agent a:europol ; prov:hadRole jha:Partner ] .
act:alone a jha:JointOperation ; jha:status jha:Planned ; jha:participant a:easo ; prov:wasDerivedFrom p:three .
act:twoyears a jha:JointOperation ; jha:status jha:Ongoing ; jha:participant a:easo , a:frontex ;
    prov:wasDerivedFrom p:one , p:three ; dcterms:subject t:migration .
act:untyped jha:status jha:Done ; jha:participant a:easo , a:europol ; prov:wasDerivedFrom p:one .
"""


def _store(folder: Path, turtle: str, copies: int) -> EmbeddedStore:
    """The ontology and `turtle`, the latter in `copies` named graphs."""
    store = EmbeddedStore(folder / "store", writable=True)
    data = ox.serialize(ox.parse(turtle.encode(), format=ox.RdfFormat.TURTLE), format=ox.RdfFormat.N_TRIPLES) or b""
    ontology = ox.serialize(ox.parse(path=str(ONTOLOGY_TTL)), format=ox.RdfFormat.N_TRIPLES) or b""
    store.replace([(BASE + "graph/reference", ontology), *((BASE + f"graph/{n}", data) for n in range(copies))])
    return store


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> EmbeddedStore:
    # the activities' triples in two named graphs: the union default graph sees each twice
    return _store(tmp_path_factory.mktemp("small"), SMALL, copies=2)


def test_small_graph_participations_equal_the_grouped_query(small: EmbeddedStore) -> None:
    ours = participation_rows(small)
    _same_rows(ours, oracle_participations(small))
    three = [p for p in ours if p.activity.endswith("/three")]
    assert [short_id(p.org) for p in three] == ["europol", "frontex", "interpol"]
    assert three[0].roles == ("lead", "partner") and three[1].roles == ("partner",) and three[2].roles == ()
    assert three[0].section == "1. A"  # the smallest section path of its passages
    assert {p.year for p in ours if p.activity.endswith("/twoyears")} == {2017, 2018}
    assert not [p for p in ours if p.activity.endswith("/untyped")]  # no class: not an activity of the model


def test_small_graph_collaborations_equal_the_self_join(small: EmbeddedStore) -> None:
    ours = collaboration_rows(small)
    _same_rows(ours, oracle_collaborations(small))
    assert len([c for c in ours if c.activity.endswith("/three")]) == 3  # three participants: three pairs
    assert len([c for c in ours if c.activity.endswith("/twoyears")]) == 2  # one pair, once per report year
    assert collaborations_of(participation_rows(small)) == ours


ODD = """
@prefix jha: <https://w3id.org/jha-kg/ontology#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix a: <https://w3id.org/jha-kg/agency/> .
@prefix act: <https://w3id.org/jha-kg/activity/> .
@prefix p: <https://w3id.org/jha-kg/passage/> .
@prefix t: <https://w3id.org/jha-kg/theme/> .
@prefix r: <https://w3id.org/jha-kg/report/> .

a:europol a jha:Agency . a:frontex a jha:Agency .
r:y2017 jha:year 2017 . p:one dcterms:isPartOf r:y2017 .
act:odd a jha:Training ; jha:status jha:Done ; prov:wasDerivedFrom p:one ;
    jha:participant a:europol , a:frontex , [ a jha:Organisation ] ;
    dcterms:subject t:security , "border management" .
act:plain a jha:Training ; jha:status jha:Done ; prov:wasDerivedFrom p:one ;
    jha:participant a:europol , a:frontex ; dcterms:subject t:security .
"""


def test_participants_and_themes_that_are_not_iris_are_kept(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The core query joins participants and themes into one row per activity, which only IRIs survive whole:
    a blank-node participant and a literal theme with a space in it are read one by one, not lost or split."""
    store = _store(tmp_path_factory.mktemp("odd"), ODD, copies=1)
    odd = [p for p in participation_rows(store) if p.activity.endswith("/odd")]
    assert len(odd) == 3  # europol, frontex and the blank node
    assert {p.themes for p in odd} == {("border management", BASE + "theme/security")}
    pairs = [c for c in collaboration_rows(store) if c.activity.endswith("/odd")]
    assert len(pairs) == 3 and all(c.themes == ("border management", BASE + "theme/security") for c in pairs)
    plain = [c for c in collaboration_rows(store) if c.activity.endswith("/plain")]
    assert [(short_id(c.a), short_id(c.b), c.themes) for c in plain] == [("europol", "frontex", (BASE + "theme/security",))]
