"""Translations: section parity, per-section staleness, the matrix, sync, the stale notice."""

from __future__ import annotations

import json
import shutil

import pytest

from conftest import REPO, make_project, run
from publisher.cli.main import cli
from publisher.load.project import load_project
from publisher.i18n.translations import matrix, sync

NINE = REPO / "tests" / "projects" / "nine-languages"
SLUG = "shared-services"
LANGS = ("en", "ru", "az", "hy", "ka", "kk", "ky", "uz", "et")


@pytest.fixture
def nine(tmp_path):
    """A writable copy of the nine-language project, with the repository's brand."""
    root = tmp_path / "nine"
    shutil.copytree(NINE, root)
    shutil.copytree(REPO / "styles", root / "styles")
    return root


def _invoke(*args):
    from click.testing import CliRunner

    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def _statuses(root, **kw):
    found, _ = matrix(load_project(root), **kw)
    return {(s.case, s.lang): s for s in found}


def _edit_source(root, old, new):
    path = root / "cases" / SLUG / "en.md"
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")


def test_the_sample_translations_are_recorded_as_up_to_date():
    statuses, _ = matrix(load_project(REPO))
    for s in statuses:
        assert s.status in ("source", "ok", "missing"), s
    assert sum(s.status == "ok" for s in statuses) >= 4


def test_every_translation_of_the_nine_language_project_is_current(nine):
    statuses = _statuses(nine)
    assert statuses[SLUG, "en"].status == "source"
    for lang in LANGS[1:]:
        assert statuses[SLUG, lang].status == "ok", lang


def test_editing_a_source_section_makes_exactly_it_stale_everywhere_and_sync_clears_it(nine):
    _edit_source(nine, "First, a centre needs", "First of all, a centre needs")
    statuses = _statuses(nine)
    for lang in LANGS[1:]:
        assert statuses[SLUG, lang].status == "stale"
        assert statuses[SLUG, lang].stale_sections == ["lessons"], lang
    sync(load_project(nine), SLUG, "kk")
    statuses = _statuses(nine)
    assert statuses[SLUG, "kk"].status == "ok"
    assert statuses[SLUG, "ru"].stale_sections == ["lessons"]


def test_rewrapping_a_source_paragraph_changes_nothing(nine):
    _edit_source(nine, "in one visit. Officials", "in one visit.\nOfficials")
    assert all(s.status in ("source", "ok") for s in _statuses(nine).values())


def test_the_front_matter_is_a_section_too(nine):
    _edit_source(nine, "summary: How public agencies", "summary: How the public agencies")
    assert _statuses(nine)[SLUG, "et"].stale_sections == ["_meta"]


def test_sync_keeps_the_rest_of_the_file(nine):
    path = nine / "cases" / SLUG / "az.md"
    before = path.read_text("utf-8")
    _edit_source(nine, "Third, digital", "Third: digital")
    sync(load_project(nine), SLUG, "az")
    after = path.read_text("utf-8")
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines(), strict=True)
               if a != b]
    assert len(before.splitlines()) == len(after.splitlines())
    assert len(changed) == 1 and changed[0][0].startswith("  lessons: "), changed


def test_sync_adds_the_record_and_source_to_a_translation_without_one(tmp_path):
    root = make_project(tmp_path, {
        "en": "---\ntitle: Demo\n---\n\n## Intro {#intro}\n\nHello.\n",
        "ru": "---\n# a comment that stays\ntitle: \"Демо\"\nkeywords: [a, b]\n---\n\n"
              "## Введение {#intro}\n\nПривет.\n",
    })
    result = run("translations", "sync", "--project", str(root), "demo", "ru")
    assert result.exit_code == 0, result.output
    text = (root / "cases" / "demo" / "ru.md").read_text("utf-8")
    assert text.startswith('---\n# a comment that stays\ntitle: "Демо"\nkeywords: [a, b]\n'
                           "translated_from: en\nsource_sections:\n  _meta: ")
    assert "\n  intro: " in text and text.endswith("## Введение {#intro}\n\nПривет.\n")
    assert _statuses(root)["demo", "ru"].status == "ok"


@pytest.mark.parametrize("args,message", [
    (("nope", "ru"), "no case named `nope`"),
    (("demo", "en"), "is the source edition"),
    (("demo", "ka"), "has no ka.md"),
])
def test_sync_refuses_what_it_cannot_do(tmp_path, args, message):
    root = make_project(tmp_path)
    result = run("translations", "sync", "--project", str(root), *args)
    assert result.exit_code == 1
    assert message in result.output


def test_the_matrix_on_the_command_line(nine):
    (nine / "cases" / SLUG / "ka.md").unlink()
    _edit_source(nine, "First, a centre needs", "First of all, a centre needs")
    result = _invoke("translations", "--project", str(nine), "--lang", "en,ru,ka")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].split() == ["case", "en", "ru", "ka"]
    assert lines[1].split() == [SLUG, "source", "stale", "(1)", "missing"]
    assert f"{SLUG}/ru.md: stale since the en source changed: lessons" in result.output


def test_check_fails_on_stale_or_missing_and_passes_when_all_current(nine):
    assert _invoke("translations", "--project", str(nine), "--check").exit_code == 0
    _edit_source(nine, "Third, digital", "Third: digital")
    result = _invoke("translations", "--project", str(nine), "--check", "--json")
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["languages"] == list(LANGS)
    assert data["cases"][SLUG]["hy"] == {"status": "stale", "source": "en",
                                          "stale_sections": ["lessons"]}
    for lang in LANGS[1:]:
        assert _invoke("translations", "sync", "--project", str(nine), SLUG, lang).exit_code == 0
    (nine / "cases" / SLUG / "uz.md").unlink()
    result = _invoke("translations", "--project", str(nine), "--check")
    assert result.exit_code == 1 and "1 edition is stale, unsynced or missing" in result.output
    assert _invoke("translations", "--project", str(nine), "--check",
                   "--lang", "en,ru").exit_code == 0


# --- parity and staleness in validation ----------------------------------------------

def test_validation_warns_about_missing_extra_and_uneven_sections(nine):
    path = nine / "cases" / SLUG / "ru.md"
    text = path.read_text("utf-8")
    text = text.replace("## Уроки {#lessons}", "## Уроки {#lessons-ru}")
    text = text.replace("[^1]: Этот термин", "[^2]: Другой.\n\n[^1]: Этот термин")
    text = text.replace("получить справки.", "получить справки.[^2]")
    path.write_text(text, "utf-8")
    result = run("validate", cwd=nine)
    assert result.exit_code == 0
    out = result.output
    assert "cases/shared-services/ru.md:11:1: warning PUB603: section `lessons` (Lessons)" in out
    line = text.splitlines().index("## Уроки {#lessons-ru}") + 1
    assert f"cases/shared-services/ru.md:{line}:1: warning PUB604: section `lessons-ru`" in out
    assert "if it translates the source's `lessons` (Lessons), write `## Уроки {#lessons}`" in out
    assert "warning PUB605: section `intro` has 2 footnotes, its en source has 1" in out


def test_validation_warns_about_a_stale_translation_at_its_section(nine):
    _edit_source(nine, "Third, digital", "Third: digital")
    result = run("validate", cwd=nine)
    kk = (nine / "cases" / SLUG / "kk.md").read_text("utf-8").splitlines()
    line = kk.index("## Сабақтар {#lessons}") + 1
    assert (f"cases/shared-services/kk.md:{line}:1: warning PUB606: the en source has changed "
            "since this translation was made: lessons") in result.output
    assert "translations sync shared-services kk" in result.output


def test_an_unsynced_translation_gets_a_warning(tmp_path):
    root = make_project(tmp_path, {
        "en": "---\ntitle: Demo\n---\n\n## Intro {#intro}\n\nHello.\n",
        "ru": "---\ntitle: Демо\n---\n\n## Введение {#intro}\n\nПривет.\n"})
    result = run("validate", cwd=root)
    assert "cases/demo/ru.md:2:1: warning PUB606: the translation does not record" in result.output


@pytest.mark.slow
def test_a_stale_edition_shows_the_localized_notice_in_html_and_pdf(nine):
    from conftest import pdf_text
    from publisher.i18n.strings import strings

    _edit_source(nine, "Third, digital", "Third: digital")
    result = run("build", "--to", "html,pdf", "--lang", "ka,kk,en", cwd=nine)
    assert result.exit_code == 0, result.output
    out = nine / "build" / SLUG
    for lang in ("ka", "kk"):
        notice = strings(lang)["outdated_translation"]
        html = (out / f"{SLUG}.{lang}.html").read_text("utf-8")
        assert f'<p class="outdated-notice" role="note">{notice}</p>' in html
        flat = " ".join(pdf_text(out / f"{SLUG}.{lang}.pdf").split()).replace("\u2010 ", "")
        assert " ".join(notice.split()[:3]) in flat, lang
    assert 'class="outdated-notice"' not in (out / f"{SLUG}.en.html").read_text("utf-8")
    assert strings("en")["outdated_translation"] not in " ".join(
        pdf_text(out / f"{SLUG}.en.pdf").split())


# --- the languages a case declares ---------------------------------------------------

def test_check_judges_the_languages_a_case_declares(tmp_path):
    from conftest import CASE_YAML

    root = make_project(tmp_path, {
        "en": "---\ntitle: Demo\n---\n\n## Intro {#intro}\n\nHello.\n",
        "ru": "---\ntitle: Демо\ntranslated_from: en\n---\n\n## Введение {#intro}\n\nПривет.\n",
    }, case_yaml=CASE_YAML + "languages: [en, ru]\n")
    assert run("translations", "sync", "--project", str(root), "demo", "ru").exit_code == 0
    # the project lists en, ru, hy and ka; the case means to have en and ru only
    result = _invoke("translations", "--project", str(root), "--check")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["case", "en", "ru", "hy", "ka"]
    assert lines[1].split() == ["demo", "source", "ok", "unplanned", "unplanned"]
    data = json.loads(_invoke("translations", "--project", str(root), "--json").output)
    assert data["cases"]["demo"]["hy"]["status"] == "unplanned"
    assert data["cases"]["demo"]["ru"]["status"] == "ok"  # the table's word

    # a declared language without its edition is missing
    case = root / "cases" / "demo" / "case.yaml"
    case.write_text(CASE_YAML + "languages: [en, ru, ka]\n", "utf-8")
    result = _invoke("translations", "--project", str(root), "--check")
    assert result.exit_code == 1
    assert result.output.splitlines()[1].split() == ["demo", "source", "ok", "unplanned",
                                                     "missing"]
    assert "1 edition is stale, unsynced or missing" in result.output

    # a case that declares nothing is judged against every language of the project
    case.write_text(CASE_YAML, "utf-8")
    result = _invoke("translations", "--project", str(root), "--check")
    assert result.exit_code == 1
    assert result.output.splitlines()[1].split() == ["demo", "source", "ok", "missing",
                                                     "missing"]
    assert "2 editions are stale, unsynced or missing" in result.output


def test_a_declared_language_the_project_does_not_list_is_an_error_at_its_item(tmp_path):
    from conftest import CASE_YAML

    root = make_project(tmp_path, case_yaml=CASE_YAML + "languages:\n  - en\n  - RU\n")
    result = run("validate", cwd=root)
    line = CASE_YAML.count("\n") + 2  # the line of `- RU`
    assert (f"cases/demo/case.yaml:{line}:5: error PUB106: language `RU` is not one of the "
            "project's languages") in result.output
    assert "did you mean `ru`?" in result.output


def test_translations_takes_case_names_as_arguments_and_keeps_case_working(nine):
    other = nine / "cases" / "second"
    shutil.copytree(nine / "cases" / SLUG, other)
    result = _invoke("translations", "--project", str(nine), SLUG, "--lang", "en,ru")
    assert result.exit_code == 0, result.output
    assert [line.split()[0] for line in result.output.splitlines()[1:]] == [SLUG]
    result = _invoke("translations", "--project", str(nine), "--case", "second")
    assert [line.split()[0] for line in result.stdout.splitlines()[1:]] == ["second"]
    assert "--case is deprecated" in result.stderr
    # the subcommand is still a subcommand
    result = _invoke("translations", "sync", "--project", str(nine), "second", "ru")
    assert result.exit_code == 0 and result.output.strip() == "cases/second/ru.md"
