"""Partner accounts: passwords, one-time links, invitations and email. Knows nothing of HTTP."""
