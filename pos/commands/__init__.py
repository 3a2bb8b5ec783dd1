"""Subcommands of `pos`, one module per area; pos/cli.py registers them."""
