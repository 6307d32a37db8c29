"""Runs the stages in order, with progress, failure accounting and the store.

Stages today (each says what it needs and what it adds; later issues append theirs):

=========  ===================================  =============================================
stage      needs                                adds
=========  ===================================  =============================================
ingest     the inputs as typed by the user      RawDocument records (raw bytes, kind, hints)
extract    RawDocument                          Article: clean text, metadata, removed lines,
                                                passages
store      Article + RawDocument                rows in the SQLite store (idempotent)
copies     every stored Article                 typed, scored links (exact copy, near-duplicate,
                                                containment, shared passage, rewrite) with
                                                evidence; source families with their original
stories    stored Articles + families           stories of articles and live-blog passages,
                                                added to the stories of earlier runs
claims     stored Articles + families + stories  entities with aliases; per story, claim
                                                clusters (figures, quotes, statements, dated
                                                events) with their status and support in
                                                independent families
brief      everything above                     per story, the cited brief (headline, lead,
                                                facts, figures, single-source claims, quotes,
                                                timeline, sources), checked for faithfulness
=========  ===================================  =============================================

One bad input never stops a batch: it becomes a :class:`~newsfuse.records.Failure` (which
input, which stage, why), is recorded in the store and the report, and the run goes on. Each
article is committed on its own, so an interrupted run loses at most the article in flight and
the next run resumes by skipping what is already stored.

A brief that fails the faithfulness check (a sentence not traceable to the spans it cites) is
neither stored nor written; the run finishes everything else and then raises
:class:`~newsfuse.errors.UnfaithfulBriefError` naming each problem.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO
from urllib.parse import urlsplit

from newsfuse.config import DEFAULT_SETTINGS, Settings
from newsfuse.errors import NewsfuseError, StoreError, UnfaithfulBriefError
from newsfuse.extract import EXTRACTOR_VERSION, SiteProfile, extract_document
from newsfuse.ingest import decode_bytes, iter_documents
from newsfuse.records import Article, Brief, Failure, RawDocument, Story

if TYPE_CHECKING:
    from newsfuse.brief.faithful import Problem
    from newsfuse.claims import ClaimReport
    from newsfuse.dedup import CopyReport

STAGES = (
    ("ingest", ("inputs",), ("documents",)),
    ("extract", ("documents",), ("articles",)),
    ("store", ("articles", "documents"), ("stored",)),
    ("copies", ("stored",), ("links", "families")),
    ("stories", ("stored", "families"), ("stories",)),
    ("claims", ("stored", "families", "stories"), ("claims", "entities")),
    ("brief", ("stored", "families", "stories", "claims"), ("briefs",)),
)

CHUNK = 2000  # documents buffered at a time so site boilerplate can be learned across pages

Progress = Callable[[str, int], None]  # (source just processed, documents done so far)


@dataclass
class RunReport:
    """What a run did: counts, failures, and the articles it delivered (from the store)."""

    run_id: int | None
    inputs: list[str]
    status: str = "running"
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    failures: list[Failure] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)
    started: float = field(default_factory=time.time)
    finished: float | None = None
    store_path: str | None = None
    copies: CopyReport | None = None  # links and families over every article in the store
    stories: list[Story] = field(default_factory=list)  # every story in the store
    claims: ClaimReport | None = None  # claim clusters of every story, entities
    briefs: list[Brief] = field(default_factory=list)  # the briefs that passed the check
    problems: list[Problem] = field(default_factory=list)  # what the faithfulness check found

    @property
    def exit_code(self) -> int:
        """0: all inputs fine; 1: some failed; 3: nothing could be processed; 5: a brief
        failed the faithfulness check."""
        if self.problems:
            return 5
        if not self.failures:
            return 0 if self.articles or self.counts.get("documents") else 3
        return 1 if self.articles else 3

    def to_dict(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "status": self.status,
            "inputs": self.inputs,
            "store": self.store_path,
            "started": _iso(self.started),
            "finished": _iso(self.finished) if self.finished else None,
            "counts": dict(self.counts),
            "failures": [asdict(f) for f in self.failures],
            "articles": [_summary(a) for a in self.articles],
            **(_copies_dict(self.copies) if self.copies else {"links": [], "families": []}),
            "stories": [st.to_dict() for st in self.stories],
            "claims": _claims_dict(self.claims),
            "briefs": [_brief_summary(b) for b in self.briefs],
            "unfaithful": [str(p) for p in self.problems],
        }


def _brief_summary(b: Brief) -> dict[str, Any]:
    return {
        "story": b.story,
        "headline": b.headline.text,
        "families": b.families,
        "sentences": len(b.sentences()),
        "files": {k: f"stories/{b.story}.{k}" for k in ("md", "html", "json")},
    }


def _claims_dict(claims: ClaimReport | None) -> dict[str, Any]:
    if claims is None:
        return {"stories": [], "entities": []}
    d = claims.to_dict()
    return {"stories": d["stories"], "entities": d["entities"]}


def _copies_dict(copies: CopyReport) -> dict[str, Any]:
    d = copies.to_dict()
    return {"links": d["links"], "families": d["families"]}


def _iso(t: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


def _summary(a: Article) -> dict[str, Any]:
    return {
        "id": a.id,
        "source": a.source,
        "title": a.title,
        "outlet": a.outlet,
        "author": a.author,
        "published": a.published,
        "credit": a.credit,
        "language": a.language,
        "extractor": a.extractor,
        "words": len(a.text.split()),
        "removed": len(a.removed),
        "passages": len(a.passages),
    }


def site_key(doc: RawDocument) -> str:
    """Which site a page comes from, for learning boilerplate across its pages: the URL's
    host, else the outlet the container names, else the directory the file is in."""
    if doc.url:
        host = urlsplit(doc.url).hostname
        if host:
            return host.removeprefix("www.")
    if doc.meta.get("outlet"):
        return doc.meta["outlet"].casefold()
    path = doc.source.split("#", 1)[0]
    return os.path.dirname(path) or "."


class Pipeline:
    """Ingest -> extract (-> store). Parameters in the constructor, as in scikit-learn.

    ``progress`` is called after every document with its source and the running count.
    """

    def __init__(
        self,
        settings: Settings = DEFAULT_SETTINGS,
        *,
        progress: Progress | None = None,
    ) -> None:
        if not isinstance(settings, Settings):
            raise TypeError(
                f"the 'settings' parameter of Pipeline must be a Settings, got {type(settings).__name__}"
            )
        self.settings = settings
        self.progress = progress
        self._profiles: dict[str, SiteProfile] = {}
        self._fitted: set[str] = set()  # ids of the documents the profiles have learned from

    # -- extraction without a store ------------------------------------------------------

    def extract(
        self,
        inputs: Iterable[str],
        *,
        stdin: BinaryIO | None = None,
        skip: Callable[[RawDocument], bool] | None = None,
    ) -> Iterator[tuple[RawDocument | None, Article | Failure | None]]:
        """Yield ``(document, article)`` for every document, ``(document, None)`` for those
        ``skip`` says are done already, and ``(document-or-None, Failure)`` for bad inputs, in
        input order."""
        done = 0
        for chunk in _chunks(iter_documents(inputs, self.settings, stdin=stdin), CHUNK):
            texts = self._decode_and_learn(chunk)
            for item, text in zip(chunk, texts, strict=True):
                done += 1
                if isinstance(item, Failure):
                    yield None, item
                elif isinstance(text, Failure):
                    yield item, text
                elif skip is not None and skip(item):
                    yield item, None
                else:
                    yield item, self._extract_one(item, text)
                if self.progress is not None:
                    self.progress(item.source, done)

    def _decode_and_learn(self, chunk: list[RawDocument | Failure]) -> list[str | Failure | None]:
        """Decode the chunk's plain-text documents and learn each site's boilerplate from
        them; HTML is decoded later, by the extractor. Each distinct content is learned from
        once per Pipeline: a page given twice (two paths, or a second run with the same
        Pipeline) must not count as two pages of its site."""
        texts: list[str | Failure | None] = []
        by_site: dict[str, list[str]] = defaultdict(list)
        for item in chunk:
            if isinstance(item, Failure) or item.kind != "text":
                texts.append(None)
                continue
            try:
                text = decode_bytes(
                    item.data, source=item.source, declared=item.encoding, kind="text"
                )
            except NewsfuseError as exc:
                texts.append(Failure(item.source, exc.stage, exc.message))
                continue
            texts.append(text)
            if item.id not in self._fitted:
                self._fitted.add(item.id)
                by_site[site_key(item)].append(text)
        for site, pages in by_site.items():
            profile = self._profiles.setdefault(
                site, SiteProfile(min_docs=self.settings.site_min_docs)
            )
            profile.fit(pages)
        return texts

    def _extract_one(self, doc: RawDocument, text: str | None) -> Article | Failure:
        profile = self._profiles.get(site_key(doc)) if doc.kind == "text" else None
        try:
            return extract_document(doc, self.settings, profile=profile, text=text)
        except NewsfuseError as exc:
            return Failure(doc.source, exc.stage, exc.message)
        except Exception as exc:  # a bug or a library crash on one page must not stop the batch
            return Failure(doc.source, "extract", f"unexpected {type(exc).__name__}: {exc}")

    # -- the full run with the store -------------------------------------------------------

    def run(
        self,
        inputs: list[str],
        *,
        store: Any,
        out_dir: str | os.PathLike[str] | None = None,
        stdin: BinaryIO | None = None,
    ) -> RunReport:
        """Run every stage over ``inputs`` into ``store`` (a :class:`newsfuse.store.Store`),
        write the outputs to ``out_dir`` when given, and return the report. Re-running on the
        same inputs re-uses what the store holds; an interrupted run is marked so and the next
        run resumes."""
        report = RunReport(None, list(inputs), store_path=str(store.path))
        report.run_id = store.begin_run(report.inputs, _settings_dict(self.settings))
        counts = report.counts

        def already(doc: RawDocument) -> bool:
            return bool(store.has_article(doc.id, EXTRACTOR_VERSION))

        try:
            for doc, result in self.extract(inputs, stdin=stdin, skip=already):
                if isinstance(result, Failure):
                    counts["failed"] += 1
                    report.failures.append(result)
                    store.record_failure(report.run_id, result)
                    continue
                assert doc is not None
                counts["documents"] += 1
                if result is None:
                    store.add_source(doc.id, doc.source, report.run_id)
                    counts["reused"] += 1
                else:
                    store.put(
                        doc, result, extractor_version=EXTRACTOR_VERSION, run_id=report.run_id
                    )
                    counts["extracted"] += 1
        except KeyboardInterrupt:
            report.status = "interrupted"
            store.finish_run(report.run_id, report.status, dict(counts))
            raise
        except StoreError:
            # the store refused a write (disk full, lock timeout): what was committed stays,
            # the run is marked failed when the store still answers, and the error goes up
            report.status = "failed"
            with contextlib.suppress(StoreError):
                store.finish_run(report.run_id, report.status, dict(counts))
            raise
        report.articles = list(store.articles(run_id=report.run_id))
        counts["articles"] = len(report.articles)
        stored = list(store.articles())
        report.copies = self._copies(store, report, stored)
        report.stories = self._stories(store, report, stored)
        report.claims = self._claims(store, report, stored)
        report.briefs = self._briefs(store, report, stored)
        # One of the store's run statuses; failed inputs show in counts["failed"] and failures.
        report.status = "completed"
        report.finished = time.time()
        store.finish_run(report.run_id, report.status, dict(counts))
        if out_dir is not None:
            write_outputs(report, Path(out_dir), stored)
        if report.problems:
            raise UnfaithfulBriefError(
                f"{len(report.problems)} brief sentence(s) cannot be traced to the spans they "
                "cite: " + "; ".join(str(p) for p in report.problems[:5]),
                problems=tuple(report.problems),
            )
        return report

    def _copies(self, store: Any, report: RunReport, stored: list[Article]) -> CopyReport | None:
        """Link copies over every stored article (earlier runs' too) and keep the result in
        the store. A failure here is recorded and the run still completes: the articles are
        already stored."""
        from newsfuse.dedup import find_copies

        try:
            copies = find_copies(stored)
        except Exception as exc:  # a bug in one stage must not lose the run
            _corpus_stage_failed(store, report, "copies", exc)
            return None
        store.replace_copies(copies.links, copies.families, report.run_id)
        report.counts["links"] = len(copies.links)
        report.counts["families"] = sum(1 for f in copies.families if len(f.members) > 1)
        return copies

    def _stories(self, store: Any, report: RunReport, stored: list[Article]) -> list[Story]:
        """Add the stored articles not yet in a story to the stories of earlier runs (the
        clusterer's state is kept in the store) and save the result. A failure here is
        recorded and the run still completes."""
        from newsfuse.stories import StoryClusterer

        try:
            state = store.story_state()
            clusterer = (
                StoryClusterer.from_state(state)
                if state
                else StoryClusterer(window_days=self.settings.story_window_days)
            )
            family_of = report.copies.family_of if report.copies else None
            clusterer.partial_fit(stored, family_of=family_of)
            stories = clusterer.stories()
        except StoreError:
            raise
        except Exception as exc:  # a bug in one stage must not lose the run
            _corpus_stage_failed(store, report, "stories", exc)
            return []
        store.save_stories(clusterer.to_state(), stories, report.run_id)
        report.counts["stories"] = len(stories)
        return stories

    def _claims(self, store: Any, report: RunReport, stored: list[Article]) -> ClaimReport | None:
        """Claims of every stored article, compared within every story, kept in the store. An
        article that cannot be read is recorded; a failure of the whole stage too, and the run
        still completes."""
        from newsfuse.claims import find_claims

        try:
            claims = find_claims(stored, copies=report.copies, stories=report.stories)
        except StoreError:
            raise
        except Exception as exc:  # a bug in one stage must not lose the run
            _corpus_stage_failed(store, report, "claims", exc)
            return None
        for failure in claims.failures:
            report.failures.append(failure)
            store.record_failure(report.run_id, failure)
        clusters = claims.clusters()
        store.replace_claims(clusters, claims.entities, report.run_id)
        report.counts["claims"] = len(clusters)
        report.counts["entities"] = len(claims.entities)
        return claims

    def _briefs(self, store: Any, report: RunReport, stored: list[Article]) -> list[Brief]:
        """The brief of every story, each checked for faithfulness; those that pass are kept
        in the store (the problems of the others go to ``report.problems``)."""
        from newsfuse.brief.build import BriefBuilder
        from newsfuse.brief.faithful import check_brief

        if report.claims is None or report.copies is None:
            return []
        by_id = {a.id: a for a in stored}
        try:
            briefs = BriefBuilder().build_all(
                stored, copies=report.copies, stories=report.stories, claims=report.claims
            )
        except StoreError:
            raise
        except Exception as exc:  # a bug in one stage must not lose the run
            _corpus_stage_failed(store, report, "brief", exc)
            return []
        kept = []
        for brief in briefs:
            problems = check_brief(brief, by_id)
            if problems:
                report.problems += problems
                failure = Failure(
                    f"story {brief.story}", "brief", f"{len(problems)} untraceable: {problems[0]}"
                )
                report.failures.append(failure)
                store.record_failure(report.run_id, failure)
            else:
                kept.append(brief)
        store.replace_briefs(kept, report.run_id)
        report.counts["briefs"] = len(kept)
        return kept


def _corpus_stage_failed(store: Any, report: RunReport, stage: str, exc: Exception) -> None:
    """Record that a stage over all articles failed; the run goes on (articles are stored)."""
    failure = Failure("(all articles)", stage, f"unexpected {type(exc).__name__}: {exc}")
    report.failures.append(failure)
    store.record_failure(report.run_id, failure)


def _chunks(
    items: Iterator[RawDocument | Failure], size: int
) -> Iterator[list[RawDocument | Failure]]:
    chunk: list[RawDocument | Failure] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _settings_dict(settings: Settings) -> dict[str, Any]:
    return {f: getattr(settings, f) for f in settings.__dataclass_fields__}


def write_outputs(report: RunReport, out: Path, stored: list[Article] | None = None) -> None:
    """``out/articles/<id>.json`` and ``.txt`` per article, ``out/report.json`` and
    ``out/report.md`` for the run, ``out/index.html`` and ``out/stories/<id>.md``, ``.html``
    and ``.json`` per story brief (``stored``: the articles the briefs cite)."""
    from newsfuse.brief.render import write_briefs

    arts = out / "articles"
    arts.mkdir(parents=True, exist_ok=True)
    for a in report.articles:
        _write(arts / f"{a.id}.json", json.dumps(a.to_dict(), ensure_ascii=False, indent=2) + "\n")
        _write(arts / f"{a.id}.txt", _plain(a))
    _write(out / "report.json", json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n")
    _write(out / "report.md", _markdown(report))
    texts = {a.id: a.text for a in (stored if stored is not None else report.articles)}
    write_briefs(report.briefs, out, texts)


def _write(path: Path, content: str) -> None:
    """Write atomically: a crash mid-write never leaves a half file behind."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(content, encoding="utf-8")
    os.replace(tmp, path)


def _plain(a: Article) -> str:
    head = [f"{k}: {v}" for k, v in a.metadata()]
    return "\n".join(head) + "\n\n" + a.text + "\n"


def _markdown(report: RunReport) -> str:
    c = report.counts
    lines = [
        "# newsfuse run report",
        "",
        f"- run: {report.run_id} ({report.status})",
        f"- inputs: {', '.join(report.inputs)}",
        f"- documents: {c.get('documents', 0)} (extracted {c.get('extracted', 0)}, "
        f"already stored {c.get('reused', 0)}), failed inputs: {c.get('failed', 0)}",
        f"- store: {report.store_path}",
        "",
        "## Articles",
        "",
        "| id | source | outlet | title | published | words | passages | removed lines | extractor |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for a in report.articles:
        s = _summary(a)
        lines.append(
            "| {id} | {source} | {outlet} | {title} | {published} | {words} | {passages} | {removed} | {extractor} |".format(
                **{k: _cell(v) for k, v in s.items()}
            )
        )
    if report.copies is not None:
        lines += _copies_markdown(report.copies)
    if report.stories:
        lines += _stories_markdown(report.stories)
    if report.briefs:
        lines += ["", "## Briefs", ""]
        lines += [
            f"- [{_cell(b.headline.text)}](stories/{b.story}.md) ({b.families} independent "
            f"sources; [HTML](stories/{b.story}.html), [JSON](stories/{b.story}.json))"
            for b in report.briefs
        ]
    if report.claims is not None:
        lines += _claims_markdown(report.claims)
    if report.failures:
        lines += ["", "## Failed inputs", "", "| source | stage | reason |", "|---|---|---|"]
        lines += [f"| {_cell(f.source)} | {f.stage} | {_cell(f.reason)} |" for f in report.failures]
    return "\n".join(lines) + "\n"


def _copies_markdown(copies: CopyReport) -> list[str]:
    d = copies.to_dict()
    lines = ["", "## Copies", ""]
    if not d["links"]:
        return [*lines, "No article copies, contains, rewrites or shares a passage of another."]
    lines += ["| a | type | b | score | detector |", "|---|---|---|---|---|"]
    for lk in d["links"]:
        a = lk["a"] + (
            f" (passage {lk['evidence']['a_passage']})"
            if lk["evidence"]["a_passage"] is not None
            else ""
        )
        b = lk["b"] + (
            f" (passage {lk['evidence']['b_passage']})"
            if lk["evidence"]["b_passage"] is not None
            else ""
        )
        lines.append(
            f"| {_cell(a)} | {lk['type']} | {_cell(b)} | {lk['score']:.2f} | {lk['evidence']['detector']} |"
        )
    lines += [
        "",
        "## Source families",
        "",
        "| members | original | credited | reasons | flags |",
        "|---|---|---|---|---|",
    ]
    for f in d["families"]:
        flags = "; ".join(f"{k}: {', '.join(v)}" for k, v in f["flagged"].items())
        lines.append(
            f"| {_cell(', '.join(f['members']))} | {_cell(f['original'] or 'unknown')} | "
            f"{_cell(f['credited'])} | {_cell('; '.join(f['reasons']))} | {_cell(flags)} |"
        )
    return lines


def _stories_markdown(stories: list[Story]) -> list[str]:
    lines = [
        "",
        "## Stories",
        "",
        "| id | label | first seen | last seen | sources | independent | members |",
        "|---|---|---|---|---|---|---|",
    ]
    for st in stories:
        members = "<br>".join(
            m.source + (f" (passage {m.passage})" if m.passage is not None else "")
            for m in st.members
        )
        lines.append(
            f"| {st.id} | {_cell(st.label)} | {_cell(st.first_seen)} | {_cell(st.last_seen)} | "
            f"{len(st.members)} | {st.families} | {_cell(members)} |"
        )
    return lines


MARKDOWN_CLAIMS = 60  # claim rows per story in report.md (report.json has them all)


def _claims_markdown(claims: ClaimReport) -> list[str]:
    lines = ["", "## Claims"]
    for sc in claims.stories:
        if not sc.clusters:
            continue
        lines += [
            "",
            f"### {_cell(sc.story.label)} ({sc.story.id})",
            "",
            "| status | kind | claim | speaker | figure | date | sources | independent |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for c in sc.clusters[:MARKDOWN_CLAIMS]:
            lines.append(
                f"| {c.status} | {c.kind} | {_cell(_short(c.text))} | {_cell(_who(c))} | "
                f"{_cell(_figure(c))} | {_cell(c.date)} | {_cell(', '.join(c.sources))} | "
                f"{c.families} |"
            )
        if len(sc.clusters) > MARKDOWN_CLAIMS:
            lines.append(f"\n{len(sc.clusters) - MARKDOWN_CLAIMS} more claims in report.json.")
    return lines


def _short(text: str, limit: int = 140) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _who(c: Any) -> str | None:
    return "see figures" if len(c.estimates) > 1 else c.speaker


def _figure(c: Any) -> str:
    if len(c.estimates) > 1:  # side by side, with who gave each
        return "; ".join(f"{e.figure()} ({e.speaker or 'unattributed'})" for e in c.estimates)
    return c.estimates[0].figure() if c.estimates else ""


def _cell(v: Any) -> str:
    return "" if v is None else str(v).replace("|", "\\|").replace("\n", " ")
