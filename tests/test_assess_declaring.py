"""Handing in asks for the learner's declaration: --declare, a yes at the question, or a
"yes" piped in; refused, the message says what to do where the learner is (no terminal:
add --declare) and that nothing was handed in."""

from __future__ import annotations

from click.testing import CliRunner

from mentorkit.cli.assess import assess


def _submit(tmp_path, said: str):
    args = ["submit", "unit307-reflecting", "--course-dir", str(tmp_path),
            "--store", str(tmp_path / "mine.db"), "--work-dir", str(tmp_path)]  # fmt: skip
    return CliRunner().invoke(assess, args, input=said)


def test_a_piped_no_is_refused_with_what_to_add(tmp_path):
    refused = _submit(tmp_path, "no\n")
    assert refused.exit_code == 1
    assert "Nothing has been submitted" in refused.output
    assert "submit again with --declare" in refused.output and "answer yes" not in refused.output
    assert not (tmp_path / "mine.db").exists()  # refused before the store was opened


def test_a_piped_yes_is_a_declaration(tmp_path):
    went_on = _submit(tmp_path, "yes\n")
    assert "Declared: I declare that the work" in went_on.output
    assert "needs your declaration" not in went_on.output  # on to the course folder
    assert "is not a course folder" in went_on.output
