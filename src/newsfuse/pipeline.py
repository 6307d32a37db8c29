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
import os
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO
from urllib.parse import urlsplit

from newsfuse.backends import Backend, LocalBackend, Overrun, default_backend
from newsfuse.backends.dask_reading import DocRef, Worked
from newsfuse.config import DEFAULT_SETTINGS, Settings
from newsfuse.errors import NewsfuseError, NoArticleError, StoreError, UnfaithfulBriefError
from newsfuse.extract import EXTRACTOR_VERSION, SiteProfile, extract_document
from newsfuse.ingest import decode_bytes, iter_documents
from newsfuse.per_story import (
    StoryResult,
    checked,
    failed_story,
    story_fallback,
    story_groups,
    story_items,
    story_task,
    task_documents,
    unfaithful,
)
from newsfuse.records import Article, Brief, Failure, RawDocument, Story
from newsfuse.report import RunReport, write_outputs
from newsfuse.stored import (
    StoredTexts,
    StoreFamilies,
    claims_part,
    copies_of,
    ordered_briefs,
    stored_claims,
    story_digest,
)

if TYPE_CHECKING:
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
StageProgress = Callable[[str, int, int | None], None]  # (stage, items done, items or None)
BATCH_DOCUMENTS = 64  # documents stored per transaction (a kill -9 loses at most these)
BATCH_SECONDS = 2.0  # ... or what arrived in this long, whichever comes first


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
    """Ingest -> extract -> store -> copies -> stories -> claims -> brief. Parameters in the
    constructor, as in scikit-learn.

    ``progress`` is called after every document with its source and the running count.
    ``backend`` runs the per-document steps (extraction, the claim finders) and the claims
    and brief of each story (:mod:`newsfuse.per_story`, a few stories per task; inline with
    a local backend of one job); by default the worker processes shared by every Pipeline
    with the same settings (or the Dask cluster of ``settings.backend`` "dask"), each
    document under ``settings.doc_seconds`` and ``settings.doc_memory``
    (:mod:`newsfuse.backends`).
    """

    def __init__(
        self,
        settings: Settings = DEFAULT_SETTINGS,
        *,
        progress: Progress | None = None,
        backend: Backend | None = None,
        on_stage: StageProgress | None = None,
    ) -> None:
        if not isinstance(settings, Settings):
            raise TypeError(
                f"the 'settings' parameter of Pipeline must be a Settings, got {type(settings).__name__}"
            )
        self.settings = settings
        self.progress = progress
        self.on_stage = on_stage
        self.backend = backend if backend is not None else default_backend(settings)
        self._profiles: dict[str, SiteProfile] = {}
        self._fitted: set[str] = set()  # ids of the documents the profiles have learned from

    # -- extraction without a store ------------------------------------------------------

    def extract(
        self,
        inputs: Iterable[str],
        *,
        stdin: BinaryIO | None = None,
        skip: Callable[[RawDocument], bool] | None = None,
        known: Callable[[], Iterable[str]] | None = None,
    ) -> Iterator[tuple[RawDocument | None, Article | Failure | None]]:
        """Yield ``(document, article)`` for every document, ``(document, None)`` for those
        ``skip`` says are done already, and ``(document-or-None, Failure)`` for bad inputs, in
        input order. Each document is extracted by the backend under its budget; one past it
        is read by the linear-time extractor instead, or reported as a failure.

        ``known`` (with ``skip``) gives the ids of the documents ``skip`` says are done, asked
        once. With it, a backend whose workers read the inputs (Dask) is given the files as
        partitions (:mod:`newsfuse.backends.dask_reading`): the documents come back from the
        workers extracted, and a document the client need not store comes as a ``DocRef``
        (its id and source) instead of a RawDocument."""
        done = 0
        seen: dict[str, Failure | None] = {}  # documents the workers extracted in this run
        for chunk in _chunks(self._documents(inputs, stdin, known), CHUNK):
            texts = self._decode_and_learn(chunk)
            todo = [
                isinstance(item, RawDocument)
                and not isinstance(text, Failure)
                and not (skip is not None and skip(item))
                for item, text in zip(chunk, texts, strict=True)
            ]
            # with a store (``skip``), the same content met twice in a chunk is extracted once:
            # the second is reused, or fails as the first did
            twice: dict[int, int] = {}
            if skip is not None:
                first: dict[str, int] = {}
                for k, (item, do) in enumerate(zip(chunk, todo, strict=True)):
                    if do and isinstance(item, RawDocument):
                        if item.id in first:
                            twice[k], todo[k] = first[item.id], False
                        else:
                            first[item.id] = k
            results: dict[int, Article | Failure] = {}
            tasks = (
                (item, text, self._profile_for(item, text), self.settings)
                for item, text, do in zip(chunk, texts, todo, strict=True)
                if do and isinstance(item, RawDocument) and not isinstance(text, Failure)
            )
            extracted = self.backend.map(extract_task, tasks, fallback=extract_fallback)
            for k, (item, text, do) in enumerate(zip(chunk, texts, todo, strict=True)):
                done += 1
                if isinstance(item, Failure):
                    yield None, item
                elif isinstance(item, Worked):
                    yield item.doc, _worked(item, seen)  # type: ignore[misc]
                elif isinstance(text, Failure):
                    yield item, text
                elif k in twice:
                    earlier = results.get(twice[k])
                    if isinstance(earlier, Failure):
                        yield item, Failure(item.source, earlier.stage, earlier.reason)
                    else:
                        yield item, None
                elif not do:
                    yield item, None
                else:
                    result = next(extracted)
                    if isinstance(result, Overrun):
                        result = Failure(item.source, "extract", f"extraction {result.reason}")
                    if twice:
                        results[k] = result
                    yield item, result
                if self.progress is not None:
                    self.progress(
                        item.doc.source if isinstance(item, Worked) else item.source, done
                    )

    def _documents(
        self,
        inputs: Iterable[str],
        stdin: BinaryIO | None,
        known: Callable[[], Iterable[str]] | None,
    ) -> Iterator[RawDocument | Failure | Worked]:
        """The documents of ``inputs``: read here, or (with ``known`` and a backend whose
        workers read the inputs) read and extracted on the workers, partition by partition."""
        if known is None or not getattr(self.backend, "reads_inputs", False):
            return iter_documents(inputs, self.settings, stdin=stdin)
        if isinstance(inputs, str | bytes):  # iter_documents says what is wrong
            return iter_documents(inputs, self.settings, stdin=stdin)
        from newsfuse.backends.dask_reading import read_parts
        from newsfuse.ingest.partitions import plan

        return read_parts(self.backend, plan(inputs, self.settings, stdin), self.settings, known())

    def _decode_and_learn(
        self, chunk: list[RawDocument | Failure | Worked]
    ) -> list[str | Failure | None]:
        """Decode the chunk's plain-text documents and learn each site's boilerplate from
        them; HTML is decoded later, by the extractor. Each distinct content is learned from
        once per Pipeline: a page given twice (two paths, or a second run with the same
        Pipeline) must not count as two pages of its site."""
        texts: list[str | Failure | None] = []
        by_site: dict[str, list[str]] = defaultdict(list)
        for item in chunk:
            if not isinstance(item, RawDocument) or item.kind != "text":
                texts.append(None)
                continue
            try:
                text = decode_bytes(
                    item.data, source=item.source, declared=item.encoding, kind="text"
                )
            except NewsfuseError as exc:
                texts.append(Failure(item.source, exc.stage, exc.message))
                continue
            except Exception as exc:  # a bug on one odd input must not stop the batch
                texts.append(Failure.of(item.source, "decode", exc))
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

    def _profile_for(self, doc: RawDocument, text: str | None) -> SiteProfile | None:
        """The site's learned boilerplate as one document needs it: only the counts of its
        own lines travel to the worker, not the whole site's."""
        profile = self._profiles.get(site_key(doc)) if doc.kind == "text" else None
        if profile is None or text is None:
            return profile
        return profile.for_text(text)

    # -- the full run with the store -------------------------------------------------------

    def run(
        self,
        inputs: list[str],
        *,
        store: Any,
        out_dir: str | os.PathLike[str] | None = None,
        stdin: BinaryIO | None = None,
        wait: float = 0.0,
    ) -> RunReport:
        """Run every stage over ``inputs`` into ``store`` (a :class:`newsfuse.store.Store`),
        write the outputs to ``out_dir`` when given, and return the report.

        One run writes a store at a time: another run waits up to ``wait`` seconds for the
        store's run lock, then fails (StoreError). Re-running on the same inputs re-uses what
        the store holds; an interrupted or killed run is marked so and the next run resumes,
        and the run is marked completed only once its outputs are written. Inside every corpus
        stage one article (or pair, or story) that fails is a Failure and the stage completes
        for the others; a stage that fails as a whole is recorded, its stored results are kept,
        and the later stages work with those (they never run it again)."""
        with store.run_lock(wait=wait):
            return self._run(list(inputs), store, out_dir, stdin)

    def _run(
        self,
        inputs: list[str],
        store: Any,
        out_dir: str | os.PathLike[str] | None,
        stdin: BinaryIO | None,
    ) -> RunReport:
        report = RunReport(None, inputs, store_path=str(store.path))
        report.run_id = store.begin_run(report.inputs, _settings_dict(self.settings))
        counts = report.counts

        def already(doc: RawDocument) -> bool:
            return bool(store.has_article(doc.id, EXTRACTOR_VERSION))

        def known() -> list[str]:
            return list(store.extracted_ids(EXTRACTOR_VERSION))

        batch = _Batch(store, report.run_id)
        try:
            with self._stage(report, "extract"):
                for doc, result in self.extract(inputs, stdin=stdin, skip=already, known=known):
                    if isinstance(result, Failure) and result.stage == NoArticleError.stage:
                        counts["without_article"] += 1
                        report.skipped.append(result)
                        store.record_failure(report.run_id, result)
                        continue
                    if isinstance(result, Failure):
                        counts["failed"] += 1
                        report.failures.append(result)
                        store.record_failure(report.run_id, result)
                        continue
                    assert doc is not None
                    counts["documents"] += 1
                    batch.add(doc, result)
                    counts["reused" if result is None else "extracted"] += 1
                batch.flush()
            report.articles = list(store.articles(run_id=report.run_id, raw=False))
            counts["articles"] = len(report.articles)
            full = _full_pass(store, report.run_id)
            copy_todo = _pending(store, report, "copies")
            with self._stage(report, "copies", len(copy_todo)):
                touched = self._copies(store, report, copy_todo)
            story_todo = _pending(store, report, "stories")
            with self._stage(report, "stories", len(story_todo)):
                report.stories = self._stories(store, report, story_todo, touched)
            with self._stage(report, "claims+brief", len(report.stories)):
                self._story_results(store, report, touched, full)
            # the report says what the run is once its outputs are written; the store marks
            # it completed only then, so a run killed while writing them is done again
            report.status = "completed"
            report.finished = time.time()
            if out_dir is not None:
                with self._stage(report, "outputs"):
                    write_outputs(report, Path(out_dir), StoredTexts(store))
        except KeyboardInterrupt:
            with contextlib.suppress(StoreError):
                batch.flush()  # Ctrl-C keeps what was extracted (kill -9 loses the batch)
            report.status = "interrupted"
            with contextlib.suppress(StoreError):
                store.finish_run(report.run_id, report.status, dict(counts))
            raise
        except NewsfuseError:
            # the store refused a write (disk full, lock timeout) or the outputs could not be
            # written: what was committed stays, the run is marked failed when the store still
            # answers, and the error goes up
            report.status = "failed"
            with contextlib.suppress(StoreError):
                store.finish_run(report.run_id, report.status, dict(counts))
            raise
        # One of the store's run statuses; failures show in counts and report.failures.
        store.finish_run(report.run_id, report.status, dict(counts))
        if report.problems:
            raise UnfaithfulBriefError(
                f"{len(report.problems)} brief sentence(s) cannot be traced to the spans they "
                "cite: " + "; ".join(str(p) for p in report.problems[:5]),
                problems=tuple(report.problems),
            )
        return report

    @contextlib.contextmanager
    def _stage(self, report: RunReport, name: str, total: int | None = None) -> Iterator[None]:
        """Time one stage (``report.timings``) and tell ``on_stage`` when it starts and ends."""
        if self.on_stage is not None:
            self.on_stage(name, 0, total)
        start = time.perf_counter()
        try:
            yield
        finally:
            report.timings[name] = report.timings.get(name, 0.0) + time.perf_counter() - start
            if self.on_stage is not None:
                self.on_stage(name, total or 0, total)

    def _copies(self, store: Any, report: RunReport, todo: list[str]) -> _Touched:
        """Bring the store's copy index up to date with the articles ``todo`` (this run's and
        any not indexed yet): only they are queried against the index, and only the links and
        families they change are written (:class:`~newsfuse.dedup.index.CopyIndex`). An
        article or pair that fails is recorded and left out (tried again next run); if the
        stage fails as a whole, it is recorded and the store's links and families stay as
        they are. The report gets the store's links and families; the articles whose links
        or family changed are returned (their stories' claims and briefs are made again)."""
        from newsfuse.dedup import CopyReport
        from newsfuse.dedup.index import CopyIndex

        touched = _Touched()
        failures: list[Failure] = []
        try:
            index = CopyIndex(store)
            for arts in _articles_of(store, report, todo):
                delta = index.update(arts)
                failures += delta.failures
                touched.add_copies(delta)
        except StoreError:
            raise
        except Exception as exc:  # a bug in one stage must not lose the run
            failures.append(_stage_failed("copies", exc))
            touched.everything = True
        _record(store, report, failures)
        copies = CopyReport(report.articles, store.links(), store.families(), failures)
        report.counts["links"] = len(copies.links)
        report.counts["families"] = sum(1 for f in copies.families if len(f.members) > 1)
        report.copies = copies
        return touched

    def _stories(
        self, store: Any, report: RunReport, todo: list[str], touched: _Touched
    ) -> list[Story]:
        """Bring the store's stories up to date (:class:`~newsfuse.stories.StoryIndex`): the
        articles ``todo`` are added or changed, and the items whose family the copy stage
        changed are given their new family; the days this changes are replayed from the
        last checkpoint before them. An article that fails is recorded and tried again next
        run; if the stage fails as a whole, it is recorded and the stored stories are used."""
        from newsfuse.stories import StoryIndex

        try:
            index = StoryIndex(store, window_days=self.settings.story_window_days)
            families = StoreFamilies(store)
            changed = None if touched.everything else sorted(touched.articles)
            delta = index.update(
                (a for arts in _articles_of(store, report, todo) for a in arts),
                family_of=families,
                families_changed=changed,
                run_id=report.run_id,
            )
            stories = index.stories()
        except StoreError:
            raise
        except Exception as exc:  # a bug in one stage must not lose the run
            _record(store, report, [_stage_failed("stories", exc)])
            touched.everything = True
            return list(store.story_records())
        _record(store, report, delta.failures)
        touched.stories.update(delta.touched)
        report.counts["stories"] = len(stories)
        return stories

    def _story_results(self, store: Any, report: RunReport, touched: _Touched, full: bool) -> None:
        """The claims and the cited brief of every story whose inputs changed (new or changed
        members, their texts, families, copy links or anchor days, or newsfuse's code): a
        story no run has touched keeps what the store holds. The finders' results are kept in
        the store and read by the backend's workers only for articles that lack them; each
        story's claims and brief are made by the backend too (:mod:`newsfuse.per_story`). Every
        brief is checked for faithfulness; one that fails is not kept (``report.problems``).
        One article or story that fails is recorded and the others go on; if the stage fails
        as a whole, it is recorded and the store keeps what it had."""
        try:
            self._story_results_of(store, report, touched, full)
        except StoreError:
            raise
        except Exception as exc:  # a bug in one stage must not lose the run
            _record(store, report, [_stage_failed("claims", exc)])
        report.claims = stored_claims(store, report.stories)
        report.briefs = ordered_briefs(store.briefs(), report.stories)
        report.digests = store.story_digests()
        report.counts["claims"] = len(report.claims.clusters())
        report.counts["entities"] = len(report.claims.entities)
        report.counts["briefs"] = len(report.briefs)

    def _story_results_of(
        self, store: Any, report: RunReport, touched: _Touched, full: bool
    ) -> None:
        from newsfuse.claims.crosscheck import merge_entities, undated_anchors_of
        from newsfuse.store import codec

        stories = report.stories
        before = store.story_digests()
        gone = sorted(set(before) - {st.id for st in stories})
        anchors = undated_anchors_of(stories, store.published_dates())
        # the stories whose inputs may have changed: every one after a run that did not
        # complete or with other code; else those the story index changed, those holding an
        # article of this run or one whose links or family changed, the stories sharing an
        # undated article with those (its anchor day may have moved), and those never done
        if full or touched.everything:
            candidates = list(stories)
        else:
            holding: dict[str, set[str]] = defaultdict(set)
            for st in stories:
                for m in st.members:
                    holding[m.article].add(st.id)
            wanted = set(touched.stories) | {st.id for st in stories if st.id not in before}
            for aid in {a.id for a in report.articles} | touched.articles:
                wanted |= holding.get(aid, set())
            by_story = {st.id: st for st in stories}
            for sid in list(wanted):
                found = by_story.get(sid)
                for m in found.members if found is not None else ():
                    if m.article in anchors:
                        wanted |= holding[m.article]
            candidates = [st for st in stories if st.id in wanted]
        report.counts["stories_updated"] = 0
        for chunk in story_groups(candidates, STORY_CHUNK_ARTICLES):
            self._story_chunk(store, report, chunk, before, anchors)
        if gone:
            store.replace_story_results([], [], [], [], gone, report.run_id)
        if report.counts["stories_updated"] or gone:
            parts = [codec.loads(data) for _sid, data in store.story_entities()]
            store.replace_entities(merge_entities(parts), report.run_id)

    def _story_chunk(
        self,
        store: Any,
        report: RunReport,
        stories: list[Story],
        before: Mapping[str, str],
        anchors: Mapping[str, Any],
    ) -> None:
        """Claims and briefs of some stories whose digest changed, from their members'
        articles, links and families read from the store (one transaction)."""
        from newsfuse.claims.crosscheck import needed_readings, read_findings
        from newsfuse.claims.extract import findings_version, publication_day
        from newsfuse.store import codec

        copies = copies_of(store, {m.article for st in stories for m in st.members})
        by_id = {a.id: a for a in copies.articles}
        digests = {st.id: story_digest(st, by_id, copies, anchors) for st in stories}
        todo = [st for st in stories if before.get(st.id) != digests[st.id]]
        if not todo:
            return
        report.counts["stories_updated"] += len(todo)
        # a story whose claims' inputs are unchanged (only copy links to other stories' articles
        # or its families' records changed) keeps its claims: only its brief is made again
        same_claims = [
            st for st in todo if claims_part(before.get(st.id)) == claims_part(digests[st.id])
        ]
        if same_claims:
            self._briefs_again(store, report, same_claims, by_id, copies, digests)
            kept = {st.id for st in same_claims}
            todo = [st for st in todo if st.id not in kept]
            if not todo:
                return
        # the finders' results: from the store where it has them, else read now (and kept)
        version = findings_version()
        keys = needed_readings(todo, by_id, anchors)
        skey = [(aid, day.isoformat() if day else "") for aid, day in keys]
        held = store.findings(skey, version)
        found = {k: codec.loads(held[sk]) for k, sk in zip(keys, skey, strict=True) if sk in held}
        failures: list[Failure] = []
        missing = [k for k in keys if k not in found]
        fresh = read_findings(missing, by_id, self.backend, failures)
        store.put_findings(
            [(aid, day.isoformat() if day else "", version, codec.dumps(list(f)))
             for (aid, day), f in fresh.items()]
        )  # fmt: skip
        found.update(fresh)
        found = {k: tuple(list(x) for x in f) for k, f in found.items()}
        # the brief's timeline takes the dates the finders read (same text, same day)
        known = {
            (by_id[aid].text, day): list(f[3])
            for (aid, day), f in found.items()
            if aid in by_id and day is not None and publication_day(by_id[aid]) == day
        }
        self._story_results_in(
            store, report, todo, by_id, copies, found, anchors, known, digests, failures
        )

    def _briefs_again(
        self,
        store: Any,
        report: RunReport,
        stories: list[Story],
        by_id: Mapping[str, Article],
        copies: CopyReport,
        digests: Mapping[str, str],
    ) -> None:
        """The briefs of ``stories`` made again from their stored claims (their claims'
        inputs did not change), checked as every brief is; claims and entities kept."""
        from newsfuse.brief.build import BriefBuilder
        from newsfuse.claims.crosscheck import StoryClaims
        from newsfuse.store import codec

        builder = BriefBuilder()
        failures: list[Failure] = []
        clusters: list[Any] = []
        inputs: list[tuple[str, str, bytes]] = []
        briefs: list[Brief] = []
        for st in stories:
            kept = store.claim_clusters(story=st.id)
            held = store.story_entities_of(st.id) or codec.dumps([])
            clusters += kept
            inputs.append((st.id, digests[st.id], held))
            sc = StoryClaims(st, kept, tuple(e.id for e in codec.loads(held)))
            _checked(builder.brief_of(sc, by_id, copies), by_id, report, failures, briefs)
        _record(store, report, failures + builder.failures)
        store.replace_story_results(
            [st.id for st in stories], clusters, inputs, briefs, [], report.run_id
        )

    def _story_results_in(
        self,
        store: Any,
        report: RunReport,
        todo: list[Story],
        by_id: Mapping[str, Article],
        copies: CopyReport,
        found: Mapping[Any, Any],
        anchors: Mapping[str, Any],
        known: Mapping[Any, Any],
        digests: Mapping[str, str],
        failures: list[Failure],
    ) -> None:
        """Claims and briefs of ``todo`` made by the backend, a few stories per task
        (:mod:`newsfuse.per_story`), and written in story order in one transaction."""
        items = story_items(todo, by_id, copies, found, anchors, known)
        clusters: list[Any] = []
        inputs: list[tuple[str, str, bytes]] = []
        briefs: list[Brief] = []
        done: list[str] = []
        later: list[Failure] = []
        for result in self._per_story(items):
            failures += result.failures
            later += result.brief_failures
            report.problems += result.problems
            if result.brief is not None:
                briefs.append(result.brief)
            if result.done:
                clusters += result.clusters
                inputs.append((result.story, digests[result.story], result.entities))
            elif result.brief is None:
                continue  # nothing made: the store keeps what it had, the next run tries again
            done.append(result.story)
        _record(store, report, failures + later)
        store.replace_story_results(done, clusters, inputs, briefs, [], report.run_id)

    def _per_story(self, items: Iterable[tuple[Any, ...]]) -> Iterator[StoryResult]:
        """The results of the story tasks ``items``, story by story in order: on the
        backend's workers, each task under the budget of its stories' member articles; inline
        with a local backend of one worker process or none (no pickling: one process would
        only wait for the other). A task past its budget is made again story by story, and
        a story past its budget alone gets its fallback (its minimal brief) or fails."""
        if isinstance(self.backend, LocalBackend) and self.backend.jobs <= 1:
            for item in items:
                yield from story_task(*item)
            return
        items = list(items)
        # the largest first, so that no worker is left with a large story at the end
        order = sorted(range(len(items)), key=lambda k: -task_documents(*items[k]))
        results: list[Any] = [None] * len(items)
        ran = self.backend.map(story_task, (items[k] for k in order), scale=task_documents, batch=1)
        for k, result in zip(order, ran, strict=True):
            results[k] = result
        # a task past its budget: its stories again one by one, each with its fallback; a
        # story that was alone in its task goes to its fallback at once
        over = [(item, r) for item, r in zip(items, results, strict=True) if isinstance(r, Overrun)]
        singles = [((st,), *item[1:]) for item, r in over if len(item[0]) > 1 for st in item[0]]
        lone = [(*item, r.reason) for item, r in over if len(item[0]) == 1]
        again: dict[str, StoryResult] = {}
        for item, got in zip(
            singles,
            self.backend.map(story_task, singles, fallback=story_fallback, scale=task_documents),
            strict=True,
        ):
            (st,) = item[0]
            again[st.id] = failed_story(st, got.reason) if isinstance(got, Overrun) else got[0]
        for item, got in zip(
            lone, self.backend.map(story_fallback, lone, scale=task_documents), strict=True
        ):
            (st,) = item[0]
            reason = f"{item[-1]}; the fallback too: {got.reason}"
            again[st.id] = failed_story(st, reason) if isinstance(got, Overrun) else got[0]
        for item, result in zip(items, results, strict=True):
            if isinstance(result, Overrun):
                yield from (again[st.id] for st in item[0])
            else:
                yield from result


def _checked(
    brief: Brief | None,
    articles: Mapping[str, Article],
    report: RunReport,
    failures: list[Failure],
    briefs: list[Brief],
) -> None:
    """Keep ``brief`` in ``briefs`` when the faithfulness check passes it; else record its
    problems and the failure (a story's brief that fails is not kept)."""
    kept, problems = checked(brief, articles)
    if problems:
        assert brief is not None
        report.problems += problems
        failures.append(unfaithful(brief.story, problems))
    elif kept is not None:
        briefs.append(kept)


class _Batch:
    """Extracted documents waiting to be stored: written in one transaction per
    :data:`BATCH_DOCUMENTS` documents or :data:`BATCH_SECONDS`, whichever comes first."""

    def __init__(self, store: Any, run_id: int | None) -> None:
        self.store, self.run_id = store, run_id
        self.items: list[tuple[RawDocument | DocRef, Article | None]] = []
        self.since = time.monotonic()

    def add(self, doc: RawDocument | DocRef, article: Article | None) -> None:
        if not self.items:
            self.since = time.monotonic()
        self.items.append((doc, article))
        if len(self.items) >= BATCH_DOCUMENTS or time.monotonic() - self.since >= BATCH_SECONDS:
            self.flush()

    def flush(self) -> None:
        if self.items:
            items, self.items = self.items, []
            self.store.put_many(items, extractor_version=EXTRACTOR_VERSION, run_id=self.run_id)


def extract_task(
    doc: RawDocument, text: str | None, profile: SiteProfile | None, settings: Settings
) -> Article | Failure:
    """Extract one document (a per-document task of the backend): its Article, or the
    Failure that says why not. Never raises."""
    try:
        return extract_document(doc, settings, profile=profile, text=text)
    except NewsfuseError as exc:
        return Failure(doc.source, exc.stage, exc.message)
    except Exception as exc:  # a bug or a library crash on one page must not stop the batch
        return Failure.of(doc.source, "extract", exc)


def extract_fallback(
    doc: RawDocument,
    text: str | None,
    profile: SiteProfile | None,
    settings: Settings,
    overrun: str = "",
) -> Article | Failure:
    """What a document gets when :func:`extract_task` overran its budget (``overrun`` says
    how): the linear-time extractor, which bounds what it reads; the Article's first warning
    says why it was taken."""
    from newsfuse.extract import extract_linear

    try:
        return extract_linear(doc, settings, text, reason=f"extraction {overrun}".strip())
    except NewsfuseError as exc:
        return Failure(doc.source, exc.stage, exc.message)
    except Exception as exc:  # a bug or a library crash on one page must not stop the batch
        return Failure.of(doc.source, "extract", exc)


def _worked(item: Worked, seen: dict[str, Failure | None]) -> Article | Failure | None:
    """What the run takes of a document a worker read: None for one the store holds or that
    came earlier in the run (or the earlier one's Failure, under this source), else the
    worker's result, remembered in ``seen``."""
    if item.state == "known":
        return None
    if item.doc.id in seen:
        earlier = seen[item.doc.id]
        return None if earlier is None else Failure(item.doc.source, earlier.stage, earlier.reason)
    assert item.state == "new", item
    seen[item.doc.id] = item.result if isinstance(item.result, Failure) else None
    return item.result


def _stage_failed(stage: str, exc: Exception) -> Failure:
    """A stage over all articles that failed as a whole (a bug): the run goes on with what the
    store holds."""
    return Failure.of("(all articles)", stage, exc)


def _record(store: Any, report: RunReport, failures: Iterable[Failure]) -> None:
    """Count the failures of a corpus stage in the report (and its exit code) and the store."""
    for failure in failures:
        report.failures.append(failure)
        report.counts[f"failed_{failure.stage}"] += 1
        store.record_failure(report.run_id, failure)


def _chunks(
    items: Iterator[RawDocument | Failure | Worked], size: int, early: int = 64
) -> Iterator[list[RawDocument | Failure | Worked]]:
    """``items`` in chunks of ``size`` (what site boilerplate is learned over at a time).
    A chunk's first items that need nothing of the client (documents the workers extracted,
    failures) go on ``early`` at a time, before the chunk is full: the chunk's documents
    still to learn from or extract here are all in its last part."""
    chunk: list[RawDocument | Failure | Worked] = []
    room, plain = size, True
    for item in items:
        chunk.append(item)
        room -= 1
        plain = plain and not isinstance(item, RawDocument)
        if room == 0 or (plain and len(chunk) >= early):
            yield chunk
            chunk, plain = [], True
            room = room or size
    if chunk:
        yield chunk


def _settings_dict(settings: Settings) -> dict[str, Any]:
    """The settings a run is recorded with, and the version of newsfuse's code (a run after a
    code change makes every story's claims and brief again, see :func:`_full_pass`)."""
    from newsfuse.store.codec import code_version

    out: dict[str, Any] = {f: getattr(settings, f) for f in settings.__dataclass_fields__}
    out["code"] = code_version()
    return out


#: Articles read from the store at a time by the copies and stories stages.
ARTICLE_CHUNK = 1000
#: Member articles of the stories whose claims and briefs are made in one go (one
#: transaction; what the stage holds in memory, with their links' other ends).
STORY_CHUNK_ARTICLES = 2000


def _full_pass(store: Any, run_id: int | None) -> bool:
    """Whether every story's claims and brief must be checked (digests computed) rather than
    those of the stories a run changes: the first run, a run after one that did not complete
    (killed, interrupted or failed: what it changed is not known) or whose later stages
    recorded failures (what failed is tried again), or after a code change."""
    from newsfuse.store.codec import code_version

    earlier = [r for r in store.runs() if r["id"] != run_id]
    if not earlier:
        return True
    last = earlier[-1]
    settings = last.get("settings") or {}
    failed = any(v for k, v in (last.get("counts") or {}).items() if k.startswith("failed_"))
    return bool(
        last.get("status") != "completed" or failed or settings.get("code") != code_version()
    )


def _pending(store: Any, report: RunReport, index: str) -> list[str]:
    """The articles an index ("copies" or "stories") is given: this run's, and the stored
    ones it does not hold (a killed run's, a store from before the index)."""
    ids = dict.fromkeys(a.id for a in report.articles)
    ids.update(dict.fromkeys(store.unindexed(index)))
    return list(ids)


def _articles_of(store: Any, report: RunReport, ids: Sequence[str]) -> Iterator[list[Article]]:
    """The articles ``ids``, :data:`ARTICLE_CHUNK` at a time: this run's from the report, the
    others read from the store, so no more than a chunk of older articles is in memory."""
    mine = {a.id: a for a in report.articles}
    for lo in range(0, len(ids), ARTICLE_CHUNK):
        part = ids[lo : lo + ARTICLE_CHUNK]
        read = store.get_articles([i for i in part if i not in mine])
        yield [x for x in (mine.get(i) or read.get(i) for i in part) if x is not None]


class _Touched:
    """What the copy and story stages changed: the articles whose links or family changed,
    the stories created or changed; ``everything`` when a stage failed as a whole."""

    def __init__(self) -> None:
        self.articles: set[str] = set()
        self.stories: set[str] = set()
        self.everything = False

    def add_copies(self, delta: Any) -> None:
        for lk in (*delta.links_added, *delta.links_removed):
            self.articles.update((lk.a, lk.b))
        for change in delta.families:
            for fam in (change.old, change.new):
                if fam is not None:
                    self.articles.update(fam.members)


__all__ = ["CHUNK", "STAGES", "Pipeline", "RunReport", "site_key", "write_outputs"]
