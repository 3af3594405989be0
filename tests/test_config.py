from pathlib import Path

import pytest

from pipeline.config import Settings, load_settings
from pipeline.errors import ConfigError


def test_defaults_without_any_file_or_environment(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    settings = load_settings(environ={})
    assert settings.targets == ("en", "de", "fr")
    assert settings.out == Path("outputs")
    assert settings.database == Path("outputs/.state/state.sqlite3")
    assert settings.translation.compute_type == "int8"


def test_layers_file_then_environment_then_flags(tmp_path):
    config = tmp_path / "briefings.toml"
    config.write_text('targets = ["en", "es"]\nout = "briefs"\n[translation]\nbeam_size = 4\n[summary]\nsentences = 3\n')
    settings = load_settings(config, environ={"BRIEFINGS_TRANSLATION_BEAM_SIZE": "3", "BRIEFINGS_OUT": "env-out"})
    assert settings.targets == ("en", "es")
    assert settings.translation.beam_size == 3
    assert settings.out == Path("env-out")
    assert settings.summary.sentences == 3
    flagged = load_settings(config, {"targets": "de,fr", "out": None}, environ={"BRIEFINGS_OUT": "env-out"})
    assert flagged.targets == ("de", "fr")
    assert flagged.out == Path("env-out")


def test_old_and_alternative_language_codes_become_the_ones_models_use(tmp_path):
    # Argos's Norwegian models are nb; "no" would wait for a model that never comes
    settings = load_settings(None, {"targets": "en,no,nb,iw"}, environ={})
    assert settings.targets == ("en", "nb", "he")


def test_config_file_found_in_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "briefings.toml").write_text('targets = ["ru"]\n')
    assert load_settings(environ={}).targets == ("ru",)


@pytest.mark.parametrize(
    "text, message",
    [
        ('targets = ["english"]', "'english' is not an ISO 639-1"),
        ('colour = "red"', "unknown setting 'colour'"),
        ('[summary]\nalgorithm = "magic"', "'magic' is not one of"),
        ('[translation]\nbeam_size = "wide"', "'wide' is not a valid int"),
        ('[translation]\ncompute_type = "float64"', "not one of int8"),
        ('[schedule]\ntimezone = "Mars/Olympus"', "not an IANA time zone"),
        ("targets = [", "not valid TOML"),
    ],
)
def test_invalid_settings_fail_early_naming_the_value(tmp_path, text, message):
    config = tmp_path / "briefings.toml"
    config.write_text(text)
    with pytest.raises(ConfigError, match=message.replace("(", r"\(")):
        load_settings(config, environ={})


def test_unknown_environment_variable_is_reported():
    with pytest.raises(ConfigError, match="BRIEFINGS_TARGET: no such setting"):
        load_settings(environ={"BRIEFINGS_TARGET": "en"})


def test_missing_config_file_is_reported(tmp_path):
    with pytest.raises(ConfigError, match="does not exist"):
        load_settings(tmp_path / "nope.toml", environ={})


def test_settings_are_frozen():
    with pytest.raises(Exception):
        Settings().targets = ("en",)  # type: ignore[misc]


def test_schedule_cron():
    assert load_settings(overrides={}, environ={"BRIEFINGS_SCHEDULE_DAILY_TIME": "06:30"}).schedule.cron() == "30 6 * * *"
