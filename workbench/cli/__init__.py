"""The command-line interface: thin views over the engine."""
