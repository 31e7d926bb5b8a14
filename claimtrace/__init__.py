"""claimtrace: turn an article, report or paper into a claim ledger.

    >>> import claimtrace
    >>> ledger = claimtrace.extract("Unemployment fell to 4% in 2019.[1] Thank you.")
    >>> [(r.text, r.citations) for r in ledger.rows()]
    [('Unemployment fell to 4% in 2019.[1]', (1,))]
"""

__version__ = "0.1.0"

from .errors import ClaimtraceError, InputError, UsageError  # noqa: E402
from .ledger import DocumentLedger, Marker, Record, Reference, Summary  # noqa: E402
from .pipeline import ExtractOptions, build_pipeline, extract, extract_path, extract_source  # noqa: E402

__all__ = [
    "ClaimtraceError", "DocumentLedger", "ExtractOptions", "InputError", "Marker", "Record",
    "Reference", "Summary", "UsageError", "build_pipeline", "extract", "extract_path",
    "extract_source", "__version__",
]
