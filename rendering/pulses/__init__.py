"""Block Kit for pulses: the builder, the DMs and answer form, results and the trend chart."""
