"""The few exception types the pipeline raises; the CLI turns each into one line and an exit code."""

from __future__ import annotations


class BriefingsError(Exception):
    """Base class: a message a user can act on, and the process exit code it maps to."""

    exit_code = 1


class ConfigError(BriefingsError):
    """A setting is invalid: the message names the key, the value and the valid choices."""

    exit_code = 2


class InputError(BriefingsError):
    """A document cannot be processed. `reason` is a short machine-readable tag stored in the state database."""

    exit_code = 3

    def __init__(self, message: str, reason: str = "invalid-input") -> None:
        super().__init__(message)
        self.reason = reason


class ModelError(BriefingsError):
    """A translation package is missing, invalid or failed to load."""

    exit_code = 4


class NetworkError(BriefingsError):
    """Downloading from the Argos package index failed (only `models install` downloads)."""

    exit_code = 5


class OutputError(BriefingsError):
    """Briefings could not be written (read-only folder, full disk); earlier briefings are untouched."""

    exit_code = 6


class OrchestratorError(BriefingsError):
    """The Prefect server could not be started or reached (loopback down, server crashed at start)."""

    exit_code = 7
