"""Main text and metadata from HTML; boilerplate stripping for already-scraped plain text; live-blog passages."""
