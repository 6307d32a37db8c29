"""What the tests of the claims layer share."""

#: the keys every claim cluster has in the JSON interface (issue: "newsfuse claims --json")
INTERFACE_KEYS = frozenset(
    "kind text variants status sources families speaker value unit qualifier date".split()  # noqa: SIM905 - a word list reads better as text
)
