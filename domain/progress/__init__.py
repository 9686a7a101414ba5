"""Network progress: the roadmap, progress reports, collaborations, changes made, technical assistance."""
