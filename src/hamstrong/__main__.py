"""`python -m hamstrong` runs the command line."""

from hamstrong.cli import main

main()
