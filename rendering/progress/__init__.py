"""Block Kit surfaces of network progress: roadmap, progress reports, collaborations, changes made."""
