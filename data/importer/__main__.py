import sys

from data.importer.cli import main

sys.exit(main())
