"""`python -m jhakg` runs the command line."""

from jhakg.cli import main

main()
