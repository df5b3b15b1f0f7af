"""`python -m generator.cli`, the same as the `handbook` console script."""

import sys

from generator.cli import main

sys.exit(main())
