"""The command line: one module per command group, the options and reports they share."""
