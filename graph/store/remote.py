"""A remote SPARQL 1.1 endpoint (Oxigraph server, Fuseki, Virtuoso, GraphDB, Neptune) as a `Store`.

The endpoint's answers are parsed into pyoxigraph's own result objects, so serialisation,
analytics and the API above do not know the data lives elsewhere. Network failures (refused,
reset, timed out, 502/503/504) raise `StoreUnavailable`, which the API maps to 503; the next
request simply tries again, so the service recovers when the endpoint returns.

Loading (`replace`) is resumable and switches atomically where the endpoint runs an update
request in one transaction (Oxigraph, Fuseki):

1. each source graph is staged in its own graph `urn:jhakg:staging:<sha256 of graph+data>`, in
   batches of `store_batch_triples` lines (Graph Store protocol POST, or INSERT DATA);
2. after each batch a marker triple is written to `urn:jhakg:staging:manifest`; a re-run of the
   same build skips the batches already marked (N-Triples without blank nodes is idempotent, so
   a batch loaded twice after a crash between the two requests is harmless);
3. one final update request MOVEs every staging graph onto its target, drops the graphs of an
   earlier build that are no longer produced and clears the markers.

Other graphs on the endpoint (outside the namespace of the graphs being replaced: the IRI up to
its last '/', '#' or ':') are left alone.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import urlsplit, urlunsplit

import httpx
import pyoxigraph as ox

from graph.store.base import Progress, QueryResult, Store, StoreError, StoreUnavailable, Term
from graph.store.formats import as_triples, format_of_media
from graph.store.sparql_text import has_from, where_brace

__all__ = ["RemoteOptions", "RemoteStore", "bind_values", "endpoint_urls"]

STAGING = "urn:jhakg:staging:"
MANIFEST = f"{STAGING}manifest"
LOADED = "urn:jhakg:loadedBatch"
EMPTY = "urn:jhakg:empty"  # never written: names an empty default graph, which the SPARQL Protocol cannot
GRAPHS_TTL = 30.0
VERSION_TTL = 10.0  # seconds a version token holds: writes by other clients of the endpoint show within it
_UNAVAILABLE_STATUS = {502, 503, 504}
_ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.5"
_QUERY = "application/sparql-query"
_NTRIPLES = "application/n-triples"


@dataclass(frozen=True)
class RemoteOptions:
    """How to reach and load a remote endpoint; built from the settings by the CLI or the app."""

    update_url: str | None = None
    graph_store_url: str | None = None  # "none": load with INSERT DATA
    user: str | None = None
    password: str | None = None
    auth: Literal["basic", "digest"] = "basic"
    timeout: float = 30.0
    # "graphs": the union default graph is every named graph, named in each request (portable; the
    # endpoint's own default graph is then not part of it). "native": the endpoint's default graph
    # already is the union (Virtuoso, Fuseki unionDefaultGraph, `oxigraph serve --union-default-graph`).
    union: Literal["graphs", "native"] = "graphs"
    batch_triples: int = 50_000


def endpoint_urls(location: str, options: RemoteOptions) -> tuple[str, str, str | None]:
    """(query, update, Graph Store) URLs from `sparql+http(s)://…` and the settings.

    A query URL ending in `/query` (Oxigraph server, Fuseki) gives `…/update` and, for Oxigraph,
    `…/store`; any other URL (Virtuoso's `/sparql`) takes updates on the same URL and loads with
    INSERT DATA unless `JHAKG_STORE_GRAPH_STORE_URL` is set.
    """
    query = location.removeprefix("sparql+")
    parts = urlsplit(query)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise StoreError(f"not a remote store URL: {location!r}; use sparql+http://host:port/path-of-the-query-endpoint")
    update, store = query, None
    if parts.path.endswith("/query"):
        stem = parts.path.removesuffix("/query")
        update = urlunsplit(parts._replace(path=f"{stem}/update"))
        store = urlunsplit(parts._replace(path=f"{stem}/store", query=""))
    if options.graph_store_url:
        store = None if options.graph_store_url.lower() == "none" else options.graph_store_url
    return query, options.update_url or update, store


class RemoteStore:
    """A SPARQL 1.1 Protocol endpoint behind the `Store` interface."""

    def __init__(self, location: str, options: RemoteOptions | None = None) -> None:
        self.options = options or RemoteOptions()
        self.location = location
        self.query_url, self.update_url, self.graph_store_url = endpoint_urls(location, self.options)
        auth: httpx.Auth | None = None
        if self.options.user:
            user, password = self.options.user, self.options.password or ""
            auth = httpx.DigestAuth(user, password) if self.options.auth == "digest" else httpx.BasicAuth(user, password)
        self._client = httpx.Client(auth=auth, timeout=httpx.Timeout(self.options.timeout, connect=5.0), follow_redirects=True)
        self._wait = self.options.timeout  # also the most a query's whole answer may take
        self._graphs: list[str] | None = None
        self._graphs_read = 0.0
        self._changes = 0  # writes through this object
        self._epoch, self._window = 0, time.monotonic()  # version windows of VERSION_TTL seconds
        self.version_ttl = VERSION_TTL

    # -- HTTP ---------------------------------------------------------------------------------

    def _send(self, method: str, url: str, *, params: Sequence[tuple[str, str]] = (), content: bytes | None = None,
              headers: Mapping[str, str] | None = None, total: float | None = None) -> httpx.Response:
        """One request; a stale pooled connection gets one retry, then the endpoint is 'unavailable'.

        `total` bounds the whole exchange (httpx's timeout bounds each read, so an endpoint that trickles
        its answer a byte at a time would otherwise hold the request for as long as it likes).
        """
        for attempt in (1, 2):
            try:
                if total:
                    response = self._request(method, url, total, params=list(params), content=content, headers=headers)
                else:
                    response = self._client.request(method, url, params=list(params), content=content, headers=headers)
            except httpx.TimeoutException as exc:
                raise StoreUnavailable(
                    f"the SPARQL endpoint {url} did not answer in time ({exc.__class__.__name__}); try again or raise JHAKG_QUERY_TIMEOUT"
                ) from exc
            except httpx.TransportError as exc:
                if attempt == 1 and not isinstance(exc, httpx.ConnectError):
                    continue  # the endpoint may have restarted: the pooled connection is dead
                raise StoreUnavailable(f"the SPARQL endpoint {url} cannot be reached ({exc}); is it running?") from exc
            break
        if response.status_code in _UNAVAILABLE_STATUS:
            raise StoreUnavailable(f"the SPARQL endpoint {url} answered {response.status_code}; try again later")
        if response.status_code in (401, 403):
            raise StoreError(
                f"the SPARQL endpoint {url} refused access ({response.status_code}); set JHAKG_STORE_USER and JHAKG_STORE_PASSWORD"
            )
        if response.status_code == 400:  # the endpoint's parser speaks; never parse by running locally (SERVICE would call out)
            raise SyntaxError(response.text.strip()[:500] or "the endpoint rejected the request as malformed")
        if response.status_code >= 300:
            raise StoreError(f"the SPARQL endpoint {url} answered {response.status_code}: {response.text.strip()[:300]}")
        return response

    def _dataset(self, sparql: str, default_graph: Sequence[str] | None,
                 named_graphs: Sequence[str] | None) -> list[tuple[str, str]]:
        """The protocol's dataset parameters that give the query the dataset the Store protocol promises."""
        if default_graph is None and named_graphs is None:
            if self.options.union == "native" or has_from(sparql):
                return []  # the endpoint's own union default graph, or the query's own FROM
            default_graph = named_graphs = self.named_graphs()
        elif default_graph is None:
            default_graph = []  # a dataset given in part is the whole dataset
        elif named_graphs is None:
            named_graphs = self.named_graphs()  # GRAPH still sees every named graph, as on the embedded store
        params = [("default-graph-uri", g) for g in default_graph or [EMPTY]]
        return params + [("named-graph-uri", g) for g in named_graphs or ()]

    def _request(self, method: str, url: str, total: float, *, params: list[tuple[str, str]], content: bytes | None,
                 headers: Mapping[str, str] | None) -> httpx.Response:
        """A request whose answer must be complete within `total` seconds (raises httpx.ReadTimeout otherwise)."""
        deadline = time.monotonic() + total
        with self._client.stream(method, url, params=tuple(params), content=content, headers=headers) as streamed:
            chunks = []
            for chunk in streamed.iter_raw():
                chunks.append(chunk)
                if time.monotonic() > deadline:
                    raise httpx.ReadTimeout(f"the answer took longer than {total:g} s", request=streamed.request)
            return httpx.Response(streamed.status_code, headers=streamed.headers, content=b"".join(chunks),
                                  request=streamed.request)

    # -- the Store protocol ---------------------------------------------------------------------

    def query(
        self,
        sparql: str,
        *,
        default_graph: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        substitutions: Mapping[str, Term] | None = None,
        base_iri: str | None = None,
    ) -> QueryResult:
        params = self._dataset(sparql, default_graph, named_graphs)
        if substitutions:
            sparql = bind_values(sparql, substitutions)
        response = self._send("POST", self.query_url, params=params, content=_with_base(sparql, base_iri), total=self._wait,
                              headers={"content-type": _QUERY, "accept": _ACCEPT})
        return _parse_response(response)

    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        try:
            self._send("POST", self.update_url, content=_with_base(sparql, base_iri),
                       headers={"content-type": "application/sparql-update"})
        finally:
            self._graphs = None  # even a failed request may have changed the graphs (a timeout, say)
            self._changes += 1

    # The Graph Store protocol, in SPARQL: one update request is one transaction on the endpoint.

    def _graph_exists(self, graph: str | None) -> bool:
        if graph is None:
            return True
        return bool(self._raw_ask(f"ASK {{ GRAPH {_iri(graph)} {{ }} }}"))

    def read_graph(self, graph: str | None, fmt: ox.RdfFormat) -> bytes | None:
        if graph is None:
            data = self._default_graph()
        elif self._graph_exists(graph):
            data = self._construct(f"{{ GRAPH {_iri(graph)} {{ ?s ?p ?o }} }}")
        else:
            return None
        return ox.serialize(ox.parse(data, format=ox.RdfFormat.N_TRIPLES), format=fmt) or b""

    def _default_graph(self) -> bytes:
        """The endpoint's own default graph as N-Triples (never the union this store queries by default).

        The Graph Store protocol's `?default` names it on any endpoint; without that protocol a
        query with no dataset parameters sees it, unless the endpoint merges its graphs into it.
        """
        if self.graph_store_url:
            return self._send("GET", self.graph_store_url, params=[("default", "")], headers={"accept": _NTRIPLES}).content
        if self.options.union == "native":
            raise StoreError("this endpoint's default graph is the union of its graphs (JHAKG_STORE_UNION=native), so its own "
                             "default graph can be read only through the Graph Store protocol; set JHAKG_STORE_GRAPH_STORE_URL")
        return self._construct("{ ?s ?p ?o }")

    def write_graph(self, graph: str | None, data: bytes, fmt: ox.RdfFormat, *, replace: bool) -> bool:
        triples = list(ox.parse(data, format=fmt, base_iri=graph))  # parse everything before touching the endpoint
        created = not self._graph_exists(graph)
        body = "".join(f"{t.subject} {t.predicate} {t.object} .\n" for t in triples)
        target = "DEFAULT" if graph is None else f"GRAPH {_iri(graph)}"
        insert = f"INSERT DATA {{ {body} }}" if graph is None else f"INSERT DATA {{ {target} {{ {body} }} }}"
        operations = ([f"CLEAR SILENT {target}"] if replace else []) + ([insert] if triples else [])
        if graph is not None and not triples and created:
            operations.append(f"CREATE SILENT {target}")
        if operations:
            self.update(" ;\n".join(operations))
        return created

    def drop_graph(self, graph: str | None) -> bool:
        if not self._graph_exists(graph):
            return False
        self.update("CLEAR DEFAULT" if graph is None else f"DROP GRAPH {_iri(graph)}")
        return True

    def triple_count(self) -> int:
        named = f'{{ GRAPH ?g {{ ?s ?p ?o }} FILTER (!STRSTARTS(STR(?g), "{STAGING}")) }}'
        # "native": the endpoint's default graph is the union, its own triples are not countable apart
        pattern = named if self.options.union == "native" else f"{named} UNION {{ ?s ?p ?o }}"
        result = self._raw_select(f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}")
        return int(result[0]["n"])

    def named_graphs(self) -> list[str]:
        # cached for GRAPHS_TTL seconds: every query names them, and a build elsewhere may add one
        if self._graphs is None or time.monotonic() - self._graphs_read > GRAPHS_TTL:
            rows = self._raw_select("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }")  # empty graphs too
            self._graphs = sorted(r["g"] for r in rows if not r["g"].startswith(STAGING))
            self._graphs_read = time.monotonic()
        return list(self._graphs)

    def version(self) -> str:
        """Writes through this object, and a window of `version_ttl` seconds: others may write to the endpoint too."""
        now = time.monotonic()
        if now - self._window > self.version_ttl:
            self._epoch, self._window = self._epoch + 1, now
        return f"{self._changes}@{self._epoch}"

    def dump(self, fmt: ox.RdfFormat) -> bytes:
        local = ox.Store()
        if self.graph_store_url or self.options.union == "graphs":
            default = self._default_graph()
            if default:
                local.bulk_load(default, ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph())
        for graph in self.named_graphs():
            data = self._construct(f"{{ GRAPH {_iri(graph)} {{ ?s ?p ?o }} }}")
            if data:
                local.bulk_load(data, ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(graph))
        if fmt in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG):
            return local.dump(format=fmt) or b""
        triples = local.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True)
        return ox.serialize(as_triples(triples), format=fmt) or b""

    def replace(self, sources: Iterable[tuple[str, bytes]], progress: Progress | None = None) -> None:
        """Stage every source (resumably), then switch all graphs in one update request."""
        done = self._loaded_batches()
        staged: list[tuple[str, str]] = []
        for graph, data in sources:
            size = self.options.batch_triples
            digest = hashlib.sha256(f"{graph}\n{size}\n".encode() + data).hexdigest()[:32]
            stage = f"{STAGING}{digest}"  # same graph, data and batch size → same stage: a re-run resumes
            for index, batch in enumerate(_batches(data, size)):
                if (stage, index) not in done:
                    self._append(stage, batch)
                    self.update(f"INSERT DATA {{ GRAPH <{MANIFEST}> {{ <{stage}> <{LOADED}> {index} }} }}")
                if progress:
                    progress(len(batch))
            staged.append((stage, graph))
        self._switch(staged)

    def release_caches(self) -> bool:
        return False  # the remote server keeps its own caches

    def close(self) -> None:
        self._client.close()

    # -- helpers --------------------------------------------------------------------------------

    def _raw_json(self, sparql: str) -> dict[str, Any]:
        """A query on the endpoint's own dataset (no union, no parameters), answered as SPARQL JSON."""
        response = self._send("POST", self.query_url, content=sparql.encode("utf-8"), total=self._wait,
                              headers={"content-type": _QUERY, "accept": "application/sparql-results+json"})
        document: dict[str, Any] = response.json()
        return document

    def _raw_select(self, sparql: str) -> list[dict[str, str]]:
        rows = self._raw_json(sparql)["results"]["bindings"]
        return [{k: v["value"] for k, v in row.items()} for row in rows]

    def _raw_ask(self, sparql: str) -> bool:
        return bool(self._raw_json(sparql).get("boolean"))

    def _construct(self, where: str) -> bytes:
        """`CONSTRUCT { ?s ?p ?o } WHERE <where>` on the endpoint's own dataset, as N-Triples."""
        response = self._send("POST", self.query_url, content=f"CONSTRUCT {{ ?s ?p ?o }} WHERE {where}".encode(),
                              headers={"content-type": _QUERY, "accept": _NTRIPLES})
        return response.content

    def _loaded_batches(self) -> set[tuple[str, int]]:
        rows = self._raw_select(f"SELECT ?stage ?i WHERE {{ GRAPH <{MANIFEST}> {{ ?stage <{LOADED}> ?i }} }}")
        return {(r["stage"], int(r["i"])) for r in rows}

    def _append(self, graph: str, batch: bytes) -> None:
        if self.graph_store_url:
            try:
                self._send("POST", self.graph_store_url, params=[("graph", graph)], content=batch,
                           headers={"content-type": _NTRIPLES})
            except StoreError as exc:
                if isinstance(exc, StoreUnavailable):
                    raise
                raise StoreError(f"{exc}. Set JHAKG_STORE_GRAPH_STORE_URL to the endpoint's Graph Store protocol URL "
                                 "(Fuseki: …/ds/data), or to 'none' to load with SPARQL INSERT DATA; then build again "
                                 "(batches already loaded are skipped)") from exc
        else:
            self.update(f"INSERT DATA {{ GRAPH <{graph}> {{\n{batch.decode('utf-8')}\n}} }}")

    def _switch(self, staged: list[tuple[str, str]]) -> None:
        targets = {graph for _stage, graph in staged}
        stages = {stage for stage, _graph in staged}
        namespaces = {ns for ns in map(_namespace, targets) if ns}
        existing = {r["g"] for r in self._raw_select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")}
        operations = []
        for stage, graph in staged:
            # a source without triples has no staging graph: its target must still end up empty
            operations.append(f"MOVE SILENT <{stage}> TO <{graph}>" if stage in existing else f"DROP SILENT GRAPH <{graph}>")
        for g in sorted(existing - targets - stages):
            if g.startswith(STAGING) or any(g.startswith(ns) for ns in namespaces):
                operations.append(f"DROP SILENT GRAPH <{g}>")  # an abandoned build, or a graph no longer produced
        operations.append(f"DROP SILENT GRAPH <{MANIFEST}>")
        self.update(" ;\n".join(operations))


def _namespace(graph: str) -> str | None:
    """The IRI up to its last '/', '#' or ':', whose other graphs a load replaces; None when that is a whole host or scheme.

    >>> _namespace("https://w3id.org/jha-kg/graph/reference"), _namespace("urn:jhakg:test:one"), _namespace("http://h/g")
    ('https://w3id.org/jha-kg/graph/', 'urn:jhakg:test:', None)
    """
    namespace = graph[:max(graph.rfind("/"), graph.rfind("#"), graph.rfind(":")) + 1]
    _scheme, _, rest = namespace.partition(":")
    if rest.startswith("//"):
        _host, _, path = rest[2:].partition("/")
        return namespace if path else None  # never every graph of a host
    return namespace if ":" in rest else None  # never every graph of a scheme (urn:)


def _batches(data: bytes, size: int) -> Iterator[bytes]:
    """N-Triples split on line boundaries, `size` lines per batch."""
    lines = data.splitlines(keepends=True)
    for start in range(0, len(lines), size):
        yield b"".join(lines[start:start + size])


def _iri(value: str) -> str:
    """An IRI as SPARQL text, checked (ValueError) so that no text can break out of the brackets."""
    return str(ox.NamedNode(value))


def _with_base(sparql: str, base_iri: str | None) -> bytes:
    """The request text with `BASE` first: the protocol has no base IRI parameter (a BASE in the text still wins)."""
    return (f"BASE {_iri(base_iri)}\n{sparql}" if base_iri else sparql).encode("utf-8")


def _parse_response(response: httpx.Response) -> QueryResult:
    media = response.headers.get("content-type", "")
    fmt = format_of_media(media)
    if fmt is None:
        raise StoreError(f"the SPARQL endpoint answered with an unexpected media type {media!r}")
    if isinstance(fmt.oxigraph, ox.QueryResultsFormat):
        return ox.parse_query_results(response.content, format=fmt.oxigraph)
    local = ox.Store()
    if response.content:
        local.bulk_load(response.content, fmt.oxigraph, to_graph=ox.DefaultGraph())
    return local.query("CONSTRUCT WHERE { ?s ?p ?o }")


def bind_values(sparql: str, substitutions: Mapping[str, Term]) -> str:
    """Pre-bind variables with a VALUES block at the start of the WHERE group.

    The remote twin of pyoxigraph's `substitutions`: values go in as escaped RDF terms (never
    pasted text), inside the outermost group, so grouping and filters see them bound.
    """
    where = where_brace(sparql)
    names = " ".join(f"?{name}" for name in substitutions)
    terms = " ".join(str(term) for term in substitutions.values())
    return f"{sparql[:where + 1]} VALUES ({names}) {{ ({terms}) }} {sparql[where + 1:]}"


_IMPLEMENTS_STORE: type[Store] = RemoteStore  # the type checker proves the protocol is implemented in full
