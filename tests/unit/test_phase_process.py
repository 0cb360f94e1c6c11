"""A scan too large for one process resolves each phase in a process of its own: what that
process is given, and how its failure reaches the scan. (That its graph equals a one-process
scan's is specified in test_incremental_scan.)"""

from __future__ import annotations

import pickle
import signal

import pytest

from codeintel.config import load_settings
from codeintel.scan.jobs import BuildJob
from codeintel.scan.phase_process import PhaseProcessError, PhaseRequest, describe_exit, run_phase_process
from codeintel.scan.spill import FactsSpill


def test_spilled_facts_are_read_back_by_another_open_of_the_file(tmp_path):
    with FactsSpill(tmp_path / "facts.spill") as spill:
        spill["a.py"] = b"first"
        spill["b.py"] = b"\x00binary\xff"
        spill["a.py"] = b"second, longer"  # set again: the newest bytes win
        index = pickle.loads(pickle.dumps(spill.index))
    with FactsSpill(tmp_path / "facts.spill", index) as again:
        assert dict(again) == {"a.py": b"second, longer", "b.py": b"\x00binary\xff"}
        assert "c.py" not in again


def test_a_phase_that_fails_in_its_process_raises_with_what_the_process_said(tmp_path):
    settings = load_settings(data_dir=tmp_path / "data")
    job = BuildJob(
        repo_id="r", repo_name="r", location=str(tmp_path), root=str(tmp_path), fresh=True, files=[], changed=[]
    )
    request = PhaseRequest(job=job, settings=settings, language="cobol", spill_path=str(tmp_path / "facts.spill"))
    with pytest.raises(PhaseProcessError) as raised:
        run_phase_process(request, tmp_path)
    message = str(raised.value)
    assert message.startswith("phase cobol: its process exited with status 1")
    assert "no phase 'cobol' in this repository" in message
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("phase-")) == []  # no files left behind


@pytest.mark.parametrize(
    ("status", "said"),
    [
        (-signal.SIGKILL, "its process was killed by SIGKILL (the kernel's out-of-memory killer, most likely)"),
        (-signal.SIGSEGV, "its process was killed by SIGSEGV"),
        (3, "its process exited with status 3"),
    ],
)
def test_how_a_phase_process_ended_is_said_in_words(status, said):
    assert describe_exit(status) == said
