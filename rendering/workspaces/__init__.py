"""What an installer sees in their browser while adding peerbot to a workspace (OAuth mode)."""
