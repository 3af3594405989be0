"""briefings: the plain library behind the flows. One module per stage; no Prefect import here."""

from pipeline.config import Settings, load_settings
from pipeline.errors import BriefingsError, ConfigError, InputError, ModelError, NetworkError, OutputError

__all__ = [
    "BriefingsError",
    "ConfigError",
    "InputError",
    "ModelError",
    "NetworkError",
    "OutputError",
    "Settings",
    "load_settings",
]
