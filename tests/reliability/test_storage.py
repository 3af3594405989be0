"""A full disk and a read-only output folder, for real: a small tmpfs mounted over the output folder
inside a private mount namespace (`unshare -rm`). The run fails with one clear line and exit 6,
and the briefings written before are untouched."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

BIN = Path(sys.executable).parent / "briefings"
SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def _can_mount() -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(["unshare", "-rm", "sh", "-c", "d=$(mktemp -d) && mount -t tmpfs -o size=64k tmpfs $d"],
                           capture_output=True)
    return probe.returncode == 0


@pytest.mark.skipif(not _can_mount(), reason="mount namespaces are not available here")
def test_full_disk_and_read_only_folder(tmp_path):
    first, second, third = (tmp_path / n for n in ("in1", "in2", "in3"))
    for inbox, seed in ((first, "ceasefire-2023-09-20.en.txt"), (second, "ceasefire-2023-09-20.fr.txt"),
                        (third, "ceasefire-2023-09-20.es.txt")):
        inbox.mkdir()
        shutil.copy(SEEDS / seed, inbox / seed)
    out = tmp_path / "out"
    out.mkdir()
    script = f"""
set -u
latest() {{ ls -d {out}/20??-??-?? | tail -n 1; }}  # the day the run wrote, even across midnight
mount -t tmpfs -o size=4m tmpfs {out}
{BIN} run --inbox {first} --out {out} --to en > {tmp_path}/r1.log 2>&1; echo $? > {tmp_path}/r1.code
cp "$(latest)/en.md" {tmp_path}/before.md
dd if=/dev/zero of={out}/filler bs=4k count=100000 2>/dev/null
{BIN} run --inbox {second} --out {out} --to en > {tmp_path}/r2.log 2>&1; echo $? > {tmp_path}/r2.code
cp "$(latest)/en.md" {tmp_path}/after-full.md
find {out} -name '.tmp-*' > {tmp_path}/temps.txt
rm {out}/filler
mount -o remount,ro {out}
{BIN} run --inbox {third} --out {out} --to en > {tmp_path}/r3.log 2>&1; echo $? > {tmp_path}/r3.code
cp "$(latest)/en.md" {tmp_path}/after-ro.md
"""
    result = subprocess.run(["unshare", "-rm", "sh", "-c", script], capture_output=True, text=True, timeout=900,
                            env=dict(os.environ))
    assert result.returncode == 0, result.stderr
    read = lambda name: (tmp_path / name).read_text()  # noqa: E731
    assert read("r1.code").strip() == "0", read("r1.log")
    for run in ("r2", "r3"):
        log = read(f"{run}.log")
        assert read(f"{run}.code").strip() == "6", log
        assert "Traceback" not in log, log
        assert "error: cannot write" in log and "earlier briefings are untouched" in log, log
        assert len([line for line in log.splitlines() if line.startswith("error:")]) == 1, log
    assert read("after-full.md") == read("before.md")
    assert read("after-ro.md") == read("before.md")
    assert read("temps.txt") == ""
