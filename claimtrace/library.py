"""The library as the command line calls it: every name `cli.py` uses, imported from where it
lives. `cli.py` imports this module on first use (`cli.lib`), so `claimtrace --help` loads none
of it, and mypy checks every call through `lib` against these names.
"""

from __future__ import annotations

from .batch import run_batch
from .inputs import STDIN, STDIN_NAME, InputProblem, plan_inputs
from .jobs import RunConfig, jobs_for
from .output import atomic_directory, atomic_path, check_output, check_output_directory, open_output
from .ledger import DocumentEnd, DocumentStart, Records
from .partitioned import run_partitioned
from .pipeline import ExtractOptions, claim_judge
from .readers import DIRECTORY_EXTENSIONS, byte_limit, check_encoding
from .scoring import load_scorer
from .totals import BatchTotals
from .writers import LEDGER, REFERENCES, WriteOptions, format_for_path, make_writer, writer_class

__all__ = [
    "DIRECTORY_EXTENSIONS", "LEDGER", "REFERENCES", "STDIN", "STDIN_NAME", "BatchTotals", "DocumentEnd", "DocumentStart",
    "ExtractOptions", "InputProblem", "Records",
    "RunConfig", "WriteOptions", "atomic_directory", "atomic_path", "byte_limit", "check_encoding", "check_output",
    "check_output_directory", "claim_judge", "format_for_path", "jobs_for", "load_scorer", "make_writer",
    "open_output", "plan_inputs", "run_batch", "run_partitioned", "writer_class",
]
