"""The Markdown report of ``benchmarks/dedup_quality.py``, and the targets it checks.

``dedup_quality.py`` measures (scores, errors, realism) into a plain dict, which is what it
saves as JSON; this module turns that dict into the Markdown it prints and saves beside the
JSON, with each link type's score against its target and a paragraph on how the generated
rewrites differ from real ones. Kept apart so the measuring code reads on its own and the
wording of the report can change without touching it.
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _paraphraser import SYNONYMS

# link type -> (target as written, minimum precision, minimum recall, minimum F1)
TARGETS = {
    "exact_copy": ("precision >= 0.98, recall >= 0.95", 0.98, 0.95, None),
    "near_duplicate": ("precision >= 0.98, recall >= 0.95", 0.98, 0.95, None),
    "contains": ("precision >= 0.98, recall >= 0.95", 0.98, 0.95, None),
    "rewrite_of": ("F1 >= 0.85", None, None, 0.85),
}
TARGET_ORIGINAL = 0.90
"""The share of decidable families whose original the detector must name."""


# --- how the generated rewrites differ from real ones -------------------------------------


HONEST = """\
**How the generated rewrites differ from real ones.** *Easier* than real rewrites: every
number, name and quotation survives verbatim, and the rewrite follows the original sentence
for sentence. The paraphraser only swaps words from a {n_syn}-entry table, moves
attributions, time and place phrases and subordinate clauses, flips a few passives, swaps
connectives, merges or splits neighbours and drops adverbs. So a rewrite keeps
{keep_lo:.0%}-{keep_hi:.0%} of the original's word 5-grams (strength 0.9 to 0.3; a light
edit keeps {edit_keep:.0%}) although only about {verb:.0%} of its sentences stay word for
word (mostly quotations, which are never touched): the text is changed a little everywhere
rather than rewritten. A journalist's rewrite of wire copy also reorders paragraphs, adds
background and reaction, cuts most of the original, turns quotes into reported speech,
updates figures and writes a new headline and lede, so far less text survives. timeline17
has few real rewrites to compare with: of its {real_n} cross-outlet pairs sharing 10+
5-grams, the median keeps {real_med:.1%} of the smaller article's 5-grams (a shared quote
or agency paragraph) and {real_half} keep more than half. *Harder* than real rewrites:
the swaps ignore sense and register ("stated"/"noted" for "said" in most sentences, "a
fresh cap", "in spite of"), producing text no journalist would write, which can throw
sentence alignment off; and because so much verbatim text survives, a light rewrite sits
close to the line between ``near_duplicate`` and ``rewrite_of``: the two are told apart
here by the share of sentences changed, not by the share of text shared. The hard
negatives are real but lenient: same-topic articles from other outlets or days that share
fewer than ten 5-grams (real copies and shared passages of timeline17 are never put into
one corpus), so what unrelated families share is names and stock phrases of at most a
dozen or so words ("the Deepwater Horizon rig exploded April 20 killing 11 workers") and
the made-up sites' chrome."""


def honest_paragraph(r: dict[str, Any]) -> str:
    """:data:`HONEST` with the numbers of ``r``, what ``dedup_quality.realism`` returns."""
    g = r["generated"]
    keeps = [v["fivegrams_kept"] for k, v in g.items() if k.startswith("rewrite ")]
    verb = [v["sentences_kept_verbatim"] for k, v in g.items() if k.startswith("rewrite")]
    q = r["real"].get("containment_quartiles") or [0.0, 0.0, 0.0]
    return HONEST.format(
        n_syn=len(SYNONYMS),
        keep_lo=min(keeps or [0.0]),
        keep_hi=max(keeps or [0.0]),
        edit_keep=g.get("edit", {}).get("fivegrams_kept", 0.0),
        verb=statistics.mean(verb or [0.0]),
        real_n=r["real"].get("cross_outlet_pairs", 0),
        real_med=q[1],
        real_half=r["real"].get("above_0.5", 0),
    )


# --- Markdown -----------------------------------------------------------------------------


def _fmt(x: float | None, digits: int = 3) -> str:
    return "n/a" if x is None else f"{x:.{digits}f}"


def results_markdown(res: dict[str, Any]) -> str:
    """The results as Markdown (printed, and saved beside the JSON)."""
    out: list[str] = []
    b = res.get("b")
    if b is not None:
        out += _markdown_b(b, res.get("command", ""))
    a = res.get("a")
    out.append("\n## Part (a): MRPC paraphrase pairs\n")
    if a is None:
        out.append("Not run (benchmarks/paraphrase.py with run_mrpc() is not there yet).")
    elif a.get("skipped"):
        out.append(str(a["skipped"]))
    else:
        out.append("| key | value |\n|---|---|")
        out += [f"| {k} | {v} |" for k, v in _flatten(a)]
    return "\n".join(out) + "\n"


def _flatten(d: Any, prefix: str = "") -> list[tuple[str, str]]:
    if isinstance(d, dict):
        rows: list[tuple[str, str]] = []
        for k, v in d.items():
            rows += _flatten(v, f"{prefix}{k}.")
        return rows
    if isinstance(d, float):
        return [(prefix[:-1], f"{d:.4f}")]
    return [(prefix[:-1], str(d))]


def _markdown_b(b: dict[str, Any], command: str) -> list[str]:
    s = b["score"]
    c = b["corpus"]
    out = [
        "# Copy detection on a generated syndication corpus (timeline17)",
        "",
        f"Command: `{command}`. Corpus: {c['articles']} articles ({c['originals']} originals, "
        f"{c['distractors']} unrelated real articles as hard negatives, the rest derived); "
        f"{c['families']} families, {c['decidable_families']} with a decidable original; "
        f"{c['same_topic_unrelated_real_pairs']} pairs of unrelated real articles of the same "
        "topic (hard negatives). Articles are built as records (no extraction).",
        "",
        "Derived articles: "
        + ", ".join(
            f"{k} {v}" for k, v in c["by_kind"].items() if k not in ("original", "distractor")
        ),
        "",
        "Gold pairs: " + ", ".join(f"{k} {v}" for k, v in c["gold_pairs"].items()),
        "",
        "## Links per type",
        "",
        "| type | precision | recall | F1 | support | predicted | target | met |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for t, m in s["per_type"].items():
        target, met = _target(t, m)
        out.append(
            f"| {t} | {_fmt(m['precision'])} | {_fmt(m['recall'])} | {_fmt(m['f1'])} | "
            f"{m['support']} | {m['predicted']} | {target} | {met} |"
        )
    u = s["untyped"]
    out += [
        "",
        f"Any link, type ignored: precision {_fmt(u['precision'])} (links inside a family, "
        f"don't-care pairs included), recall {_fmt(u['recall'])}. "
        f"{s['links']} linked pairs; {s['duplicate_links']} extra links on an already linked "
        f"pair; {s['links_to_unknown_ids']} links to unknown ids.",
        "",
        "False links between families, by type: "
        + (
            ", ".join(
                f"{k} {v} ({s['cross_family_fp_same_topic'].get(k, 0)} of the same topic, "
                f"{s['cross_family_fp_chrome_only'].get(k, 0)} sharing only site chrome and stock phrases, no 10-word run)"
                for k, v in s["cross_family_fp"].items()
            )
            or "none"
        )
        + ". Links on don't-care pairs (not scored): "
        + (", ".join(f"{k} {v}" for k, v in s["links_on_dont_care_pairs"].items()) or "none")
        + ".",
        "",
        "## Confusion (gold -> predicted, pairs)",
        "",
        "| gold -> predicted | pairs |",
        "|---|---|",
    ]
    out += [f"| {k} | {v} |" for k, v in s["confusion"].items()]
    out += [
        "",
        "## Original-derived pairs by kind",
        "",
        "| kind | pairs | right type | not linked | other |",
        "|---|---|---|---|---|",
    ]
    for kind, row in s["by_kind"].items():
        other = ", ".join(f"{k} {v}" for k, v in row.items() if k.startswith("as "))
        out.append(
            f"| {kind} | {row['n']} | {row.get('right', 0)} | {row.get('none', 0)} | {other} |"
        )
    o = s["original"]
    f = s["families"]
    out += [
        "",
        "## Original",
        "",
        f"Decidable families: {o['decidable']}; original chosen right "
        f"**{_fmt(o['accuracy'])}** (target >= {TARGET_ORIGINAL}); outcomes: "
        + ", ".join(f"{k} {v}" for k, v in o["decidable_outcomes"].items())
        + f". In the {o['decidable_unmixed']} decidable families whose detector family holds "
        f"no other gold family: {_fmt(o['accuracy_unmixed'])}"
        + f". Undecidable families: {o['undecidable']}; detector said None in "
        f"{_fmt(o['undecidable_none_share'])}; outcomes: "
        + ", ".join(f"{k} {v}" for k, v in o["undecidable_outcomes"].items())
        + ".",
        "",
        f"Families: {f['gold_families']} gold, {f['detector_families']} from the detector; "
        f"{f['kept_whole']} gold families kept whole, "
        f"{_fmt(f['members_with_their_original'])} of derived articles in their original's "
        f"family, {f['mixing_gold_families']} detector families mix gold families.",
        "",
        "## Flags",
        "",
    ]
    for name, fl in s["flags"].items():
        if name == "keys_seen":
            out.append(f"- flag keys the detector used: {fl or 'none'}")
            continue
        out.append(
            f"- {name}: {fl['flagged']}/{fl['gold']} flagged ({_fmt(fl['recall'])}); "
            f"{fl['false_flags']} other articles flagged"
            + (f" ({fl['false_flags_by_kind']})" if fl["false_flags"] else "")
            + (
                "; by strength: "
                + ", ".join(f"{k} {_fmt(v, 2)}" for k, v in fl["recall_by_strength"].items())
                if "recall_by_strength" in fl
                else ""
            )
        )
    out += [
        "",
        f"Speed: {_fmt(s['articles_per_s'], 1)} articles/s ({_fmt(s['seconds'], 1)} s for "
        f"{s['articles']} articles).",
        "",
        "## Real copies inside timeline17",
        "",
        _real_pairs_text(c),
        "",
        "## Most telling errors",
        "",
    ]
    for i, e in enumerate(b.get("errors", []), 1):
        out.append(f"{i}. {_error_text(e)}")
    out += ["", "## Realism", "", _realism_table(b["realism"]), "", b["honest"]]
    return out


def _target(t: str, m: dict[str, Any]) -> tuple[str, str]:
    if t not in TARGETS:
        return "-", "-"
    text, p_min, r_min, f_min = TARGETS[t]
    if m["support"] == 0:
        return text, "n/a"
    if f_min is not None:
        ok = (m["f1"] or 0) >= f_min
    else:
        ok = (m["precision"] or 0) >= (p_min or 0) and (m["recall"] or 0) >= (r_min or 0)
    return text, "yes" if ok else "**no**"


def _real_pairs_text(c: dict[str, Any]) -> str:
    r = c["real_pairs"]
    kinds = ", ".join(f"{k} {v}" for k, v in r["by_kind"].items())
    return (
        f"Exact word 5-gram shingles over all {c['pool_articles']} timeline17 articles (after "
        f"removing {c['chrome_sentences_removed']} site-chrome sentences found in 5+ articles): "
        f"{r['pairs']} pairs share 10+ 5-grams, touching {r['articles_involved']} articles "
        f"({kinds}; exact/near: Jaccard >= 0.9 / 0.5, contains: 50%+ of the smaller one). "
        "None of them are labelled: the sampler never puts two related real articles into "
        "one corpus (originals, distractors and the real filler text of pages alike)."
    )


def _error_text(e: dict[str, Any]) -> str:
    if e["what"] == "original":
        return (
            f"original of {e['original_source']} ({e['original_outlet']}, "
            f"{e['original_published']}): {e['outcome']}"
            + (
                f" -> {e['picked_kind']} ({e['picked_source']}, family "
                f"`{e['picked_family']}`) published {e['picked_published']} with cues "
                f"{e['picked_cues']}"
                if e["picked"]
                else ""
            )
            + f"; detector family of {e['family_size']} articles; first reasons "
            f"{e['family_reasons']} of {e['family_reasons_total']} [x{e['times_seen']}]"
        )
    ov = e["overlap"]
    text = (
        f"{e['a_kind']} `{e['a'][:8]}` / {e['b_kind']} `{e['b'][:8]}`: gold {e['gold']}, "
        f"predicted {e['predicted']}"
        + (f" (score {e['score']}, {e['detector']})" if e["score"] is not None else "")
        + f"; 5-gram Jaccard {ov['jaccard']}, a in b {ov['a_in_b']}, b in a {ov['b_in_a']}, "
        f"words {ov['words'][0]}/{ov['words'][1]}"
    )
    if "shared_text" in e:
        text += (
            f"; same topic {e['same_topic']}; only site chrome shared "
            f"{e['shares_only_site_chrome']}; longest shared run: “{e['shared_text'][:160]}”"
        )
    return text + f" [x{e['times_seen']}]"


def _realism_table(r: dict[str, Any]) -> str:
    rows = [
        "| derived kind | n | original's 5-grams kept | original's sentences kept verbatim |",
        "|---|---|---|---|",
    ]
    for k, v in r["generated"].items():
        rows.append(f"| {k} | {v['n']} | {v['fivegrams_kept']} | {v['sentences_kept_verbatim']} |")
    real = r["real"]
    if real.get("containment_quartiles"):
        q = real["containment_quartiles"]
        rows.append(
            f"\nReal timeline17 pairs across outlets sharing 10+ 5-grams: {real['cross_outlet_pairs']}; "
            f"share of the smaller article's 5-grams in the other: quartiles {q[0]}, {q[1]}, {q[2]}; "
            f"{real['above_0.5']} above 0.5."
        )
    return "\n".join(rows)
