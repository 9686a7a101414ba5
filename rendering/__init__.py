"""Pure Block Kit builders: domain data in, blocks and views out."""
