"""One module per `specgen` sub-command: `add_arguments(parser)` and `run(args) -> int`."""
