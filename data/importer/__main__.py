import sys

from data.quiet import without_runtime_warnings

without_runtime_warnings()  # before the importer's modules load the data layer

from data.importer.cli import main  # noqa: E402

sys.exit(main())
