"""The store's schema as an ordered list of migrations, tracked with ``PRAGMA user_version``.

Migration ``i`` (0-based) takes a store from schema version ``i`` to ``i + 1``. A new table
(copy links, stories, claims ...) is added by appending a migration, never by editing an old
one: stores already on disk have run the old ones.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from newsfuse.errors import StoreError

RUN_STATUSES = ("running", "completed", "interrupted", "failed")

_V1: tuple[str, ...] = (
    # One row per distinct content (id = content_id(raw)). ``seq`` keeps arrival order.
    """
    CREATE TABLE documents (
        seq       INTEGER PRIMARY KEY AUTOINCREMENT,
        id        TEXT NOT NULL UNIQUE,
        kind      TEXT NOT NULL,
        url       TEXT,
        encoding  TEXT,
        meta      TEXT NOT NULL DEFAULT '{}',   -- JSON object
        raw       BLOB NOT NULL,
        size      INTEGER NOT NULL,
        added     TEXT NOT NULL
    )
    """,
    # Every path that delivered a document (the same bytes from two paths: two rows).
    """
    CREATE TABLE sources (
        seq       INTEGER PRIMARY KEY AUTOINCREMENT,
        doc_id    TEXT NOT NULL REFERENCES documents(id),
        source    TEXT NOT NULL,
        run_id    INTEGER REFERENCES runs(id),  -- the run that first delivered it
        added     TEXT NOT NULL,
        UNIQUE (doc_id, source)
    )
    """,
    "CREATE INDEX sources_by_source ON sources(source)",
    # Which run delivered which (document, source): ``articles(run_id=...)`` reads this.
    """
    CREATE TABLE run_documents (
        run_id    INTEGER NOT NULL REFERENCES runs(id),
        doc_id    TEXT NOT NULL REFERENCES documents(id),
        source    TEXT NOT NULL,
        PRIMARY KEY (run_id, doc_id, source)
    ) WITHOUT ROWID
    """,
    # At most one article per document: the latest extraction (see ``extractor_version``).
    """
    CREATE TABLE articles (
        doc_id             TEXT PRIMARY KEY REFERENCES documents(id),
        source             TEXT NOT NULL,
        kind               TEXT NOT NULL,
        title              TEXT,
        author             TEXT,
        published          TEXT,
        outlet             TEXT,
        credit             TEXT,
        language           TEXT,
        url                TEXT,
        extractor          TEXT NOT NULL,
        extractor_version  TEXT NOT NULL,
        text               TEXT NOT NULL,
        removed            TEXT NOT NULL DEFAULT '[]',  -- JSON list of {text, reason, line}
        passages           TEXT NOT NULL DEFAULT '[]',  -- JSON list of {start, end, title}
        warnings           TEXT NOT NULL DEFAULT '[]'   -- JSON list of strings
    ) WITHOUT ROWID
    """,
    """
    CREATE TABLE runs (
        id        INTEGER PRIMARY KEY AUTOINCREMENT,
        started   TEXT NOT NULL,
        finished  TEXT,
        status    TEXT NOT NULL
                  CHECK (status IN ('running', 'completed', 'interrupted', 'failed')),
        inputs    TEXT NOT NULL DEFAULT '[]',   -- JSON list of the inputs as given
        settings  TEXT NOT NULL DEFAULT '{}',   -- JSON object
        counts    TEXT NOT NULL DEFAULT '{}',   -- JSON object of str -> int
        pid       INTEGER,                      -- the process running it, to detect kills
        host      TEXT
    )
    """,
    """
    CREATE TABLE failures (
        seq       INTEGER PRIMARY KEY AUTOINCREMENT,
        run_id    INTEGER NOT NULL REFERENCES runs(id),
        source    TEXT NOT NULL,
        stage     TEXT NOT NULL,
        reason    TEXT NOT NULL,
        added     TEXT NOT NULL
    )
    """,
    "CREATE INDEX failures_by_run ON failures(run_id)",
)

# Copy links and source families (issue 3). They are derived from the articles, so each run
# that changes the articles replaces them whole (``Store.replace_copies``); nothing is deleted
# from the articles themselves.
_V2: tuple[str, ...] = (
    """
    CREATE TABLE links (
        a          TEXT NOT NULL REFERENCES articles(doc_id),
        b          TEXT NOT NULL REFERENCES articles(doc_id),
        type       TEXT NOT NULL CHECK (type IN ('exact_copy', 'near_duplicate', 'contains',
                                                 'rewrite_of', 'shares_passage')),
        score      REAL NOT NULL,
        a_passage  INTEGER NOT NULL DEFAULT -1,   -- -1: the whole article
        b_passage  INTEGER NOT NULL DEFAULT -1,
        evidence   TEXT NOT NULL DEFAULT '{}',   -- JSON: detector, spans, aligned, facts
        run_id     INTEGER REFERENCES runs(id),
        PRIMARY KEY (a, b, type, a_passage, b_passage)
    ) WITHOUT ROWID
    """,
    "CREATE INDEX links_by_b ON links(b)",
    """
    CREATE TABLE families (
        id         TEXT PRIMARY KEY,
        members    TEXT NOT NULL,                -- JSON list of article ids
        original   TEXT,
        credited   TEXT,
        reasons    TEXT NOT NULL DEFAULT '[]',   -- JSON list of strings
        flags      TEXT NOT NULL DEFAULT '{}',   -- JSON object: flag -> list of article ids
        run_id     INTEGER REFERENCES runs(id)
    ) WITHOUT ROWID
    """,
)

# Stories (issue 4): the clusterer's state (one zlib-compressed JSON blob, so incremental runs
# add to the same stories) and the story records for queries. Both are replaced together.
_V3: tuple[str, ...] = (
    """
    CREATE TABLE story_state (
        id        INTEGER PRIMARY KEY CHECK (id = 1),
        state     BLOB NOT NULL,               -- zlib(JSON) of StoryClusterer.to_state()
        updated   TEXT NOT NULL,
        run_id    INTEGER REFERENCES runs(id)
    )
    """,
    """
    CREATE TABLE stories (
        id          TEXT PRIMARY KEY,
        label       TEXT NOT NULL,
        first_seen  TEXT,
        last_seen   TEXT,
        record      TEXT NOT NULL,             -- JSON of Story.to_dict()
        run_id      INTEGER REFERENCES runs(id)
    ) WITHOUT ROWID
    """,
)

# Claims (issue 5): the claim clusters of every story and the entities with their aliases.
# Derived from the articles, copies and stories, so each run replaces them whole
# (``Store.replace_claims``).
_V4: tuple[str, ...] = (
    """
    CREATE TABLE claim_clusters (
        id         TEXT PRIMARY KEY,
        story      TEXT NOT NULL,
        kind       TEXT NOT NULL CHECK (kind IN ('quantity', 'quote', 'event', 'statement')),
        status     TEXT NOT NULL CHECK (status IN ('corroborated', 'single_source',
                                                   'conflicting', 'differing_estimates')),
        families   INTEGER NOT NULL,
        seq        INTEGER NOT NULL,               -- order within the story
        record     TEXT NOT NULL,                  -- JSON of ClaimCluster.to_dict()
        run_id     INTEGER REFERENCES runs(id)
    ) WITHOUT ROWID
    """,
    "CREATE INDEX claim_clusters_by_story ON claim_clusters(story, seq)",
    """
    CREATE TABLE entities (
        id         TEXT PRIMARY KEY,
        name       TEXT NOT NULL,
        kind       TEXT NOT NULL,
        record     TEXT NOT NULL,                  -- JSON of Entity.to_dict()
        run_id     INTEGER REFERENCES runs(id)
    ) WITHOUT ROWID
    """,
)

# Briefs (issue 6): the cited brief of every story, as JSON of Brief.to_dict(). Derived from
# everything above, so each run replaces them whole (``Store.replace_briefs``).
_V5: tuple[str, ...] = (
    """
    CREATE TABLE briefs (
        story      TEXT PRIMARY KEY,
        label      TEXT NOT NULL,
        families   INTEGER NOT NULL,
        seq        INTEGER NOT NULL,               -- the order of the index page
        record     TEXT NOT NULL,                  -- JSON of Brief.to_dict()
        run_id     INTEGER REFERENCES runs(id)
    ) WITHOUT ROWID
    """,
)

# Full-text search over the articles (issue 16): an FTS5 index of each article's title, outlet
# and clean text, its rowid the document's ``seq``. Triggers keep it in step with ``articles``
# whoever writes them (an upsert fires the update trigger); the articles stored before are
# indexed by the migration itself.
_V6: tuple[str, ...] = (
    """
    CREATE VIRTUAL TABLE article_fts USING fts5(
        title, outlet, text, tokenize = 'unicode61 remove_diacritics 2'
    )
    """,
    """
    CREATE TRIGGER article_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO article_fts (rowid, title, outlet, text)
        VALUES ((SELECT seq FROM documents WHERE id = new.doc_id),
                new.title, new.outlet, new.text);
    END
    """,
    """
    CREATE TRIGGER article_fts_update AFTER UPDATE ON articles BEGIN
        DELETE FROM article_fts WHERE rowid = (SELECT seq FROM documents WHERE id = old.doc_id);
        INSERT INTO article_fts (rowid, title, outlet, text)
        VALUES ((SELECT seq FROM documents WHERE id = new.doc_id),
                new.title, new.outlet, new.text);
    END
    """,
    """
    CREATE TRIGGER article_fts_delete AFTER DELETE ON articles BEGIN
        DELETE FROM article_fts WHERE rowid = (SELECT seq FROM documents WHERE id = old.doc_id);
    END
    """,
    """
    INSERT INTO article_fts (rowid, title, outlet, text)
    SELECT d.seq, a.title, a.outlet, a.text FROM articles a JOIN documents d ON d.id = a.doc_id
    """,
)

# `newsfuse watch` (issue 16): what it knows of each feed (validators for conditional GET,
# the last poll) and of each entry (its link, whether the page behind it is stored, failed or
# not allowed), so a restarted watch resumes and never fetches a stored entry again.
_V7: tuple[str, ...] = (
    """
    CREATE TABLE watch_feeds (
        url            TEXT PRIMARY KEY,
        title          TEXT,
        etag           TEXT,
        last_modified  TEXT,
        checked        TEXT,                    -- the last poll, ISO 8601 UTC
        status         TEXT,                    -- 'ok', 'not modified' or the error
        entries        INTEGER NOT NULL DEFAULT 0
    ) WITHOUT ROWID
    """,
    """
    CREATE TABLE watch_entries (
        link       TEXT PRIMARY KEY,            -- the entry's link as the feed gives it
        feed       TEXT NOT NULL,
        title      TEXT,
        published  TEXT,
        state      TEXT NOT NULL CHECK (state IN ('new', 'fetched', 'stored', 'failed',
                                                  'disallowed')),
        attempts   INTEGER NOT NULL DEFAULT 0,
        error      TEXT,
        doc_id     TEXT,                        -- the stored document of the page
        inbox      TEXT,                        -- the inbox file that holds the fetched page
        seen       TEXT NOT NULL,
        updated    TEXT NOT NULL
    ) WITHOUT ROWID
    """,
    "CREATE INDEX watch_entries_by_state ON watch_entries(state)",
)

# The wordings (variants) of the claim clusters by article (issue 16): an article page shows
# its claims without reading every cluster of its stories (a story of 400 reports holds
# thousands, megabytes of JSON). Kept in step with ``claim_clusters`` by triggers, whoever
# writes it; the clusters stored before are read by the migration itself.
_VARIANT_ROWS = """
    SELECT json_extract(v.value, '$.article'), {c}.id, {c}.story,
           json_extract(v.value, '$.span[0]'), json_extract(v.value, '$.span[1]'),
           json_extract(v.value, '$.text'), json_extract(v.value, '$.speaker')
    FROM json_each({c}.record, '$.variants') v
"""
_V8: tuple[str, ...] = (
    """
    CREATE TABLE claim_variants (
        article    TEXT NOT NULL,
        cluster    TEXT NOT NULL,
        story      TEXT NOT NULL,
        start      INTEGER,
        end        INTEGER,
        text       TEXT,
        speaker    TEXT
    )
    """,
    "CREATE INDEX claim_variants_by_article ON claim_variants(article)",
    "CREATE INDEX claim_variants_by_cluster ON claim_variants(cluster)",
    """
    CREATE TRIGGER claim_variants_insert AFTER INSERT ON claim_clusters BEGIN
        DELETE FROM claim_variants WHERE cluster = new.id;
        INSERT INTO claim_variants (article, cluster, story, start, end, text, speaker)
    """
    + _VARIANT_ROWS.format(c="new")
    + """;
    END
    """,
    """
    CREATE TRIGGER claim_variants_update AFTER UPDATE ON claim_clusters BEGIN
        DELETE FROM claim_variants WHERE cluster = old.id;
        INSERT INTO claim_variants (article, cluster, story, start, end, text, speaker)
    """
    + _VARIANT_ROWS.format(c="new")
    + """;
    END
    """,
    """
    CREATE TRIGGER claim_variants_delete AFTER DELETE ON claim_clusters BEGIN
        DELETE FROM claim_variants WHERE cluster = old.id;
    END
    """,
    "INSERT INTO claim_variants (article, cluster, story, start, end, text, speaker) "
    + _VARIANT_ROWS.format(c="c").replace("FROM json_each", "FROM claim_clusters c, json_each"),
)

# Incremental runs (issue 14). (1) What the claim finders read in an article, kept so that a
# later run recomputing a story's claims reads its members' findings instead of their texts
# (``version``: the finders' code it was read with). (2) Per story, a digest of everything its
# claims and brief are made from, and its entities: a run recomputes only the stories whose
# inputs changed. (3) The claim clusters, briefs and entities hold large JSON records: as
# WITHOUT ROWID tables each record spilled into mostly empty overflow pages (on Timeline17 the
# claim table took 320 MB for 93 MB of records), so they become ordinary rowid tables; the
# status and kind checks go (the records are checked by the code that writes them).
_V9: tuple[str, ...] = (
    """
    CREATE TABLE findings (
        article   TEXT NOT NULL,
        anchor    TEXT NOT NULL,               -- the day relative dates resolve against, or ''
        version   TEXT NOT NULL,
        data      BLOB NOT NULL,               -- store.codec (zlib JSON) of the findings
        PRIMARY KEY (article, anchor)
    )
    """,
    """
    CREATE TABLE story_inputs (
        story     TEXT PRIMARY KEY,
        digest    TEXT NOT NULL,               -- of the inputs of its claims and brief
        entities  BLOB NOT NULL,               -- store.codec of the story's entities
        run_id    INTEGER REFERENCES runs(id)
    )
    """,
    """
    CREATE TABLE claim_clusters_v9 (
        id         TEXT PRIMARY KEY,
        story      TEXT NOT NULL,
        kind       TEXT NOT NULL,
        status     TEXT NOT NULL,
        families   INTEGER NOT NULL,
        seq        INTEGER NOT NULL,
        record     TEXT NOT NULL,
        run_id     INTEGER REFERENCES runs(id)
    )
    """,
    "INSERT INTO claim_clusters_v9 SELECT id, story, kind, status, families, seq, record, run_id "
    "FROM claim_clusters",
    "DROP TABLE claim_clusters",  # its index and triggers go with it; claim_variants stay
    "ALTER TABLE claim_clusters_v9 RENAME TO claim_clusters",
    "CREATE INDEX claim_clusters_by_story ON claim_clusters(story, seq)",
    *_V8[3:6],  # the triggers that keep claim_variants in step
    """
    CREATE TABLE briefs_v9 (
        story      TEXT PRIMARY KEY,
        label      TEXT NOT NULL,
        families   INTEGER NOT NULL,
        seq        INTEGER NOT NULL,
        record     TEXT NOT NULL,
        run_id     INTEGER REFERENCES runs(id)
    )
    """,
    "INSERT INTO briefs_v9 SELECT story, label, families, seq, record, run_id FROM briefs",
    "DROP TABLE briefs",
    "ALTER TABLE briefs_v9 RENAME TO briefs",
    """
    CREATE TABLE entities_v9 (
        id         TEXT PRIMARY KEY,
        name       TEXT NOT NULL,
        kind       TEXT NOT NULL,
        record     TEXT NOT NULL,
        run_id     INTEGER REFERENCES runs(id)
    )
    """,
    "INSERT INTO entities_v9 SELECT id, name, kind, record, run_id FROM entities",
    "DROP TABLE entities",
    "ALTER TABLE entities_v9 RENAME TO entities",
)

# The copy index (issue 14): what ``newsfuse.dedup.index.CopyIndex`` keeps so that a run
# queries it with its new articles only. One row per indexed article (its number in the index
# arrays, the hash of its normalised words, its day and site, its provenance reading and its
# fact keys); the sorted runs of the three key -> article multimaps (sampled word shingles,
# MinHash LSH bands, fact bands); the counts behind outlet names and acronyms; the raw outlet
# and credit keys of each article (to find the articles a credit rule or an acronym touches);
# the pairs the credit rule joined; and the family of each article.
_V10: tuple[str, ...] = (
    """
    CREATE TABLE copy_docs (
        num     INTEGER PRIMARY KEY,
        doc_id  TEXT NOT NULL UNIQUE,
        exact   INTEGER NOT NULL,             -- 63-bit hash of the normalised words, 0: none
        day     INTEGER NOT NULL,             -- days since 1970-01-01 (1 << 30: undated)
        site    TEXT,
        info    BLOB NOT NULL,                -- zlib(JSON) of provenance.Info
        facts   BLOB NOT NULL                 -- zlib of the fact keys per unit (uint64)
    )
    """,
    "CREATE INDEX copy_docs_by_exact ON copy_docs(exact)",
    """
    CREATE TABLE copy_runs (
        kind    TEXT NOT NULL,                -- 'shingle', 'band', 'fact'
        rid     INTEGER NOT NULL,
        size    INTEGER NOT NULL,
        keys    BLOB NOT NULL,                -- uint64, sorted
        docs    BLOB NOT NULL,                -- uint32 article numbers
        PRIMARY KEY (kind, rid)
    ) WITHOUT ROWID
    """,
    """
    CREATE TABLE copy_origins (
        kind    TEXT NOT NULL,                -- 'outlet', 'own', 'def', 'name'
        key     TEXT NOT NULL,
        value   TEXT NOT NULL,
        count   INTEGER NOT NULL,
        PRIMARY KEY (kind, key, value)
    ) WITHOUT ROWID
    """,
    """
    CREATE TABLE copy_keys (
        key     TEXT NOT NULL,                -- a raw outlet or credit key
        day     INTEGER NOT NULL,
        num     INTEGER NOT NULL,
        PRIMARY KEY (key, day, num)
    ) WITHOUT ROWID
    """,
    "CREATE INDEX copy_keys_by_num ON copy_keys(num)",
    """
    CREATE TABLE copy_edges (
        a       TEXT NOT NULL,
        b       TEXT NOT NULL,
        PRIMARY KEY (a, b)
    ) WITHOUT ROWID
    """,
    "CREATE INDEX copy_edges_by_b ON copy_edges(b)",
    """
    CREATE TABLE family_members (
        article TEXT PRIMARY KEY,
        family  TEXT NOT NULL
    ) WITHOUT ROWID
    """,
    "CREATE INDEX family_members_by_family ON family_members(family)",
)

# The story index (issue 14): what ``newsfuse.stories.StoryIndex`` keeps so that a run replays
# only the days it changes (see ``newsfuse.store.stories``). Items with their features (read
# once), checkpoints of the clusterer at the end of recent days (stories kept once by content
# hash), and the story records with their last day and a digest. The story records hold large
# JSON, so ``stories`` becomes an ordinary rowid table (as WITHOUT ROWID they spill into mostly
# empty overflow pages).
_V11: tuple[str, ...] = (
    """
    CREATE TABLE stories_v11 (
        id          TEXT PRIMARY KEY,
        label       TEXT NOT NULL,
        first_seen  TEXT,
        last_seen   TEXT,
        record      TEXT NOT NULL,             -- JSON of Story.to_dict()
        run_id      INTEGER REFERENCES runs(id),
        last_day    INTEGER,                   -- last dated member's day (ordinal), NULL: none
        digest      TEXT                       -- of the record and its members' families
    )
    """,
    "INSERT INTO stories_v11 (id, label, first_seen, last_seen, record, run_id) "
    "SELECT id, label, first_seen, last_seen, record, run_id FROM stories",
    "DROP TABLE stories",
    "ALTER TABLE stories_v11 RENAME TO stories",
    "CREATE INDEX stories_by_last_day ON stories(last_day)",
    """
    CREATE TABLE story_items (
        key          TEXT PRIMARY KEY,         -- article id, or "<article id>#<passage>"
        article      TEXT NOT NULL,
        pidx         INTEGER NOT NULL,         -- passage index, -1: the whole article
        day          INTEGER,                  -- publication day (ordinal), NULL: undated
        own_id       TEXT NOT NULL,            -- the id of the story this item would start
        fingerprint  TEXT NOT NULL,
        family       TEXT NOT NULL,
        story        TEXT,
        data         BLOB NOT NULL,            -- zlib(JSON) of the features (or the item)
        failed       TEXT                      -- why the features could not be read
    )
    """,
    "CREATE INDEX story_items_by_day ON story_items(day, article, pidx) WHERE failed IS NULL",
    "CREATE INDEX story_items_by_article ON story_items(article)",
    "CREATE INDEX story_items_by_own ON story_items(own_id)",
    """
    CREATE TABLE story_checkpoints (
        day   INTEGER PRIMARY KEY,             -- the state at the end of this day
        meta  TEXT NOT NULL,                   -- JSON: story counter, [story id, hash] oldest first
        df    BLOB NOT NULL                    -- the document frequencies, compressed
    )
    """,
    "CREATE TABLE story_blobs (hash TEXT PRIMARY KEY, data BLOB NOT NULL)",
    """
    CREATE TABLE story_checkpoint_blobs (
        day   INTEGER NOT NULL,
        hash  TEXT NOT NULL,
        PRIMARY KEY (day, hash)
    ) WITHOUT ROWID
    """,
    "CREATE INDEX story_checkpoint_blobs_by_hash ON story_checkpoint_blobs(hash)",
    "CREATE TABLE story_meta (id INTEGER PRIMARY KEY CHECK (id = 1), meta TEXT NOT NULL)",
)

#: Wordings (variants) of a claim kept in its ``head`` (see _V12).
HEAD_VARIANTS = 12

# Claim heads (issue 16): what a story page lists of each claim, without reading every
# wording. A claim of a large story holds hundreds of wordings (up to 170 KB of JSON in the
# 10k-article store; the fifty claims of its story's first page, a megabyte), and its row in
# the page needs its first few. ``head`` is the record with its first HEAD_VARIANTS variants
# and ``variants_total``, the number it has; the store's writers fill it (``claim_head``), and
# here the rows of an older store get theirs, in the same form (keys in the same order).
_V12: tuple[str, ...] = (
    "ALTER TABLE claim_clusters ADD COLUMN head TEXT",
    f"""
    UPDATE claim_clusters SET head = json_set(
        json_remove(record, '$.variants'),
        '$.variants', json((SELECT json_group_array(json(value)) FROM
            (SELECT value FROM json_each(record, '$.variants') LIMIT {HEAD_VARIANTS}))),
        '$.variants_total', json_array_length(record, '$.variants'))
    """,
)


def claim_head(record: dict[str, Any]) -> dict[str, Any]:
    """The head of a claim cluster's record (``ClaimCluster.to_dict()``): the record with its
    first HEAD_VARIANTS variants, and ``variants_total``, as _V12 makes it."""
    if "variants_total" in record:
        return record
    variants = record.get("variants") or []
    head = {k: v for k, v in record.items() if k != "variants"}
    head["variants"] = variants[:HEAD_VARIANTS]
    head["variants_total"] = len(variants)
    return head


#: The ordered migrations; ``len(MIGRATIONS)`` is the schema version this code writes.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    _V1, _V2, _V3, _V4, _V5, _V6, _V7, _V8, _V9, _V10, _V11, _V12,
)  # fmt: skip

SCHEMA_VERSION = len(MIGRATIONS)


def schema_version(conn: sqlite3.Connection) -> int:
    """The ``user_version`` of the database behind ``conn`` (0 for a new, empty database)."""
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(
    conn: sqlite3.Connection,
    path: str,
    migrations: Sequence[Sequence[str]] = MIGRATIONS,
) -> int:
    """Bring the database behind ``conn`` up to ``len(migrations)``; give the version reached.

    ``conn`` must be in autocommit mode (``isolation_level=None``). Each migration runs in its
    own ``BEGIN IMMEDIATE`` transaction together with the ``user_version`` bump, so a crash
    leaves the store at a whole version, and two processes opening a new store at once do not
    both run a migration. Raises StoreError (naming ``path``) when the store was written by a
    newer newsfuse than this one, i.e. its version is above ``len(migrations)``.
    """
    target = len(migrations)
    while True:
        current = schema_version(conn)
        if current > target:
            raise StoreError(
                f"the store has schema version {current}, newer than this newsfuse knows "
                f"(version {target}); upgrade newsfuse to open it",
                source=path,
            )
        if current == target:
            return current
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Re-read under the write lock: another process may have migrated meanwhile.
            if schema_version(conn) == current:
                for statement in migrations[current]:
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {current + 1}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
