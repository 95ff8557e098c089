"""The author's tools: a new case, a Word draft imported, the live preview."""
