"""The learned act detector end to end: the encoder loaded offline and checked, training and cross-validation
through the CLI on our own articles, off-topic articles yielding nothing, and the same output under two hash
seeds."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import yaml

from pandawatch.extract import extract_events
from pandawatch.extract.acts import ActModel, masked_text
from pandawatch.extract.article import scan
from pandawatch.extract.components.names import load_registry_names
from pandawatch.extract.encoder import EncoderUnavailable, SentenceEncoder, load_encoder
from pandawatch.model import Document
from pandawatch.resolve.countries import load_gazetteer
from pandawatch.settings import PACKAGE_DATA

DATA = Path(__file__).resolve().parent / "data"
OWN = DATA / "extract_eval"
CLI = [sys.executable, "-m", "pandawatch"]


def test_the_encoder_refuses_a_file_that_is_not_the_recorded_release() -> None:
    config = yaml.safe_load((PACKAGE_DATA / "encoder.yaml").read_text())
    config["tokenizer"]["sha256"] = "0" * 64
    with pytest.raises(EncoderUnavailable, match="tokenizer.json: sha256 .* is not the recorded release"):
        SentenceEncoder(config)


def test_embeddings_are_unit_length_and_a_paraphrase_is_nearer_than_another_topic() -> None:
    vectors = load_encoder().encode([
        "Beijing banned imports of Japanese seafood.",
        "China halted purchases of fish from Japan.",
        "The zoo opened a new enclosure for its elephants.",
    ])
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.2
    again = load_encoder().encode(["China halted purchases of fish from Japan."])
    assert np.array_equal(again[0], vectors[1])  # one sentence, one vector, whatever came with it


def test_masked_words_keep_the_act_and_hide_who_did_it() -> None:
    text = "Japan protested to China in 2025 after Lei Lei left Ueno Zoo."
    article = scan("a.txt", text, None, load_gazetteer(), load_registry_names())
    masked = masked_text(article.sentences[0])
    assert "Japan" not in masked and "China" not in masked and "Lei Lei" not in masked
    assert "protested" in masked and "_actor_" in masked and "_panda_" in masked and "0" in masked


@pytest.fixture(scope="module")
def trained(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("model")
    result = subprocess.run(CLI + ["train", "--gold", str(OWN / "gold"), "--articles", str(OWN / "articles"),
                                   "--out", str(out)], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert "trained on" in result.stdout
    return out


def test_a_model_trained_through_the_cli_loads_and_tells_acts_from_other_sentences(trained: Path) -> None:
    model = ActModel.load(trained)
    assert model.card["articles"] == len(list((OWN / "articles").glob("*.txt")))
    assert model.card["positive_sentences"]["PANDA_ARRIVAL"] >= model.card["options"]["min_positives"]
    text = ("Two giant pandas from Sichuan landed in Vienna on Tuesday and were driven to Schönbrunn Zoo.\n"
            "The weather in the capital was mild, and the markets were quiet.")
    article = scan("a.txt", text, None, load_gazetteer(), load_registry_names())
    rows = model.probabilities(article.sentences)
    arrival = model.types.index("PANDA_ARRIVAL")
    assert rows.shape == (2, len(model.types))
    assert rows[0, arrival] > rows[1, arrival] + 0.1


def test_the_screen_spares_the_encoder_act_less_sentences_and_keeps_the_rest(trained: Path) -> None:
    model = ActModel.load(trained)
    assert model.screen_coef is not None and model.screen_threshold > 0
    text = ("Two giant pandas from Sichuan landed in Vienna on Tuesday and were driven to Schönbrunn Zoo.\n"
            "The weather in the capital was mild, and the markets were quiet.")
    sentences = scan("a.txt", text, None, load_gazetteer(), load_registry_names()).sentences
    act, weather = model.screen_probabilities(sentences).max(axis=1)
    assert act > weather
    model.screen_threshold = (act + weather) / 2  # the packaged setting is tuned on ../shared/dev, not on these
    load_encoder().forget()
    rows = model.probabilities(sentences)
    encoded = set(load_encoder().known)
    assert sentences[0].text in encoded and sentences[1].text not in encoded
    assert np.allclose(rows[1], model.screen_probabilities(sentences[1:])[0])
    unscreened = ActModel.load(trained)
    unscreened.screen_coef = None
    assert np.allclose(rows[0], unscreened.probabilities(sentences[:1])[0])


def test_cross_validation_through_the_cli_gives_each_fold_and_the_spread() -> None:
    result = subprocess.run(CLI + ["evaluate", "--gold", str(OWN / "gold"), "--articles", str(OWN / "articles"),
                                   "--folds", "3", "--json"], capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr
    scores = json.loads(result.stdout)
    assert scores["folds"] == 3
    for family in ("panda", "diplomatic"):
        assert len(scores[family]["fold_f1"]) == 3
        assert 0.0 <= scores[family]["mean_f1"] <= 1.0 and scores[family]["sd_f1"] >= 0.0
    gold_events = sum(1 for path in (OWN / "gold").glob("*.jsonl") for line in path.read_text().splitlines() if line.strip())
    assert scores["pooled"]["panda"]["gold"] + scores["pooled"]["diplomatic"]["gold"] == gold_events
    assert sum(entry["gold"] for entry in scores["by_type"].values()) == gold_events


def test_folds_below_two_are_refused_in_one_line() -> None:
    result = subprocess.run(CLI + ["evaluate", "--gold", str(OWN / "gold"), "--articles", str(OWN / "articles"),
                                   "--folds", "1"], capture_output=True, text=True, timeout=300)
    assert result.returncode != 0
    assert "--folds must be at least 2" in result.stderr


@pytest.mark.parametrize("path", sorted((DATA / "negatives").glob("*.txt")), ids=lambda path: path.stem)
def test_off_topic_articles_yield_no_event(path: Path) -> None:
    lines = path.read_text().splitlines()
    document = Document(id=path.name, text="\n".join(lines[1:]), published=lines[0].split()[1])
    assert extract_events(document) == []


@pytest.mark.slow
def test_the_same_articles_give_the_same_events_under_two_hash_seeds() -> None:
    outputs = []
    for seed in ("1", "2"):
        environment = {**os.environ, "PYTHONHASHSEED": seed}
        result = subprocess.run(CLI + ["extract", str(OWN / "articles")], capture_output=True, text=True,
                                timeout=600, env=environment)
        assert result.returncode == 0, result.stderr
        outputs.append(result.stdout)
    assert outputs[0] == outputs[1]
    assert outputs[0].count("\n") > 20


def test_a_learned_act_is_read_from_the_word_the_lexicon_knows_for_its_type() -> None:
    # The detector finds the meeting; its arguments come from "talks" (a meeting word, held in Moscow: the
    # visitor acts), not from whichever word the model happens to weigh most.
    text = ("After their official talks in the Kremlin, Vladimir Putin and Xi Jinping went to Moscow Zoo to see "
            "the two pandas China had lent to Russia.")
    found = extract_events(Document(id="own.txt", text=text, published="2024-05-10"))
    assert [(event.source, event.target) for event in found if event.type == "CONSULT"] == [("CHN", "RUS")]


def test_a_heavier_meaning_is_fitted_on_the_scaled_block_and_read_on_the_plain_one() -> None:
    """The per-family embedding weight changes the fit, not how the model reads its features."""
    import numpy as np
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    from pandawatch.extract.train import _fit

    generator = np.random.default_rng(7)
    words, meaning = generator.random((40, 5)), generator.normal(size=(40, 3))
    features = csr_matrix(np.hstack([words, meaning]))
    labels = [{"SUPPORT"} if value > 0 else set() for value in meaning[:, 0] + 0.3 * words[:, 1] - 0.1]
    settings = {"C": 1.0, "min_positives": 1}
    plain, _, _ = _fit(features, labels, ("SUPPORT",), settings)
    heavy, intercept, _ = _fit(features, labels, ("SUPPORT",), settings, {"SUPPORT": 3.0}, words.shape[1])
    scaled = np.hstack([words, meaning * 3.0])
    direct = LogisticRegression(C=1.0, class_weight="balanced", max_iter=5000, solver="liblinear").fit(
        scaled, [int("SUPPORT" in label) for label in labels])
    assert np.allclose(features.toarray() @ heavy[0] + intercept[0], direct.decision_function(scaled))
    assert not np.allclose(heavy, plain)


def detected_everywhere(text: str, kind: str, p: float = 0.9, acts: ActModel | None = None) -> list:
    """The events of ``text`` when the detector finds ``kind`` (with probability ``p``) in every sentence (cues as
    they are)."""
    from pandawatch.extract.acts import Detection
    from pandawatch.extract.extractor import extract_from_article
    from pandawatch.extract.nlp import load_nlp

    gazetteer, names = load_gazetteer(), load_registry_names()
    article = scan("own.txt", text, dt.date(2026, 3, 5), gazetteer, names)
    for sentence, parsed in zip(article.sentences, load_nlp().pipe(item.text for item in article.sentences)):
        sentence.parsed = parsed[:]
    detected = {sentence.index: Detection({kind: p}, frozenset()) for sentence in article.sentences}
    return extract_from_article(article, names, gazetteer, detected, acts)


def test_the_detector_adds_acts_only_where_the_cues_read_none() -> None:
    # the detector's extra type beside an act the cues read is mostly that act misnamed (an accusation beside
    # a protest); where the cues read nothing, its act stands
    found = detected_everywhere("Beijing summoned Japan's ambassador on Monday to protest against the remarks.\n"
                                "Beijing found Japan's remarks reckless and dangerous.", "ACCUSE")
    assert [(event.type, event.evidence.split()[1]) for event in found] == [("PROTEST", "summoned"), ("ACCUSE", "found")]


def test_a_caption_tells_no_learned_act() -> None:
    found = detected_everywhere("A Chinese navy reconnaissance ship near the Japanese coast.\n"
                                "Chinese navy frigates sailed off the Japanese coast on Monday.", "MOBILIZE")
    assert [(event.type, event.source, event.target, event.evidence.split()[1]) for event in found] == [
        ("MOBILIZE", "CHN", "JPN", "navy")]


def test_a_detected_act_whose_counterpart_is_not_named_needs_a_surer_detection() -> None:
    from dataclasses import replace

    from pandawatch.extract.acts import load_act_model

    model = replace(load_act_model(), unnamed_target=0.7)
    named = "Beijing sharply criticised Canberra's naval patrols on Monday."
    unnamed = "Beijing reacted with fury to the patrols on Tuesday."
    for p, expected in ((0.6, [("ACCUSE", "CHN", "AUS", "Beijing sharply")]),
                        (0.8, [("ACCUSE", "CHN", "AUS", "Beijing sharply"), ("ACCUSE", "CHN", "AUS", "Beijing reacted")])):
        found = detected_everywhere(named + "\n" + unnamed, "ACCUSE", p, model)
        assert [(e.type, e.source, e.target, " ".join(e.evidence.split()[:2])) for e in found] == expected
