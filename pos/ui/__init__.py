"""The Qt layer: thin windows, dialogs and table models over the services."""
