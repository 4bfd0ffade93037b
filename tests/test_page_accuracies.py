"""Keras's and the reference's test accuracies, recorded when the site is built for lesson
6's panel (site/build_page_accuracies, issue 23): present in the built site, made by the
build's code from the page's own digits, never typed by hand."""

from __future__ import annotations

import json

import pytest

from mnist_course import config
from mnist_course.site import build_page_accuracies
from mnist_course.site.build_page_subset import SUBSET_SCRIPT
from mnist_course.site.in_browser_training import load_subset

pytestmark = pytest.mark.slow


def built(site) -> tuple[dict, dict]:
    folder = site / "assets" / "inpage"
    accuracies = folder / build_page_accuracies.ACCURACIES_FILE
    assert accuracies.is_file(), f"the build wrote no {accuracies.name}"
    script = (folder / SUBSET_SCRIPT).read_text(encoding="utf-8")
    about = json.loads(script.split("=", 1)[1].strip().rstrip(";"))
    return json.loads(accuracies.read_text(encoding="utf-8")), about


def test_the_build_records_both_networks_for_the_panels_defaults(site):
    recorded, about = built(site)
    assert recorded["subset_sha256"] == about["sha256"]  # the digits the page trains on
    assert recorded["test_images"] == about["counts"]["test"] == config.PAGE_TEST_IMAGES
    assert recorded["settings"] == {
        "images": config.PAGE_TRAIN_IMAGES,
        "batchSize": config.DEFAULT_BATCH_SIZE,
        "seed": config.DEFAULT_SEED,
        "epochs": list(range(1, config.PAGE_RECORDED_EPOCHS + 1)),
    }
    for network, ran_on in (("reference", "NumPy"), ("keras", "TensorFlow")):
        accuracies = recorded[network]["test_accuracy"]
        assert len(accuracies) == config.PAGE_RECORDED_EPOCHS
        assert min(accuracies) > 0.5 and max(accuracies) > 0.9, (network, accuracies)
        assert ran_on in recorded[network]["ran_on"]


def test_the_recorded_reference_is_what_the_pages_loop_computes(site):
    recorded, about = built(site)
    folder = site / "assets" / "inpage"
    subset = load_subset((folder / about["file"]).read_bytes(), about["sha256"])
    settings = recorded["settings"]
    again = build_page_accuracies.reference_accuracies(
        subset,
        epochs=2,
        images=settings["images"],
        batch_size=settings["batchSize"],
        seed=settings["seed"],
    )
    # One test digit either way: BLAS may sum in another order on another run.
    tolerance = 1.5 / recorded["test_images"]
    assert again == pytest.approx(recorded["reference"]["test_accuracy"][:2], abs=tolerance)


def test_keras_is_recorded_epoch_by_epoch_on_the_slices_given(real_mnist):
    from mnist_course.site.build_page_subset import draw_subset

    subset = draw_subset(real_mnist)
    settings = {"images": 640, "batch_size": 32, "seed": 0}
    twice = build_page_accuracies.keras_accuracies(subset, epochs=2, **settings)
    once = build_page_accuracies.keras_accuracies(subset, epochs=1, **settings)
    assert len(twice) == 2 and once == twice[:1]  # a 1-epoch run is the 2-epoch run's start
    assert all(0.1 < accuracy <= 1 for accuracy in twice)
