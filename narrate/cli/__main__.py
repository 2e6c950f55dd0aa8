"""`python -m narrate.cli`: the same as `python -m narrate`."""

from narrate.__main__ import run

if __name__ == "__main__":
    run()
