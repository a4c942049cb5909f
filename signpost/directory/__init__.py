"""The domain: who can help, where, and when they are open. Knows nothing of HTTP."""
