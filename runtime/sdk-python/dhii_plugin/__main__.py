"""`python -m dhii_plugin serve ENTRYPOINT`: imports a plugin and serves it (see _serve)."""

import sys

from ._serve import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
