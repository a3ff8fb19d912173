"""HQ's own errors."""


class ConfigurationError(Exception):
    """HQ was started without a usable database URL."""
