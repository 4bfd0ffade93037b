"""`mnist-course doctor`: one line per item, and a non-zero exit when the course lacks one."""

from __future__ import annotations

import builtins

from mnist_course import doctor
from mnist_course.data import DATA_ENV


def test_a_healthy_machine_says_so(monkeypatch, capsys, tmp_path):
    data = tmp_path / "mnist.npz"
    data.write_bytes(b"not checked here")
    monkeypatch.setenv(DATA_ENV, str(data))
    monkeypatch.setattr(
        doctor, "package_finding", lambda name, label, fix: doctor.Finding("ok", label, "1.0")
    )
    monkeypatch.setattr(doctor.sys, "version_info", (3, 12, 0))
    assert doctor.run_doctor(None) == 0
    output = capsys.readouterr().out
    assert f"from ${DATA_ENV} = {data}" in output
    assert "Everything the course needs is here." in output


def test_missing_tensorflow_is_named_with_its_cure(monkeypatch, capsys):
    real_import = builtins.__import__

    def refuse(name, *args, **kwargs):
        if name == "tensorflow":
            raise ImportError("No module named 'tensorflow'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(doctor.importlib, "import_module", lambda name: refuse(name))
    finding = doctor.package_finding("tensorflow", "TensorFlow", "reinstall with `uv sync`")
    assert finding.status == "missing"
    assert "ImportError" in finding.detail and "uv sync" in finding.detail


def test_an_unsupported_python_is_missing_with_advice(monkeypatch):
    monkeypatch.setattr(doctor.sys, "version_info", (3, 14, 0))
    finding = doctor.python_finding()
    assert finding.status == "missing"
    assert "3.11 to 3.13" in finding.detail and "uv" in finding.detail


def test_a_named_data_file_that_is_not_there_is_missing(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv(DATA_ENV, str(tmp_path / "nowhere.npz"))
    monkeypatch.setattr(
        doctor, "package_finding", lambda name, label, fix: doctor.Finding("ok", label, "1.0")
    )
    assert doctor.data_finding().status == "missing"
    assert doctor.run_doctor(None) == 1
    assert "The course needs: MNIST" in capsys.readouterr().out


def test_no_data_yet_is_a_note_not_a_failure(monkeypatch, tmp_path):
    monkeypatch.delenv(DATA_ENV, raising=False)
    monkeypatch.setenv("MNIST_COURSE_CACHE_DIR", str(tmp_path))
    finding = doctor.data_finding()
    assert finding.status == "note" and "downloads it" in finding.detail
