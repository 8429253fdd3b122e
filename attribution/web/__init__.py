"""The server-rendered newsroom UI: reading pages open to all, writes by role."""
