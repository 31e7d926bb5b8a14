"""claimtrace: turn an article, report or paper into a claim ledger.

    >>> import claimtrace
    >>> ledger = claimtrace.extract("Unemployment fell to 4% in 2019.[1] Thank you.")
    >>> [(r.text, r.citations) for r in ledger.rows()]
    [('Unemployment fell to 4% in 2019.[1]', (1,))]

`build_pipeline` (the spaCy pipeline with claimtrace's components) is imported on first use, so
that `import claimtrace` does not load spaCy.
"""

from __future__ import annotations

from typing import Any

from .version import __version__  # noqa: E402
from .errors import ClaimtraceError, InputError, UsageError  # noqa: E402
from .kinds import Kind  # noqa: E402
from .ledger import DocumentLedger, Integrity, Marker, Record, Reference, Summary  # noqa: E402
from .pipeline import ExtractOptions, extract, extract_bytes, extract_path, extract_source  # noqa: E402

__all__ = [
    "ClaimtraceError", "DocumentLedger", "ExtractOptions", "InputError", "Integrity", "Kind",
    "Marker", "Record", "Reference", "Summary", "UsageError", "build_pipeline", "extract",
    "extract_bytes", "extract_path", "extract_source", "__version__",
]


def __getattr__(name: str) -> Any:
    if name == "build_pipeline":
        from .components import build_pipeline

        return build_pipeline
    raise AttributeError(f"module 'claimtrace' has no attribute {name!r}")
