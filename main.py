"""Starts Privacy Desk: the same entry point as the `privacy-desk` command."""

from privacy_desk.cli import main

raise SystemExit(main())
