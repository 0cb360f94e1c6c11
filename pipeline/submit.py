"""Submit a batch (pipeline/batch.py) to a Ray cluster as a job and follow it (`codeintel submit`).

The batch file is validated here first, then shipped, with the settings file, as the job's
working_dir; the entrypoint is `python -m pipeline.batch batch.yaml ...`, which the cluster's
environment can import because codeintel is installed there.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import shlex
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

import yaml
from ray.job_submission import JobSubmissionClient

from pipeline.batch import BatchFile

DEFAULT_ADDRESS = "http://127.0.0.1:8265"
_ADDRESS_VARIABLES = ("RAY_API_SERVER_ADDRESS", "RAY_ADDRESS")


class SubmitError(RuntimeError):
    """The job server could not be reached or refused the job."""


@dataclass(frozen=True)
class JobOutcome:
    status: str
    exit_code: int | None
    message: str | None
    lost_log: str | None = None  # why following the log stopped early, if it did

    @property
    def succeeded(self) -> bool:
        return self.status == "SUCCEEDED"

    def describe(self) -> str:
        text = self.status + ("" if self.exit_code is None else f" (exit code {self.exit_code})")
        return text + (f": {self.message}" if self.exit_code is None and self.message and not self.succeeded else "")


class JobSubmission:
    """A job server at `address` (default: $RAY_API_SERVER_ADDRESS, $RAY_ADDRESS, then the local
    dashboard). Ray lets RAY_ADDRESS override an explicit address; here the explicit one wins."""

    def __init__(self, address: str | None) -> None:
        self.address = address or next(
            (os.environ[v] for v in _ADDRESS_VARIABLES if os.environ.get(v)), DEFAULT_ADDRESS
        )
        hidden = {v: os.environ.pop(v) for v in _ADDRESS_VARIABLES if v in os.environ}
        try:
            self.client = JobSubmissionClient(self.address)
        except Exception as exc:  # noqa: BLE001 - unreachable, wrong port, auth: say which address failed
            raise SubmitError(f"cannot reach the Ray job server at {self.address}: {exc}") from exc
        finally:
            os.environ.update(hidden)

    def submit(
        self,
        batch: BatchFile,
        parallel: int,
        config: Path | None,
        data_dir: Path | None,
        results: Path | None,
        submission_id: str | None,
    ) -> str:
        """Ship the batch (and settings) and start the job; returns its submission id."""
        submission_id = submission_id or f"codeintel-{batch.name}-{secrets.token_hex(4)}"
        command = ["python", "-u", "-m", "pipeline.batch", "batch.yaml", "--parallel", str(parallel)]
        if config is not None:
            command += ["--config", "settings.yaml"]
        if data_dir is not None:
            command += ["--data-dir", str(data_dir.expanduser().resolve())]
        if results is not None:
            command += ["--results", str(results.expanduser().resolve())]
        with tempfile.TemporaryDirectory(prefix="codeintel-submit-") as shipped:
            (Path(shipped) / "batch.yaml").write_text(yaml.safe_dump(batch.model_dump(mode="json"), sort_keys=False))
            if config is not None:
                (Path(shipped) / "settings.yaml").write_bytes(config.read_bytes())
            try:
                self.client.submit_job(
                    entrypoint=shlex.join(command),
                    submission_id=submission_id,
                    runtime_env={"working_dir": shipped},
                    metadata={"codeintel.batch": str(batch.name)},
                )
            except Exception as exc:  # noqa: BLE001 - the job server's message is the useful one
                raise SubmitError(f"the job server at {self.address} refused the job: {exc}") from exc
        return submission_id

    def follow(self, submission_id: str, out: TextIO) -> JobOutcome:
        """Write the job's log to `out` as it comes until the job ends (Ctrl-C raises
        KeyboardInterrupt and leaves the job running)."""

        async def tail() -> None:
            async for chunk in self.client.tail_job_logs(submission_id):
                out.write(chunk)
                out.flush()

        lost = None
        try:
            asyncio.run(tail())
        except RuntimeError as exc:
            lost = str(exc)
        while not (status := self.client.get_job_status(submission_id)).is_terminal():
            time.sleep(0.5)
        info = self.client.get_job_info(submission_id)
        return JobOutcome(status.value, info.driver_exit_code, info.message, lost)
