"""Incremental, parallel, never-destructive builds."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import pikepdf
import pytest

from conftest import CASE_YAML, make_project, pdf_text, run, write
from publisher.load.project import load_project
from publisher.build.planner import BuildLock

# every test here runs real builds, most of them several, in worker processes
pytestmark = pytest.mark.slow

EN = "---\ntitle: Demo {n}\n---\n\n## Intro {{#intro}}\n\nHello {n}.[^1]\n\n[^1]: A note.\n"


def two_cases(root: Path) -> Path:
    make_project(root, {"en": EN.format(n=1), "ru": EN.format(n=2).replace(
        "---\n\n", "translated_from: en\n---\n\n", 1)})
    write(root / "cases" / "second" / "case.yaml", CASE_YAML)
    write(root / "cases" / "second" / "en.md", EN.format(n=3))
    return root


def statuses(result) -> dict:
    assert result.exit_code in (0, 1), result.output
    data = json.loads(result.stdout)
    return {(o["case"], o["lang"], o["format"]): o["status"] for o in data["outputs"]}


def build(root, *args):
    return run("build", "--json", *args, cwd=root)


@pytest.fixture
def project(tmp_path):
    root = two_cases(tmp_path)
    first = statuses(build(root, "--to", "html,docx"))
    assert set(first.values()) == {"built"} and len(first) == 6
    return root


def test_noop_rebuild_renders_nothing(project):
    assert set(statuses(build(project, "--to", "html,docx")).values()) == {"skipped"}


def test_touch_without_change_renders_nothing(project):
    os.utime(project / "cases" / "demo" / "en.md")
    assert set(statuses(build(project, "--to", "html,docx")).values()) == {"skipped"}


def test_editing_one_edition_rebuilds_exactly_its_outputs(project):
    path = project / "cases" / "second" / "en.md"
    path.write_text(path.read_text("utf-8") + "\nMore.\n", "utf-8")
    result = statuses(build(project, "--to", "html,docx"))
    built = {k for k, v in result.items() if v == "built"}
    assert built == {("second", "en", "html"), ("second", "en", "docx")}


def test_editing_a_source_rebuilds_its_translations(project):
    path = project / "cases" / "demo" / "en.md"
    path.write_text(path.read_text("utf-8") + "\nMore.\n", "utf-8")
    built = {k[:2] for k, v in statuses(build(project, "--to", "html,docx")).items()
             if v == "built"}
    assert built == {("demo", "en"), ("demo", "ru")}


def test_media_change_rebuilds_only_that_case(project):
    write(project / "cases" / "second" / "media" / "chart.svg",
          '<svg xmlns="http://www.w3.org/2000/svg"/>')
    built = {k[:2] for k, v in statuses(build(project, "--to", "html,docx")).items()
             if v == "built"}
    assert built == {("second", "en")}


def test_brand_change_rebuilds_everything(project):
    brand = project / "styles" / "brand.yaml"
    brand.write_text(brand.read_text("utf-8").replace("#0b4f6c", "#0b4f6d"), "utf-8")
    assert set(statuses(build(project, "--to", "html,docx")).values()) == {"built"}


def test_new_format_or_force_or_missing_output(project):
    result = statuses(build(project, "--to", "html"))
    assert set(result.values()) == {"skipped"}
    (project / "build" / "demo" / "demo.en.html").unlink()
    result = statuses(build(project, "--to", "html"))
    assert [k for k, v in result.items() if v == "built"] == [("demo", "en", "html")]
    (project / "build" / "demo" / "demo.ru.html").write_text("edited by hand", "utf-8")
    result = statuses(build(project, "--to", "html"))
    assert [k for k, v in result.items() if v == "built"] == [("demo", "ru", "html")]
    assert set(statuses(build(project, "--to", "html", "--force")).values()) == {"built"}


def test_failed_edition_keeps_old_pdf_and_others_build(tmp_path):
    root = two_cases(tmp_path)
    assert run("build", "--to", "pdf", cwd=root).exit_code == 0
    good = root / "build" / "demo" / "demo.en.pdf"
    before = good.read_bytes()
    # break one edition, change another: the broken one fails, the changed one builds
    (root / "cases" / "demo" / "en.md").write_text(
        "---\ntitle: Broken\n---\n\n![x](/etc/passwd)\n", "utf-8")
    second = root / "cases" / "second" / "en.md"
    second.write_text(second.read_text("utf-8") + "\nMore.\n", "utf-8")
    result = build(root, "--to", "pdf", "--jobs", "2")
    assert result.exit_code == 1
    got = statuses(result)
    assert got[("demo", "en", "pdf")] == "failed"
    assert got[("second", "en", "pdf")] == "built"
    assert good.read_bytes() == before
    assert "PUB202" in result.stderr


def test_parallel_build_matches_serial(tmp_path):
    a = two_cases(tmp_path / "a")
    b = two_cases(tmp_path / "b")
    assert run("build", "--to", "html", "--jobs", "1", cwd=a).exit_code == 0
    assert run("build", "--to", "html", "--jobs", "2", cwd=b).exit_code == 0
    for path in (a / "build").glob("*/*.html"):
        assert path.read_bytes() == (b / "build" / path.relative_to(a / "build")).read_bytes()


def _complete(path: Path) -> bool:
    try:
        if path.suffix == ".pdf":
            pikepdf.open(path).close()
        elif path.suffix == ".docx":
            zipfile.ZipFile(path).testzip()
        return True
    except Exception:
        return False


#: `publisher` whose main process stops after recording its first finished output, and
#: waits there (interruptible) until it is signalled: the build is then certainly running
PAUSED = """
import sys, time
from pathlib import Path
from publisher.build import planner
from publisher.cli.main import main

ready = Path(sys.argv.pop(1))
record = planner.State.record

def record_then_wait(self, target, fingerprint):
    record(self, target, fingerprint)
    if not ready.exists():
        ready.write_text(str(target))
        while True:
            time.sleep(0.05)

planner.State.record = record_then_wait
sys.argv[0] = "publisher"
main()
"""


def _hear_ctrl_c() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _start_paused(root: Path, *args: str) -> tuple[subprocess.Popen, Path]:
    ready = root / "paused"
    # a suite run as a background job inherits SIGINT ignored; the build must hear a Ctrl-C
    proc = subprocess.Popen([sys.executable, "-c", PAUSED, str(ready), "build", "--project",
                             str(root), *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True,
                            preexec_fn=_hear_ctrl_c)
    return proc, ready


def _wait_until_paused(proc: subprocess.Popen, ready: Path, timeout: float = 180) -> None:
    """Until the paused build has finished its first output (no timing: it waits there)."""
    deadline = time.monotonic() + timeout
    while not ready.exists():
        assert proc.poll() is None, f"the build ended before its first output: {proc.stderr.read()}"
        assert time.monotonic() < deadline, "no output finished in time"
        time.sleep(0.05)


def _many_cases(root: Path, n: int = 6) -> Path:
    two_cases(root)
    body = "\n\n".join(f"## Part {i} {{#p{i}}}\n\n" + "Text of the part. " * 200
                       for i in range(8))
    for i in range(n):
        write(root / "cases" / f"c{i}" / "case.yaml", CASE_YAML)
        write(root / "cases" / f"c{i}" / "en.md", f"---\ntitle: Case {i}\n---\n\n{body}\n")
    return root


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT], ids=["killed", "ctrl-c"])
def test_interrupted_build_leaves_no_partial_file(tmp_path, sig):
    root = _many_cases(tmp_path, n=2)
    proc, ready = _start_paused(root, "--jobs", "2", "--to", "pdf")
    _wait_until_paused(proc, ready)
    assert proc.poll() is None  # still running: it is interrupted in the middle
    os.killpg(proc.pid, sig)
    proc.wait(timeout=120)
    if sig == signal.SIGINT:
        assert proc.returncode == 130, proc.stderr.read()
        assert not list((root / "build").rglob("*.part"))
    else:
        assert proc.returncode == -signal.SIGKILL
    outputs = list((root / "build").glob("*/*.pdf"))
    assert Path(ready.read_text()) in outputs
    assert all(_complete(p) for p in outputs)
    # the next build cleans up after a killed one and finishes the work
    result = build(root, "--to", "pdf")
    assert result.exit_code == 0
    assert not list((root / "build").rglob("*.part"))
    assert "built" in statuses(result).values()


def test_second_build_waits_for_the_first(tmp_path):
    root = two_cases(tmp_path)
    project = load_project(root)
    with BuildLock(project.output):
        proc = subprocess.Popen([sys.executable, "-m", "publisher", "build", "--project",
                                 str(root), "--to", "html"], stderr=subprocess.PIPE, text=True)
        # released only once the second build says it waits (however long it takes to start)
        watchdog = threading.Timer(180, proc.kill)
        watchdog.start()
        first = proc.stderr.readline()
        watchdog.cancel()
        assert "another build of this project is running" in first, first
        assert proc.poll() is None, "the second build did not wait for the lock"
        assert not (root / "build" / "demo").exists()  # and it wrote nothing meanwhile
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert "3 built" in err


RECYCLE = """
import sys
from pathlib import Path
from publisher.build.builder import build
from publisher.load.project import load_project
result = build(load_project(Path(sys.argv[1])), formats=("html",), jobs=2, recycle_after=1)
print(sum(o.status == "built" for o in result.outputs))
"""


def test_workers_are_recycled_without_hanging(tmp_path):
    root = _many_cases(tmp_path, n=5)  # 8 editions, workers replaced after each one
    out = subprocess.run([sys.executable, "-c", RECYCLE, str(root)], capture_output=True,
                         text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "8"


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        text = (task / "children").read_text()
        found += [int(child) for child in text.split()]
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _publisher(*args: str, **kwargs) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "publisher", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, **kwargs)


def test_one_edited_edition_rebuilds_its_outputs_alone(tmp_path):
    root = two_cases(tmp_path)
    assert run("build", "--to", "pdf,html", cwd=root).exit_code == 0
    edition = root / "cases" / "second" / "en.md"
    edition.write_text(edition.read_text("utf-8") + "\nAn edited closing line.\n", "utf-8")
    proc = _publisher("build", "--project", str(root), "--jobs", "2", "--to", "pdf,html",
                      "--json")
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    built = {(o["case"], o["format"]) for o in json.loads(out)["outputs"]
             if o["status"] == "built"}
    assert built == {("second", "pdf"), ("second", "html")}
    assert "An edited closing line." in pdf_text(root / "build" / "second" / "second.en.pdf")


def _snapshot(folder: Path) -> dict[str, int]:
    return {str(p): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def test_workers_of_a_killed_build_exit_and_write_nothing(tmp_path):
    root = _many_cases(tmp_path, n=6)  # 8 editions for 2 workers: work is left after the first
    proc = _publisher("build", "--project", str(root), "--jobs", "2", "--to", "pdf")
    deadline = time.monotonic() + 180
    while not list((root / "build").glob("*/*.pdf")):
        assert proc.poll() is None and time.monotonic() < deadline, "no output was built"
        time.sleep(0.02)
    workers = _children(proc.pid)
    assert workers, "the build has no worker processes"
    proc.kill()  # the main process alone, as the out-of-memory killer would
    proc.wait(timeout=30)
    written = _snapshot(root / "build")
    deadline = time.monotonic() + 30
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in workers), "workers outlived their build"
    assert _snapshot(root / "build") == written, "a worker wrote after its build was killed"


def test_the_site_is_rebuilt_only_when_an_edition_changed(tmp_path):
    root = two_cases(tmp_path)
    first = statuses(build(root, "--to", "html,site"))
    assert first[(None, None, "site")] == "built"
    assert set(statuses(build(root, "--to", "html,site")).values()) == {"skipped"}
    edition = root / "cases" / "second" / "en.md"
    edition.write_text(edition.read_text("utf-8").replace("Hello 3.", "Hello, edited."),
                       "utf-8")
    got = statuses(build(root, "--to", "html,site"))
    assert {k for k, v in got.items() if v == "built"} == {
        (None, None, "site"), ("second", "en", "html")}
    page = (root / "build" / "site" / "en" / "second" / "index.html").read_text("utf-8")
    assert "Hello, edited." in page


def test_a_host_with_threads_builds(tmp_path):
    import threading

    from publisher.build.builder import build as run_build

    root = two_cases(tmp_path)
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        result = run_build(load_project(root), slugs=("second",), formats=("pdf",), jobs=2)
    finally:
        stop.set()
        thread.join()
    assert [(o.case, o.status) for o in result.outputs] == [("second", "built")]
    assert "Hello 3." in pdf_text(root / "build" / "second" / "second.en.pdf")


def test_outputs_of_deleted_cases_and_languages_are_removed(tmp_path):
    """A case folder removed, and a language of another case removed: their outputs leave
    build/ and the site (pages, zips, catalog) on the next build; a file the project did not
    make stays where it is, with its folder."""
    import shutil

    root = two_cases(tmp_path)
    assert set(statuses(build(root, "--to", "html,docx,site")).values()) == {"built"}
    out = root / "build"
    assert (out / "second" / "second.en.html").is_file()
    assert (out / "site" / "en" / "second" / "index.html").is_file()
    (out / "demo" / "notes.txt").write_text("mine", "utf-8")  # not an output
    shutil.rmtree(root / "cases" / "second")
    (root / "cases" / "demo" / "ru.md").unlink()
    result = build(root, "--to", "html,docx,site")
    assert result.exit_code == 0, result.output
    removed = json.loads(result.stdout)["removed"]
    assert sorted(removed) == ["build/demo/demo.ru.docx", "build/demo/demo.ru.html",
                               "build/second/second.en.docx", "build/second/second.en.html"]
    assert not (out / "second").exists()
    assert sorted(p.name for p in (out / "demo").iterdir()) == [
        "demo.en.docx", "demo.en.html", "notes.txt"]
    site = out / "site"
    assert not (site / "en" / "second").exists() and not (site / "ru").exists()
    catalog = json.loads((site / "catalog.json").read_text("utf-8"))
    assert [p["slug"] for p in catalog["publications"]] == ["demo"]
    assert [e["lang"] for e in catalog["publications"][0]["editions"]] == ["en"]
    [bundle] = [b for b in catalog["bundles"]]
    with zipfile.ZipFile(site / bundle["path"]) as archive:
        assert sorted(archive.namelist()) == sorted(
            f"demo/{n}" for n in ("demo.en.docx", "demo.en.html", "demo.en.bib",
                                  "demo.en.csl.json"))
    assert "second" not in (site / "SHA256SUMS").read_text("utf-8")
    # `publisher check` no longer sees them, and the next build has nothing to remove
    again = build(root, "--to", "html,docx,site")
    assert json.loads(again.stdout)["removed"] == []
    text = run("build", "--to", "html", cwd=root)
    assert "removed" not in text.output


def test_a_failing_edition_keeps_its_last_good_entry_on_the_site(tmp_path):
    """An edition that fails to rebuild keeps its last good files in build/ and its last good
    page, catalog entry and zip files on the site; the summary and --json say so. Fixed, it
    is updated; deleted, it leaves the site."""
    import shutil

    root = two_cases(tmp_path)
    assert set(statuses(build(root, "--to", "html,site")).values()) == {"built"}
    site = root / "build" / "site"
    page = site / "en" / "second" / "index.html"
    assert "Hello 3." in page.read_text("utf-8")
    edition = root / "cases" / "second" / "en.md"
    edition.write_text(EN.format(n=3) + "\n![Gone](media/missing.png)\n", "utf-8")
    result = build(root, "--to", "html,site")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    got = {(o["case"], o["lang"], o["format"]): o["status"] for o in data["outputs"]}
    assert got[("second", "en", "html")] == "failed" and got[(None, None, "site")] == "built"
    assert data["kept_on_site"] == [{"case": "second", "lang": "en",
                                     "path": "cases/second/en.md", "reason": "failed"}]
    assert "Hello 3." in page.read_text("utf-8")
    catalog = json.loads((site / "catalog.json").read_text("utf-8"))
    assert sorted(p["slug"] for p in catalog["publications"]) == ["demo", "second"]
    [en_zip] = [b["path"] for b in catalog["bundles"] if b["lang"] == "en"]
    with zipfile.ZipFile(site / en_zip) as archive:
        assert b"Hello 3." in archive.read("second/second.en.html")
    index = (site / "en" / "index.html").read_text("utf-8")
    assert 'href="second/index.html"' in index or "second/index.html" in index
    assert "second/second.en.html" in (site / "SHA256SUMS").read_text("utf-8")
    # said in the text summary too, and again when the site is up to date
    text = run("build", "--to", "html,site", cwd=root)
    assert "kept on the site as last built (1 edition" in text.output
    assert "cases/second/en.md" in text.output.split("kept on the site", 1)[1]
    # fixed: the new text replaces the kept one
    edition.write_text(EN.format(n=3).replace("Hello 3.", "Hello, fixed."), "utf-8")
    data = json.loads(build(root, "--to", "html,site").stdout)
    assert data["kept_on_site"] == []
    assert "Hello, fixed." in page.read_text("utf-8")
    # broken again, then deleted: a deleted case is not kept
    edition.write_text(EN.format(n=3) + "\n![Gone](media/missing.png)\n", "utf-8")
    assert json.loads(build(root, "--to", "html,site").stdout)["kept_on_site"] != []
    shutil.rmtree(root / "cases" / "second")
    data = json.loads(build(root, "--to", "html,site").stdout)
    assert data["kept_on_site"] == [] and not (site / "en" / "second").exists()
    catalog = json.loads((site / "catalog.json").read_text("utf-8"))
    assert [p["slug"] for p in catalog["publications"]] == ["demo"]


def test_one_typst_process_lays_out_every_pdf_of_a_build(tmp_path, monkeypatch):
    """The PDF is laid out from a thread of its own while the other formats are written; the
    Typst process must outlive that thread, or every edition pays for starting Typst again."""
    from publisher.render import typst_compile

    started = []
    start = typst_compile._Worker.start

    def counting(worker):
        proc = start(worker)
        if proc.pid not in started:
            started.append(proc.pid)
        return proc

    monkeypatch.setattr(typst_compile._Worker, "start", counting)
    root = two_cases(tmp_path)
    got = statuses(build(root, "--jobs", "1", "--to", "pdf,html"))
    assert set(got.values()) == {"built"} and len(got) == 6
    assert "Hello 3." in pdf_text(root / "build" / "second" / "second.en.pdf")
    assert len(started) == 1, f"Typst was started {len(started)} times for 3 editions"
