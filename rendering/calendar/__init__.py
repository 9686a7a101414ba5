"""Calendar renderers: the Add to calendar buttons, pause notices and lists, the feed on Home."""
