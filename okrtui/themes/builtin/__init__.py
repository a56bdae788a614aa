"""The built-in themes: TOML files shipped as package data."""
