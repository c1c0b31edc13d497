"""ingest readers."""
