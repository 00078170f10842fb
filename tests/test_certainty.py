"""Sentence certainty: the public API and the command that prints it."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import medlint
from medlint.cli import main


def one(text: str) -> medlint.SentenceReport:
    (sentence,) = medlint.certainty(text, format="text")
    return sentence


@pytest.mark.parametrize(
    ("text", "flag", "cue"),
    [
        ("Botox may reduce oil production.", "hedged", "may"),
        ("Preliminary studies suggest a small benefit.", "hedged", "preliminary"),
        ("The treatment is being studied for acne.", "hedged", "being studied"),
        ("More research is needed before it can be recommended.", "hedged", "more research is needed"),
        ("It reduced tumours in mice.", "hedged", "in mice"),
        ("Botox is not an established treatment for acne.", "negated", "not"),
        ("There is no good evidence that it helps.", "negated", "no"),
        ("Some clinics claim that it clears acne.", "attributed", "claim"),
        ("If the rash spreads, call your doctor.", "conditional", "if"),
    ],
)
def test_flags_and_their_cues(text, flag, cue):
    sentence = one(text)
    assert getattr(sentence, flag) is True
    assert not sentence.asserted
    assert cue in [c.text for c in sentence.cues]


def test_question():
    sentence = one("Does Botox help acne?")
    assert sentence.question and not sentence.asserted


def test_plain_assertion():
    sentence = one("Botox clears acne in a week.")
    assert sentence.asserted and sentence.cues == ()


@pytest.mark.parametrize("text", ["This promising treatment clears acne.", "A breakthrough: it clears acne."])
def test_praise_is_not_a_hedge(text):
    assert one(text).hedged is False


def test_result_is_not_a_hedge():
    assert one("The effect could not be detected in the second trial.").hedged is False


def test_positions_map_to_the_source():
    text = "# Title\n\nFirst *claim* here. Second may be hedged.\n"
    sentences = medlint.certainty(text, format="markdown")
    assert [(s.text, s.line, s.column, s.end_line, s.end_column) for s in sentences] == [
        ("Title", 1, 3, 1, 8),
        ("First claim here.", 3, 1, 3, 20),
        ("Second may be hedged.", 3, 21, 3, 42),
    ]
    (cue,) = sentences[2].cues
    assert (cue.kind, cue.text, cue.line, cue.column) == ("hedge", "may", 3, 28)


def test_cli_prints_one_json_object_per_sentence(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("Botox may help. Botox clears acne.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["certainty", str(path)])
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [(r["text"], r["hedged"], r["start"], r["end"]) for r in rows] == [
        ("Botox may help.", True, {"line": 1, "column": 1}, {"line": 1, "column": 16}),
        ("Botox clears acne.", False, {"line": 1, "column": 17}, {"line": 1, "column": 35}),
    ]
    assert rows[0]["cues"] == [["hedge", "may", 1, 7]]
    assert set(rows[0]) >= {"text", "hedged", "negated", "attributed", "question", "cues", "start", "end"}
