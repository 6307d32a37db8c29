"""newsfuse: many noisy news reports about the same events, one clean, cross-checked account."""

from newsfuse.config import Settings
from newsfuse.errors import NewsfuseError
from newsfuse.records import Article, Failure, Passage, RawDocument, Removed

__version__ = "0.1.0"

__all__ = [
    "Article",
    "Failure",
    "NewsfuseError",
    "Passage",
    "RawDocument",
    "Removed",
    "Settings",
    "__version__",
]
