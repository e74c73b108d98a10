"""The sentence embedder (all-MiniLM-L6-v2 through onnxruntime) and the theme model's training and parts."""

import hashlib
import json
import struct
import sys
import zipfile
from math import erf
from pathlib import Path

import numpy
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "data" / "gold"))


def _safetensors(tensors: dict[str, numpy.ndarray]) -> bytes:
    header, body, offset = {}, b"", 0
    for name, value in tensors.items():
        raw = numpy.ascontiguousarray(value, dtype=numpy.float32).tobytes()
        header[name] = {"dtype": "F32", "shape": list(value.shape), "data_offsets": [offset, offset + len(raw)]}
        body += raw
        offset += len(raw)
    head = json.dumps(header).encode()
    return struct.pack("<Q", len(head)) + head + body


def _tiny_bert(width: int = 8, layers: int = 2, vocab: int = 20, inner: int = 16, seed: int = 0):
    rng = numpy.random.default_rng(seed)
    w = {"embeddings.word_embeddings.weight": rng.normal(size=(vocab, width)),
         "embeddings.position_embeddings.weight": rng.normal(size=(12, width)),
         "embeddings.token_type_embeddings.weight": rng.normal(size=(2, width)),
         "embeddings.LayerNorm.weight": 1 + 0.1 * rng.normal(size=width),
         "embeddings.LayerNorm.bias": 0.1 * rng.normal(size=width)}
    for k in range(layers):
        p = f"encoder.layer.{k}."
        for name, shape in (("attention.self.query", (width, width)), ("attention.self.key", (width, width)),
                            ("attention.self.value", (width, width)), ("attention.output.dense", (width, width)),
                            ("intermediate.dense", (inner, width)), ("output.dense", (width, inner))):
            w[p + name + ".weight"] = 0.3 * rng.normal(size=shape)
            w[p + name + ".bias"] = 0.1 * rng.normal(size=shape[0])
        for name in ("attention.output.LayerNorm", "output.LayerNorm"):
            w[p + name + ".weight"] = 1 + 0.1 * rng.normal(size=width)
            w[p + name + ".bias"] = 0.1 * rng.normal(size=width)
    return {k: v.astype(numpy.float32) for k, v in w.items()}


def _reference(w: dict, ids: list[int], heads: int) -> numpy.ndarray:
    """A plain numpy BERT forward pass, mean-pooled and L2-normalised (one sentence, no padding)."""
    def norm(x, p):
        m, v = x.mean(-1, keepdims=True), x.var(-1, keepdims=True)
        return (x - m) / numpy.sqrt(v + 1e-12) * w[p + ".weight"] + w[p + ".bias"]

    def lin(x, p):
        return x @ w[p + ".weight"].T.astype(numpy.float64) + w[p + ".bias"]

    n = len(ids)
    x = (w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:n]
         + w["embeddings.token_type_embeddings.weight"][0]).astype(numpy.float64)
    x = norm(x, "embeddings.LayerNorm")
    width = x.shape[1]
    dh = width // heads
    k = 0
    while f"encoder.layer.{k}.output.dense.weight" in w:
        p = f"encoder.layer.{k}."
        q, kk, v = (lin(x, p + "attention.self." + s).reshape(n, heads, dh).transpose(1, 0, 2)
                    for s in ("query", "key", "value"))
        s = q @ kk.transpose(0, 2, 1) / numpy.sqrt(dh)
        s = numpy.exp(s - s.max(-1, keepdims=True))
        s /= s.sum(-1, keepdims=True)
        a = (s @ v).transpose(1, 0, 2).reshape(n, width)
        x = norm(x + lin(a, p + "attention.output.dense"), p + "attention.output.LayerNorm")
        h = lin(x, p + "intermediate.dense")
        h = 0.5 * h * (1 + numpy.vectorize(erf)(h / numpy.sqrt(2)))
        x = norm(x + lin(h, p + "output.dense"), p + "output.LayerNorm")
        k += 1
    e = x.mean(0)
    return e / numpy.linalg.norm(e)


def test_onnx_graph_matches_a_numpy_forward_pass_with_padding():
    """The ONNX graph gives the reference vector, and padding a sentence in a batch does not change it."""
    import onnxruntime

    from synthesis.nlp.embedder import build_graph

    w = _tiny_bert()
    session = onnxruntime.InferenceSession(build_graph(w, heads=2), providers=["CPUExecutionProvider"])
    short, long = [1, 5, 7, 2], [1, 3, 4, 9, 11, 6, 2]
    ids = numpy.zeros((2, len(long)), dtype=numpy.int64)
    mask = numpy.zeros_like(ids)
    ids[0, :len(short)], mask[0, :len(short)] = short, 1
    ids[1], mask[1] = long, 1
    got = session.run(["embedding"], {"input_ids": ids, "attention_mask": mask})[0]
    assert numpy.abs(got[0] - _reference(w, short, 2)).max() < 1e-5
    assert numpy.abs(got[1] - _reference(w, long, 2)).max() < 1e-5
    assert numpy.allclose(numpy.linalg.norm(got, axis=1), 1.0, atol=1e-6)


def test_weights_whose_hash_does_not_match_are_refused(tmp_path):
    """A model.zip whose model.safetensors is not the pinned file is refused, naming it and the expected hash."""
    from synthesis.nlp.embedder import WEIGHTS_SHA256, SentenceEmbedder, read_weights

    blob = _safetensors(_tiny_bert())
    path = tmp_path / "model.zip"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("model.safetensors", blob)
        z.writestr("tokenizer.json", "{}")
    with pytest.raises(ValueError, match=f"model.zip!model.safetensors: sha256 does not match, expected {WEIGHTS_SHA256}"):
        SentenceEmbedder(path)
    # the right hash is accepted, and the float tensors come back as written
    weights = read_weights(blob, "x", hashlib.sha256(blob).hexdigest())
    assert numpy.array_equal(weights["embeddings.LayerNorm.bias"], _tiny_bert()["embeddings.LayerNorm.bias"])


@pytest.fixture(scope="module")
def nlp():
    from synthesis.nlp import build_pipeline

    return build_pipeline()


@pytest.fixture(scope="module")
def embedder():
    from synthesis.nlp.embedder import shared_embedder

    return shared_embedder()


def test_shipped_embedder_is_deterministic_and_sees_meaning(embedder):
    texts = ["Social workers use an AI tool to transcribe home visits.",
             "Practitioners record their visits and the software writes the transcript.",
             "The council's parks team repainted the benches in spring."]
    a = embedder.embed(texts)
    b = embedder.embed(texts[::-1])[::-1]  # another batch order and padding
    assert a.shape == (3, 384) and numpy.allclose(numpy.linalg.norm(a, axis=1), 1.0, atol=1e-5)
    assert numpy.abs(a - b).max() < 1e-5
    assert numpy.array_equal(a, embedder.embed(texts))
    sims = a @ a.T
    assert sims[0, 1] > sims[0, 2] + 0.2


def test_fit_is_deterministic_and_the_sparse_products_match_dense():
    import train_theme_model as ttm

    rng = numpy.random.default_rng(1)
    feats = [{f"w{i}" for i in rng.choice(30, 5)} for _ in range(200)]
    vocab = ttm.vocabulary(feats)
    X = ttm.design(vocab, feats)
    dense = numpy.zeros(X.shape)
    for i, f in enumerate(feats):
        dense[i, [vocab.index(w) for w in f if w in vocab]] = 1.0
    dense[:, -1] = 1.0
    G = rng.normal(size=(200, 3))
    assert numpy.allclose(X.tdot(G), dense.T @ G) and numpy.allclose(X @ G[:X.shape[1]], dense @ G[:X.shape[1]])
    Y = numpy.zeros((200, 2))
    Y[:, 0] = [("w3" in f) for f in feats]  # learnable
    Y[:, 1] = rng.random(200) < 0.1
    M = numpy.ones_like(Y)
    W1, W2 = ttm.fit_matrix(X, Y, M, 2.0), ttm.fit_matrix(X, Y, M, 2.0)
    assert numpy.array_equal(W1, W2)
    assert W1[vocab.index("w3"), 0] > 2.0  # the feature that decides theme 0 weighs most
    assert numpy.abs(ttm.fit_matrix(dense, Y, M, 2.0) - W1).max() < 1e-9


def test_window_features_name_the_family_and_the_neighbours():
    from synthesis.nlp.theme_model import window_features

    lemmas = ["a", "lack", "of", "training", "be", "hold", "they", "back", "."]
    got = window_features(lemmas, 3, 4, "governance.training", 2)
    assert got == {"win:governance:lack", "win:governance:of", "win:governance:training", "win:governance:be",
                   "win:governance:hold"}
    assert window_features(lemmas, 3, 4, "governance.training", 0) == set()


def _model_blob(**extra) -> bytes:
    raw = {"format": 1, "threshold": 0.6, "themes": ["use.transcription", "risk.bias"],
           "bias": [-5.0, -5.0], "weights": {"kettle": {"use.transcription": 7.0}}}
    raw.update(extra)
    return json.dumps(raw).encode()


def test_malformed_embedding_part_is_reported(tmp_path):
    from synthesis.nlp.theme_model import ThemeModel

    path = tmp_path / "m.json"
    path.write_bytes(_model_blob(embedding={"dims": 2, "threshold": 0.5, "keep_threshold": 0.2,
                                            "bias": [0.0, 0.0], "weights": [[0.0, 0.0]] * 3}))
    with pytest.raises(ValueError, match="m.json: not a valid theme model: .*'embedding' must have"):
        ThemeModel(path, sha256="")


def test_embedder_needs_a_model_with_an_embedding_part(nlp, tmp_path):
    from synthesis.nlp.theme_model import ThemeModel
    from synthesis.nlp.themes import ThemeFinder

    blob = _model_blob()
    path = tmp_path / "m.json"
    path.write_bytes(blob)
    model = ThemeModel(path, sha256=hashlib.sha256(blob).hexdigest())
    with pytest.raises(ValueError, match="sentence embeddings need a theme model with an embedding part"):
        ThemeFinder(nlp, "", model, embedder=True)


def test_shipped_model_with_the_embedder_keeps_a_clear_theme(nlp, embedder):
    """The shipped model's embedding part, switched on, still finds a plain transcription sentence."""
    from synthesis.nlp.themes import ThemeFinder

    finder = ThemeFinder(nlp, "", "", embedder=True)
    assert finder.model.embedding is not None
    doc = nlp.make_doc("We use Magic Notes to transcribe our home visits.")
    for name, proc in nlp.pipeline:
        if name == "synthesis_themes":
            break
        doc = proc(doc)
    labels = {h["label"] for h in finder(doc)._.synthesis_themes if not h["negated"]}
    assert "use.transcription" in labels


def test_a_codebook_switches_the_sentence_embeddings_on_and_a_bad_switch_is_named(nlp, embedder, tmp_path):
    from synthesis.knowledge import DEFAULT_CODEBOOK, KnowledgeError, load_codebook
    from synthesis.nlp.themes import ThemeFinder

    text = DEFAULT_CODEBOOK.read_text(encoding="utf-8")
    on = tmp_path / "codebook.yaml"
    on.write_text(text.replace("themes:\n", "sentence_embeddings: true\nthemes:\n", 1), encoding="utf-8")
    assert load_codebook(on).sentence_embeddings and not load_codebook().sentence_embeddings
    assert ThemeFinder(nlp, str(on), "").embedder is not None
    assert ThemeFinder(nlp, "", "").embedder is None  # the shipped codebook leaves them off
    bad = tmp_path / "bad.yaml"
    bad.write_text(text.replace("themes:\n", "sentence_embeddings: maybe\nthemes:\n", 1), encoding="utf-8")
    with pytest.raises(KnowledgeError, match="'sentence_embeddings' must be true or false") as error:
        load_codebook(bad)
    assert str(error.value).startswith(f"{bad}:")
