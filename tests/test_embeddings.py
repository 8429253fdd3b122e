import socket

import numpy as np
import pytest

from attribution import embeddings


@pytest.fixture
def no_network(monkeypatch):
    """Every attempt to open a connection fails, as on a machine without one."""

    def refuse(*args, **kwargs):
        raise OSError("network blocked in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_the_model_loads_from_the_installed_packages_with_the_network_blocked(
    no_network,
):
    embeddings._loaded.cache_clear()

    vectors = embeddings.embed(["The dam is safe."])

    assert vectors.shape == (1, embeddings.DIMENSIONS)
    assert embeddings.model_path().name == "model.onnx"
    assert embeddings.tokenizer_path().name == "tokenizer.json"


def test_vectors_are_unit_length_so_a_dot_product_is_the_cosine():
    vectors = embeddings.embed(["We will cut bus fares.", "Fares go down next year."])

    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_a_paraphrase_is_closer_than_another_statement_on_the_topic():
    said, paraphrase, other = embeddings.embed(
        [
            "We discharged roughly four times what the permit allows.",
            "the company released about four times the permitted level",
            "The company will pay for the evacuation of the village.",
        ]
    )

    assert said @ paraphrase > said @ other + 0.2


def test_a_text_gets_the_same_vector_alone_and_in_a_batch_of_longer_texts():
    alone = embeddings.embed(["No one was hurt."])[0]
    batch = embeddings.embed(
        ["No one was hurt.", "The river will peak on Wednesday at around six metres."]
    )[0]

    assert alone @ batch > 0.999


def test_a_vector_survives_the_round_trip_through_its_stored_bytes():
    vector = embeddings.embed(["The door remains open for talks."])[0]

    stored = embeddings.to_bytes(vector)

    assert len(stored) == 4 * embeddings.DIMENSIONS
    assert np.array_equal(embeddings.from_bytes(stored), vector)


def test_no_texts_make_no_vectors_and_no_call():
    assert embeddings.embed([]).shape == (0, embeddings.DIMENSIONS)
