"""Our own labelled sentences (data/acts/examples.yaml, named in training.yaml) train the act detector beside
the gold sentences: a type the gold never shows enough of is learned from them, and a bad entry is refused in
one line that names the file and the entry. Every sentence here is our own."""

from __future__ import annotations

from pathlib import Path

import pytest

from pandawatch.errors import InvalidInput
from pandawatch.evaluate import read_gold
from pandawatch.extract.article import scan
from pandawatch.extract.components.names import load_registry_names
from pandawatch.extract.train import example_sentences, train_act_model, training_options
from pandawatch.ingest import read
from pandawatch.resolve.countries import load_gazetteer
from pandawatch.settings import PACKAGE_DATA

OWN = Path(__file__).resolve().parent / "data" / "extract_eval"


@pytest.fixture(scope="module")
def corpus():
    documents = [item for item in read(str(OWN / "articles")) if hasattr(item, "text")]
    return documents, read_gold(OWN / "gold")


def test_the_packaged_examples_are_read_and_cover_every_type_with_as_many_negatives() -> None:
    config = training_options()["examples"]
    sentences, labels = example_sentences(PACKAGE_DATA / "acts" / config["file"])
    counts: dict[str, int] = {}
    for label in labels:
        for kind in label:
            counts[kind] = counts.get(kind, 0) + 1
    negatives = sum(1 for label in labels if not label)
    assert len(sentences) == len(labels) and negatives >= sum(1 for label in labels if label)
    diplomatic = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
                  "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
    for kind in diplomatic + ("LOAN_REQUEST", "LOAN_EXTENSION", "LOAN_REFUSAL", "LOAN_AGREEMENT"):
        assert counts.get(kind, 0) >= 20, kind


def test_the_examples_teach_a_type_the_gold_alone_cannot(corpus) -> None:
    documents, gold = corpus
    names = load_registry_names()
    text = ("Spain shipped tents, blankets and medicine to earthquake-stricken Morocco on Sunday.\n"
            "The weather in the capital was mild, and the markets were quiet.")
    sentences = scan("own.txt", text, None, load_gazetteer(), names).sentences
    without = train_act_model(documents, gold, names=names, examples={"file": None})
    with_examples = train_act_model(documents, gold, names=names)
    aid = without.types.index("AID")
    assert without.card["examples"] == 0 and with_examples.card["examples"] > 500
    assert without.probabilities(sentences)[0, aid] < 0.01  # too few gold sentences: not learned
    found = with_examples.probabilities(sentences)
    assert "AID" in with_examples.detected(found[0])
    assert "AID" not in with_examples.detected(found[1])


@pytest.mark.parametrize(("entry", "message"), [
    ('- {text: "Norway sent aid to Ethiopia.", types: [HUMANITARIAN]}', "unknown event type 'HUMANITARIAN'"),
    ('- {text: "", types: [AID]}', "'text' must be a non-empty string"),
    ('- {text: "Norway sent aid to Ethiopia.", types: AID}', "'types' must be a list"),
    ('- {text: "Norway sent aid. Ethiopia thanked it.", types: [AID]}', "reads as 2 sentences"),
    ('- Norway sent aid to Ethiopia.', "a mapping with 'text' and 'types'"),
])
def test_a_bad_example_is_refused_in_one_line_naming_the_file_and_entry(tmp_path, corpus, entry, message) -> None:
    bad = tmp_path / "examples.yaml"
    bad.write_text('- {text: "Japan and India signed a defence pact.", types: [AGREE]}\n' + entry + "\n")
    documents, gold = corpus
    with pytest.raises(InvalidInput) as raised:
        train_act_model(documents, gold, examples={"file": str(bad)})
    line = raised.value.one_line()
    assert "\n" not in line and f"{bad}: entry 2" in line and message in line
