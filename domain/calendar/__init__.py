"""Calendar: invites and feeds of meetings (RFC 5545), web calendar links, and the network's pauses."""
