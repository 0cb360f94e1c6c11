"""The fine-tuning job over a scanned repository, in process and through the Ray trainer actor:
it learns from the repository's own functions, keeps a versioned checkpoint, records the run, and
changes the model in use exactly when the new checkpoint won on the held-out files."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from codeintel.analysis.embeddings.active import active_model_path
from codeintel.analysis.embeddings.encoder import TextEncoder, model_version
from codeintel.analysis.embeddings.finetune import FineTuneConfig, FineTuneError, history, promote
from codeintel.analysis.embeddings.tuning_job import collect_pairs, run_fine_tuning
from codeintel.config import Settings, load_settings
from codeintel.scan.engine import ScanEngine

NAMES = """
apple river castle engine garden harbor island jungle kettle lantern meadow needle orchard pepper
quartz saddle timber velvet walnut yonder amber bramble cinder dune ember falcon glacier hazel
"""
WORDS = NAMES.split()
FILES = 7
CONFIG = FineTuneConfig(
    epochs=3, batch_size=8, learning_rate=3e-3, warmup=0.0, min_train_pairs=8, min_held_out_pairs=2, threads=1
)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """Seven modules of four documented functions each: 28 pairs."""
    root = tmp_path / "warehouse"
    for index in range(FILES):
        module = root / "warehouse" / f"store{index}.py"
        module.parent.mkdir(parents=True, exist_ok=True)
        module.write_text(
            "\n\n".join(
                textwrap.dedent(
                    f'''
                    def fetch_{word}(db, key):
                        """Fetch the {word} record stored under key."""
                        row = db.get("{word}", key)
                        return row
                    '''
                ).strip()
                for word in WORDS[4 * index : 4 * index + 4]
            )
            + "\n"
        )
    return root


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """A data folder whose model in use is a tiny random encoder, promoted as fine-tuning would."""
    settings = load_settings(data_dir=tmp_path / "data", embeddings={"after_scan": False})
    folder = settings.models_path / "tiny-base"
    tiny = TextEncoder.tiny(seed=5)
    tiny.model.save_pretrained(folder)
    tiny.tokenizer.save_pretrained(folder)
    promote(settings.models_path, folder, model_version(folder))
    return settings


def _check_run(settings: Settings, result) -> None:
    base = settings.models_path / "tiny-base"
    assert result.base_version == model_version(base) and result.version.startswith("finetuned-0001@")
    assert result.train_pairs + result.held_out_pairs == 4 * FILES and result.held_out_pairs % 4 == 0  # whole files
    assert active_model_path(settings) == (Path(result.path) if result.promoted else base)
    [run] = history(settings.models_path)
    assert (run["version"], run["promoted"], run["scores"]) == (
        result.version,
        result.promoted,
        result.scores.model_dump(),
    )


def test_the_job_learns_from_the_scanned_repository_in_process(settings: Settings, project: Path) -> None:
    repo_id = ScanEngine(settings).scan(str(project), use_ray=False).repo_id
    assert {pair.query for pair in collect_pairs(settings)} == {
        f"Fetch the {w} record stored under key." for w in WORDS
    }
    result = run_fine_tuning(settings, [repo_id], CONFIG, use_ray=False)
    assert result.device == "cpu" and result.epochs == len(result.epoch_losses) == 3
    _check_run(settings, result)


@pytest.mark.ray
def test_the_job_runs_in_the_trainer_actor(ray_session, settings: Settings, project: Path) -> None:
    from pipeline.finetune import run_fine_tuning_on_ray

    repo_id = ScanEngine(settings).scan(str(project), use_ray=False).repo_id
    result = run_fine_tuning_on_ray(settings, [repo_id], CONFIG)
    _check_run(settings, result)


def test_no_repository_or_too_few_pairs_is_refused_before_training(settings: Settings, project: Path) -> None:
    with pytest.raises(FineTuneError, match="no repositories to learn from"):
        run_fine_tuning(settings, None, CONFIG)
    repo_id = ScanEngine(settings).scan(str(project), use_ray=False).repo_id
    with pytest.raises(FineTuneError, match=r"28 pairs from 1 repositories: too few pairs to train: 2\d training"):
        run_fine_tuning(settings, [repo_id], CONFIG.model_copy(update={"min_train_pairs": 100}))
    assert history(settings.models_path) == []
