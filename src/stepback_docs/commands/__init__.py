"""One module per subcommand: ``register`` adds its parser, ``run`` does the work."""
