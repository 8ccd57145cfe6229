"""Times the shipped draft model in Python onnxruntime: ms per 512×288 frame and the first run (session
creation and first inference) apart, for fp32 and fp16, on the CUDA execution provider where the
machine has one (the issue's GPU figure) and on the CPU provider as the peer measured in the same run.

    python models/draft/train/bench_onnx.py [--frames 20] [--width 512 --height 288]
"""
from __future__ import annotations

import argparse
import os
import time

import numpy as np
import onnxruntime as ort

MODEL_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def bench(path: str, provider: str, x: np.ndarray, frames: int) -> tuple[float, float]:
    started = time.perf_counter()
    session = ort.InferenceSession(path, providers=[provider])
    session.run(None, {"gbuffer": x})
    first_ms = (time.perf_counter() - started) * 1000
    times = []
    for _ in range(frames):
        t = time.perf_counter()
        session.run(None, {"gbuffer": x})
        times.append((time.perf_counter() - t) * 1000)
    return first_ms, float(np.median(times))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--frames", type=int, default=20)
    parser.add_argument("--width", type=int, default=512)
    parser.add_argument("--height", type=int, default=288)
    args = parser.parse_args()
    x = np.random.default_rng(0).random((1, 19, args.height, args.width), dtype=np.float32)
    available = ort.get_available_providers()
    providers = [p for p in ("CUDAExecutionProvider", "CPUExecutionProvider") if p in available]
    if "CUDAExecutionProvider" not in providers:
        print("no CUDA execution provider here: CPU figures only (the GPU figure needs an NVIDIA machine)")
    rows = {}
    for provider in providers:
        for name in ("draft.onnx", "draft.fp16.onnx"):
            first_ms, ms = bench(os.path.join(MODEL_DIR, name), provider, x, args.frames)
            rows[(provider, name)] = ms
            print(f"{provider:22s} {name:16s} {args.width}x{args.height}: {ms:8.2f} ms per frame (first run {first_ms:.0f} ms)")
    if len(providers) == 2:
        cpu, gpu = rows[("CPUExecutionProvider", "draft.onnx")], rows[("CUDAExecutionProvider", "draft.onnx")]
        print(f"CUDA is {cpu / gpu:.1f}x the CPU provider on fp32")


if __name__ == "__main__":
    main()
