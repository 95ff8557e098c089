"""What every stage stands on: the model, diagnostics, positions, atomic files, limits, pandoc."""
