"""Actions: the only way data changes. Each is one BEGIN IMMEDIATE transaction with its audit event."""
