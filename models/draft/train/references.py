"""Path-traced references for every sample that generate.mts wrote, and the G-buffer parity check.

    sample/frame.json    ─► pathtrace.Scene ─► reference.npy          (display sRGB, float32 3×H×W)
    sample/previous.json ─► pathtrace.Scene ─► previous-reference.npy (the frame 1/60 s earlier)
    sample/inputs.npy    ─► parity.json: the browser's depth, normals, coverage and shadowed direct
                            light against the path tracer's own primary rays (the two sides must see
                            the same geometry and the same sun shadows)

Training samples get `--spp` paths per pixel (noisy targets are fine for an L2 loss: the expected
value is the clean image, as in Noise2Noise); held-out samples get `--holdout-spp`, and the first
`--holdout-previous` of them also get their previous frame traced (for the flicker ratio). Every sample has
its own seed, so a re-run reproduces its reference exactly; finished samples are skipped.

    python models/draft/train/references.py models/draft/.data --spp 16 --holdout-spp 128
"""
from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time
import zlib

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(__file__))
from pathtrace import Scene, display, load_frame  # noqa: E402

DEPTH_MAX_M = 100.0  # src/inference/passes.ts DEPTH_ENCODING_MAX_M


def parity(scene: Scene, inputs: np.ndarray) -> dict:
    """Browser G-buffer vs the path tracer's primary rays, at pixel centres."""
    depth, normals, _ = scene.primary_gbuffer()
    encoded = torch.clamp(torch.log2(1 + depth) / math.log2(1 + DEPTH_MAX_M), 0, 1)
    encoded[depth <= 0] = 1
    browser_depth = torch.as_tensor(inputs[6])
    covered_here, covered_there = encoded < 1, browser_depth < 1
    both = covered_here & covered_there
    browser_normals = torch.as_tensor(inputs[3:6]).permute(1, 2, 0)
    cos = (browser_normals * normals).sum(-1)[both]
    # Relative depth error in metres, decoded.
    metres = lambda e: torch.pow(2.0, e * math.log2(1 + DEPTH_MAX_M)) - 1  # noqa: E731
    rel = ((metres(browser_depth) - metres(encoded)).abs() / metres(encoded).clamp_min(1e-6))[both]
    direct_here = scene.primary_direct(torch.as_tensor(inputs[0:3]))
    direct_there = torch.as_tensor(inputs[7:10])
    shadowed_here, shadowed_there = direct_here.sum(0) < 1e-4, direct_there.sum(0) < 1e-4
    return {
        "coverageAgreement": float((covered_here == covered_there).float().mean()),
        "shadowAgreement": float((shadowed_here == shadowed_there)[both].float().mean()) if both.any() else 1.0,
        "directAbsErrorMean": float((direct_here - direct_there).abs().mean(0)[both].mean()) if both.any() else 0.0,
        "depthRelErrorMedian": float(rel.median()) if rel.numel() else 0.0,
        "depthRelErrorP95": float(rel.quantile(0.95)) if rel.numel() else 0.0,
        "normalAngleDegMedian": float(torch.rad2deg(torch.arccos(cos.clamp(-1, 1))).median()) if cos.numel() else 0.0,
        "normalAngleDegP95": float(torch.rad2deg(torch.arccos(cos.clamp(-1, 1))).quantile(0.95)) if cos.numel() else 0.0,
    }


def render(path: str, spp: int, albedo: np.ndarray | None, seed: int) -> np.ndarray:
    scene = Scene(load_frame(path))
    generator = torch.Generator(device=torch.get_default_device()).manual_seed(seed)
    radiance = scene.render(spp, generator, None if albedo is None else torch.as_tensor(albedo))
    return display(radiance, scene.exposure).cpu().numpy().astype(np.float32)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data")
    parser.add_argument("--spp", type=int, default=16)
    parser.add_argument("--holdout-spp", type=int, default=128)
    parser.add_argument("--only", choices=["train", "holdout"], default=None)
    parser.add_argument("--holdout-previous", type=int, default=100,
                        help="held-out samples (the first N) whose previous frame is also traced, for the flicker ratio")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--parity-only", action="store_true", help="recompute parity.json for every sample, render nothing")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.set_default_device(args.device)
    names = sorted(n for n in os.listdir(args.data) if os.path.exists(os.path.join(args.data, n, "meta.json")))
    started = time.time()
    for i, name in enumerate(names):
        d = os.path.join(args.data, name)
        meta = json.load(open(os.path.join(d, "meta.json")))
        if args.only and meta["split"] != args.only:
            continue
        if args.parity_only:
            previous = json.load(open(os.path.join(d, "parity.json")))
            inputs = np.load(os.path.join(d, "inputs.npy"))
            json.dump({**parity(Scene(load_frame(os.path.join(d, "frame.json"))), inputs), "spp": previous["spp"]}, open(os.path.join(d, "parity.json"), "w"))
            continue
        if os.path.exists(os.path.join(d, "reference.npy")):
            continue
        spp = args.holdout_spp if meta["split"] == "holdout" else args.spp
        seed = zlib.crc32(name.encode())
        inputs = np.load(os.path.join(d, "inputs.npy"))
        scene = Scene(load_frame(os.path.join(d, "frame.json")))
        json.dump({**parity(scene, inputs), "spp": spp}, open(os.path.join(d, "parity.json"), "w"))
        np.save(os.path.join(d, "reference.npy"), render(os.path.join(d, "frame.json"), spp, inputs[0:3], seed))
        holdout_index = int(name.split("-")[-1]) if meta["split"] == "holdout" else -1
        if holdout_index < args.holdout_previous:
            previous_albedo = np.load(os.path.join(d, "previous-inputs.npy"))[0:3]
            np.save(os.path.join(d, "previous-reference.npy"), render(os.path.join(d, "previous.json"), spp, previous_albedo, seed + 1))
        if i % 10 == 0:
            print(f"{i + 1}/{len(names)} {name} {spp} spp ({time.time() - started:.0f} s)", flush=True)


if __name__ == "__main__":
    main()
