"""peerbot's composition root: configuration, the Slack app, the web and clock processes."""
