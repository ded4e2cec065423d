#!/usr/bin/python3
"""Independent reference forward pass of Hugging Face Llama and OLMo-2 checkpoints.

The engine (Java, DJL) must compute exactly what Hugging Face transformers computes for these
architectures. This script is the yardstick: it needs only the Python standard library and torch
(1.13 is enough), parses safetensors by hand, and implements the forward pass from the semantics of
transformers' modeling_llama.py and modeling_olmo2.py, written here from scratch:

* RMSNorm in float32: x * rsqrt(mean(x^2) + eps), times the gain.
* Rotary: inv_freq = 1 / theta^(2i/d) in float32 (Llama 3 scaling of inv_freq when configured),
  angles = positions x inv_freq, duplicated over both halves of a head, q*cos + rotate_half(q)*sin.
* Grouped-query attention: each key/value head serves heads/kv_heads consecutive query heads.
* Llama: x + attn(norm(x)), x + mlp(norm(x)). OLMo-2: q_norm/k_norm over the whole q/k projection
  before splitting heads, x + norm(attn(x)), x + norm(mlp(x)).
* MLP: down(silu(gate(x)) * up(x)); head: final norm, then lm_head (or the embedding when tied).

Usage: hf_reference.py CHECKPOINT_DIR IDS.json OUT.json
IDS.json is a list of token id lists; OUT.json gets {"logits": [sequence][position][vocab]}.
"""
import json
import math
import os
import struct
import sys

import torch

DTYPES = {"F32": (torch.float32, 4), "F16": (torch.float16, 2), "BF16": (torch.bfloat16, 2)}


def read_safetensors(path):
    """Tensors of one file as float32, by name."""
    with open(path, "rb") as f:
        data = f.read()
    (header_len,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + header_len].decode("utf-8"))
    body = 8 + header_len
    out = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        dtype, width = DTYPES[entry["dtype"]]
        begin, end = entry["data_offsets"]
        raw = bytearray(data[body + begin:body + end])
        count = (end - begin) // width
        if dtype == torch.bfloat16:
            # bfloat16 is the upper half of a float32: read the bits as int16, reinterpret, widen.
            values = torch.frombuffer(raw, dtype=torch.int16, count=count).view(torch.bfloat16).float()
        else:
            values = torch.frombuffer(raw, dtype=dtype, count=count).float()
        out[name] = values.reshape(entry["shape"]).clone()
    return out


def read_checkpoint(folder):
    with open(os.path.join(folder, "config.json")) as f:
        config = json.load(f)
    index = os.path.join(folder, "model.safetensors.index.json")
    if os.path.exists(index):
        with open(index) as f:
            files = sorted(set(json.load(f)["weight_map"].values()))
    else:
        files = ["model.safetensors"]
    tensors = {}
    for name in files:
        tensors.update(read_safetensors(os.path.join(folder, name)))
    return config, tensors


def rms_norm(x, gain, eps):
    x = x.to(torch.float32)
    return gain * (x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps))


def inverse_frequencies(config, head_dim):
    theta = config.get("rope_theta", 10000.0)
    scaling = config.get("rope_scaling")
    inv = 1.0 / (theta ** (torch.arange(0, head_dim, 2, dtype=torch.int64).float() / head_dim))
    if scaling is None or scaling.get("rope_type", scaling.get("type")) in (None, "default"):
        return inv
    assert scaling.get("rope_type", scaling.get("type")) == "llama3", scaling
    factor = scaling["factor"]
    low = scaling["low_freq_factor"]
    high = scaling["high_freq_factor"]
    original = scaling["original_max_position_embeddings"]
    wavelength = 2 * math.pi / inv
    # Long wavelengths (low frequencies) are slowed down by the factor, short ones kept,
    # the band between interpolated linearly in original / wavelength.
    scaled = torch.where(wavelength > original / low, inv / factor, inv)
    smooth = (original / wavelength - low) / (high - low)
    blended = (1 - smooth) * scaled / factor + smooth * scaled
    between = ~(wavelength < original / high) & ~(wavelength > original / low)
    return torch.where(between, blended, scaled)


def rotate_half(x):
    half = x.shape[-1] // 2
    return torch.cat((-x[..., half:], x[..., :half]), dim=-1)


def forward(config, w, ids):
    olmo = config["architectures"][0] == "Olmo2ForCausalLM"
    hidden = config["hidden_size"]
    heads = config["num_attention_heads"]
    kv_heads = config.get("num_key_value_heads") or heads
    head_dim = config.get("head_dim") or hidden // heads
    eps = config.get("rms_norm_eps", 1e-5 if olmo else 1e-6)
    tied = config.get("tie_word_embeddings", False)
    t = len(ids)

    inv = inverse_frequencies(config, head_dim)
    angles = torch.arange(t, dtype=torch.int64).float()[:, None] @ inv[None, :]
    angles = torch.cat((angles, angles), dim=-1)
    cos, sin = angles.cos(), angles.sin()
    mask = torch.triu(torch.ones(t, t, dtype=torch.bool), diagonal=1)

    def linear(x, name):
        return x @ w[name].t()

    def attention(x, p):
        q = linear(x, p + "self_attn.q_proj.weight")
        k = linear(x, p + "self_attn.k_proj.weight")
        v = linear(x, p + "self_attn.v_proj.weight")
        if olmo:
            q = rms_norm(q, w[p + "self_attn.q_norm.weight"], eps)
            k = rms_norm(k, w[p + "self_attn.k_norm.weight"], eps)
        q = q.view(t, heads, head_dim).transpose(0, 1)
        k = k.view(t, kv_heads, head_dim).transpose(0, 1)
        v = v.view(t, kv_heads, head_dim).transpose(0, 1)
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        group = heads // kv_heads
        k = k.repeat_interleave(group, dim=0)
        v = v.repeat_interleave(group, dim=0)
        scores = (q @ k.transpose(1, 2)) * head_dim ** -0.5
        scores = scores.masked_fill(mask, float("-inf"))
        mixed = torch.softmax(scores, dim=-1, dtype=torch.float32) @ v
        return linear(mixed.transpose(0, 1).reshape(t, heads * head_dim), p + "self_attn.o_proj.weight")

    def mlp(x, p):
        gate = linear(x, p + "mlp.gate_proj.weight")
        return linear(torch.nn.functional.silu(gate) * linear(x, p + "mlp.up_proj.weight"), p + "mlp.down_proj.weight")

    x = w["model.embed_tokens.weight"][torch.tensor(ids, dtype=torch.int64)]
    for layer in range(config["num_hidden_layers"]):
        p = "model.layers.%d." % layer
        if olmo:
            x = x + rms_norm(attention(x, p), w[p + "post_attention_layernorm.weight"], eps)
            x = x + rms_norm(mlp(x, p), w[p + "post_feedforward_layernorm.weight"], eps)
        else:
            x = x + attention(rms_norm(x, w[p + "input_layernorm.weight"], eps), p)
            x = x + mlp(rms_norm(x, w[p + "post_attention_layernorm.weight"], eps), p)
    head = w["model.embed_tokens.weight"] if tied else w["lm_head.weight"]
    return rms_norm(x, w["model.norm.weight"], eps) @ head.t()


def main(argv):
    if len(argv) != 4:
        sys.stderr.write(__doc__)
        return 2
    torch.set_num_threads(1)
    config, tensors = read_checkpoint(argv[1])
    with open(argv[2]) as f:
        sequences = json.load(f)
    with torch.no_grad():
        logits = [forward(config, tensors, ids).tolist() for ids in sequences]
    with open(argv[3], "w") as f:
        json.dump({"logits": logits}, f)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
