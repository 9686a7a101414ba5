"""Slack surfaces of the resource library: /resources, its forms, buttons and shortcut."""
