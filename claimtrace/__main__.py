"""`python -m claimtrace` runs the command line."""

from .cli import main

main()
