"""The pure text layer: strings in, dataclasses out. No database, no UI, no network."""
