"""Slack surfaces of pulses: /pulse, the builder, answering, results and exports."""
