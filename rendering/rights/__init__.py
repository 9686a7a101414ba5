"""Block Kit for data rights: the copy's summary, the forget-me confirmation and what forgetting did."""
