"""`python -m qualcode` is the same as the `qualcode` command."""

from qualcode.cli import main

if __name__ == "__main__":
    main()
