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

# Everything else is imported on first use: `claimtrace --version` and `import claimtrace` stay
# cheap, and `build_pipeline` does not load spaCy until it is called.
_LAZY = {
    "ClaimtraceError": "errors", "InputError": "errors", "UsageError": "errors", "Kind": "kinds",
    "DocumentLedger": "ledger", "Integrity": "ledger", "Marker": "ledger", "Record": "ledger",
    "Reference": "ledger", "Summary": "ledger", "DocumentStart": "ledger", "Records": "ledger",
    "DocumentEnd": "ledger", "collect": "ledger", "ExtractOptions": "pipeline", "extract": "pipeline",
    "extract_bytes": "pipeline", "extract_path": "pipeline", "extract_source": "pipeline",
    "extract_events": "pipeline", "extract_stream": "pipeline", "build_pipeline": "components",
}

__all__ = [
    "ClaimtraceError", "DocumentEnd", "DocumentLedger", "DocumentStart", "ExtractOptions", "InputError", "Integrity",
    "Kind", "Marker", "Record", "Records", "Reference", "Summary", "UsageError", "build_pipeline", "collect", "extract",
    "extract_bytes", "extract_events", "extract_path", "extract_source", "extract_stream", "__version__",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'claimtrace' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value  # the next access is a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
