"""Lapak: an offline point-of-sale desktop app for bazaar stands."""

__version__ = "0.1.0"
APP_NAME = "Lapak"
