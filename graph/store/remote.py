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

Other graphs on the endpoint (outside the namespace of the graphs being replaced) are left alone.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit, urlunsplit

import httpx
import pyoxigraph as ox

from graph.store.base import Progress, QueryResult, StoreError, StoreUnavailable

__all__ = ["RemoteOptions", "RemoteStore", "endpoint_urls"]

STAGING = "urn:jhakg:staging:"
MANIFEST = f"{STAGING}manifest"
LOADED = "urn:jhakg:loadedBatch"
GRAPHS_TTL = 30.0
_UNAVAILABLE_STATUS = {502, 503, 504}
_ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.5"
_RESULT_TYPES: dict[str, ox.QueryResultsFormat] = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
_GRAPH_TYPES: dict[str, ox.RdfFormat] = {
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}


@dataclass(frozen=True)
class RemoteOptions:
    """How to reach and load a remote endpoint; built from the settings by the CLI or the app."""

    update_url: str | None = None
    graph_store_url: str | None = None  # "none": load with INSERT DATA
    user: str | None = None
    password: str | None = None
    auth: Literal["basic", "digest"] = "basic"
    timeout: float = 30.0
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

    def __init__(self, location: str, options: RemoteOptions | None = None, timeout: float | None = None) -> None:
        self.options = options or RemoteOptions()
        self.location = location
        self.query_url, self.update_url, self.graph_store_url = endpoint_urls(location, self.options)
        auth: httpx.Auth | None = None
        if self.options.user:
            user, password = self.options.user, self.options.password or ""
            auth = httpx.DigestAuth(user, password) if self.options.auth == "digest" else httpx.BasicAuth(user, password)
        wait = timeout if timeout is not None else self.options.timeout
        self._client = httpx.Client(auth=auth, timeout=httpx.Timeout(wait, connect=5.0), follow_redirects=True)
        self._wait = wait  # also the most a query's whole answer may take
        self._graphs: list[str] | None = None
        self._graphs_read = 0.0

    # -- HTTP ---------------------------------------------------------------------------------

    def _send(self, method: str, url: str, *, total: float | None = None, **kwargs: object) -> httpx.Response:
        """One request; a stale pooled connection gets one retry, then the endpoint is 'unavailable'.

        `total` bounds the whole exchange (httpx's timeout bounds each read, so an endpoint that trickles
        its answer a byte at a time would otherwise hold the request for as long as it likes).
        """
        for attempt in (1, 2):
            try:
                response = self._request(method, url, total, **kwargs) if total else \
                    self._client.request(method, url, **kwargs)  # type: ignore[arg-type]
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

    def _request(self, method: str, url: str, total: float, **kwargs: object) -> httpx.Response:
        """A request whose answer must be complete within `total` seconds (raises httpx.ReadTimeout otherwise)."""
        deadline = time.monotonic() + total
        with self._client.stream(method, url, **kwargs) as streamed:  # type: ignore[arg-type]
            chunks = []
            for chunk in streamed.iter_raw():
                chunks.append(chunk)
                if time.monotonic() > deadline:
                    raise httpx.ReadTimeout(f"the answer took longer than {total:g} s", request=streamed.request)
            return httpx.Response(streamed.status_code, headers=streamed.headers, content=b"".join(chunks),
                                  request=streamed.request)

    def _dataset_params(self, default_graph: Sequence[str] | None, named_graphs: Sequence[str] | None) -> list[tuple[str, str]]:
        params: list[tuple[str, str]] = []
        if default_graph is None and self.options.union == "graphs":
            default_graph = self.named_graphs() or [MANIFEST]  # no graphs yet: an empty default graph
        params += [("default-graph-uri", g) for g in default_graph or ()]
        params += [("named-graph-uri", g) for g in named_graphs or ()]
        return params

    # -- the Store protocol ---------------------------------------------------------------------

    def query(
        self,
        sparql: str,
        *,
        default_graph: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        substitutions: Mapping[str, ox.NamedNode | ox.Literal | ox.BlankNode] | None = None,
    ) -> QueryResult:
        if substitutions:
            sparql = bind_values(sparql, substitutions)
        params = self._dataset_params(default_graph, named_graphs)
        response = self._send("POST", self.query_url, params=params, content=sparql.encode("utf-8"), total=self._wait,
                              headers={"content-type": "application/sparql-query", "accept": _ACCEPT})
        return _parse_response(response)

    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        if base_iri:
            sparql = f"BASE <{base_iri}>\n{sparql}"
        self._send("POST", self.update_url, content=sparql.encode("utf-8"),
                   headers={"content-type": "application/sparql-update"})
        self._graphs = None

    # The Graph Store protocol: the endpoint's own when it has one, else the same in SPARQL.

    def _graph_exists(self, graph: str | None) -> bool:
        if graph is None:
            return True
        response = self._send("POST", self.query_url, content=f"ASK {{ GRAPH <{graph}> {{ }} }}".encode(),
                              headers={"content-type": "application/sparql-query", "accept": "application/sparql-results+json"})
        return bool(response.json().get("boolean"))

    def read_graph(self, graph: str | None, fmt: ox.RdfFormat) -> bytes | None:
        if not self._graph_exists(graph):
            return None
        where = "{ ?s ?p ?o }" if graph is None else f"{{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
        params = [] if graph is not None else [("default-graph-uri", g) for g in self._default_graphs()]
        response = self._send("POST", self.query_url, params=params,
                              content=f"CONSTRUCT {{ ?s ?p ?o }} WHERE {where}".encode(),
                              headers={"content-type": "application/sparql-query", "accept": "application/n-triples"})
        triples = ox.parse(response.content, format=ox.RdfFormat.N_TRIPLES)
        return ox.serialize(triples, format=fmt) or b""

    def _default_graphs(self) -> list[str]:
        """The graphs that make up the default graph as this store shows it (empty: the endpoint's own)."""
        return (self.named_graphs() or [MANIFEST]) if self.options.union == "graphs" else []

    def write_graph(self, graph: str | None, data: bytes, fmt: ox.RdfFormat, *, replace: bool) -> bool:
        triples = list(ox.parse(data, format=fmt, base_iri=graph))  # parse everything before touching the endpoint
        created = not self._graph_exists(graph)
        body = "".join(f"{t.subject} {t.predicate} {t.object} .\n" for t in triples)
        target = "DEFAULT" if graph is None else f"GRAPH <{graph}>"
        insert = f"INSERT DATA {{ {body} }}" if graph is None else f"INSERT DATA {{ GRAPH <{graph}> {{ {body} }} }}"
        operations = ([f"CLEAR SILENT {target}"] if replace else []) + ([insert] if triples else [])
        if graph is not None and not triples and created:
            operations.append(f"CREATE SILENT GRAPH <{graph}>")
        if operations:
            self.update(" ;\n".join(operations))  # one request: one transaction on the endpoint
        return created

    def drop_graph(self, graph: str | None) -> bool:
        if not self._graph_exists(graph):
            return False
        self.update("CLEAR DEFAULT" if graph is None else f"DROP GRAPH <{graph}>")
        return True

    def triple_count(self) -> int:
        result = self._raw_select(
            f'SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER (!STRSTARTS(STR(?g), "{STAGING}")) }}'
        )
        return int(result[0]["n"])

    def named_graphs(self) -> list[str]:
        # cached for GRAPHS_TTL seconds: every query names them, and a build elsewhere may add one
        if self._graphs is None or time.monotonic() - self._graphs_read > GRAPHS_TTL:
            rows = self._raw_select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
            self._graphs = sorted(r["g"] for r in rows if not r["g"].startswith(STAGING))
            self._graphs_read = time.monotonic()
        return list(self._graphs)

    def dump(self, fmt: ox.RdfFormat) -> bytes:
        local = ox.Store()
        for graph in self.named_graphs():
            data = self._construct_graph(graph)
            if data:
                local.bulk_load(data, ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(graph))
        if fmt in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG):
            return local.dump(format=fmt) or b""
        triples = local.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True)
        return ox.serialize(triples, format=fmt) or b""

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

    def close(self) -> None:
        self._client.close()

    # -- helpers --------------------------------------------------------------------------------

    def _raw_select(self, sparql: str) -> list[dict[str, str]]:
        response = self._send("POST", self.query_url, content=sparql.encode("utf-8"), total=self._wait,
                              headers={"content-type": "application/sparql-query", "accept": "application/sparql-results+json"})
        rows = response.json()["results"]["bindings"]
        return [{k: v["value"] for k, v in row.items()} for row in rows]

    def _construct_graph(self, graph: str) -> bytes:
        response = self._send("POST", self.query_url, content=f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}",
                              headers={"content-type": "application/sparql-query", "accept": "application/n-triples"})
        return response.content

    def _loaded_batches(self) -> set[tuple[str, int]]:
        rows = self._raw_select(f"SELECT ?stage ?i WHERE {{ GRAPH <{MANIFEST}> {{ ?stage <{LOADED}> ?i }} }}")
        return {(r["stage"], int(r["i"])) for r in rows}

    def _append(self, graph: str, batch: bytes) -> None:
        if self.graph_store_url:
            try:
                self._send("POST", self.graph_store_url, params={"graph": graph}, content=batch,
                           headers={"content-type": "application/n-triples"})
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
        namespaces = {graph.rsplit("/", 1)[0] + "/" for graph in targets}
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


def _batches(data: bytes, size: int) -> Iterator[bytes]:
    """N-Triples split on line boundaries, `size` lines per batch."""
    lines = data.splitlines(keepends=True)
    for start in range(0, len(lines), size):
        yield b"".join(lines[start:start + size])


def _media(response: httpx.Response) -> str:
    return response.headers.get("content-type", "").split(";")[0].strip().lower()


def _parse_response(response: httpx.Response) -> QueryResult:
    media = _media(response)
    if media in _RESULT_TYPES:
        return ox.parse_query_results(response.content, format=_RESULT_TYPES[media])
    if media in _GRAPH_TYPES:
        local = ox.Store()
        if response.content:
            local.bulk_load(response.content, _GRAPH_TYPES[media], to_graph=ox.DefaultGraph())
        return local.query("CONSTRUCT WHERE { ?s ?p ?o }")
    raise StoreError(f"the SPARQL endpoint answered with an unexpected media type {media!r}")


def bind_values(sparql: str, substitutions: Mapping[str, ox.NamedNode | ox.Literal | ox.BlankNode]) -> str:
    """Pre-bind variables with a VALUES block at the start of the WHERE group.

    The remote twin of pyoxigraph's `substitutions`: values go in as escaped RDF terms (never
    pasted text), inside the outermost group, so grouping and filters see them bound.
    """
    where = _where_brace(sparql)
    names = " ".join(f"?{name}" for name in substitutions)
    terms = " ".join(str(term) for term in substitutions.values())
    return f"{sparql[:where + 1]} VALUES ({names}) {{ ({terms}) }} {sparql[where + 1:]}"


def _where_brace(sparql: str) -> int:
    """Index of the '{' that opens the query's WHERE group (skipping IRIs, strings, comments)."""
    i, n, first = 0, len(sparql), -1
    while i < n:
        c = sparql[i]
        if c == "#":
            i = sparql.find("\n", i)
            i = n if i < 0 else i
        elif c == "<" and (end := sparql.find(">", i)) > 0 and " " not in sparql[i:end] and "\n" not in sparql[i:end]:
            i = end
        elif c in "\"'":
            i += 1
            while i < n and sparql[i] != c:
                i += 2 if sparql[i] == "\\" else 1
        elif c == "{":
            if first < 0:
                first = i
            if sparql[max(0, i - 16):i].rstrip().upper().endswith("WHERE"):
                return i
        i += 1
    if first < 0:
        raise ValueError("the query has no WHERE group to bind parameters in")
    return first
