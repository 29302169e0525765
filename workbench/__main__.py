"""`python -m workbench` runs the same CLI as the `workbench` command."""

from workbench.cli import main

raise SystemExit(main())
