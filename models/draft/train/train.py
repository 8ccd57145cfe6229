"""Trains the draft model on the generated samples, measures it on the held-out scenes, exports it.

    models/draft/.data/<sample>/  (generate.mts, then references.py)
      inputs.npy, previous-inputs.npy, flow.npy, valid.npy, reference.npy, previous-reference.npy, ao.npy
        │
        ├─ train split ─► random 64×64 crops, horizontal flips ─► DraftUNet, Adam, L2 on sRGB
        │                 `previous` = the previous frame's reference warped along the backward flow
        │                 (3 in 4 samples) or the raw frame (as on a first frame or after a cut)
        │
        └─ held-out ─► the model runs on frame t−1 (previous = raw), then on frame t with its own
                       warped output: PSNR/SSIM of frame t against the 128-spp reference, for the raw
                       render, raw + GTAO and the draft; flicker = warping error of consecutive draft
                       frames / that of consecutive reference frames (disocclusions masked)
        ▼
    models/draft/draft.onnx (fp32), draft.fp16.onnx, manifest.json, heldout.json (per-scene metrics),
    fixtures/ (inputs and PyTorch outputs)

    python models/draft/train/train.py models/draft/.data --epochs 80 --threads 1
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F
from torchmetrics.functional.image import structural_similarity_index_measure as ssim

sys.path.insert(0, os.path.dirname(__file__))
from model import BEAUTY, INPUT_CHANNELS, SIZE_MULTIPLE, DraftUNet, macs  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
MODEL_DIR = os.path.dirname(HERE)
# inputs.npy holds albedo3 normal3 depth1 direct3 roughness1 metalness1 fluidMask1 beauty3, the
# first 16 of INPUT_CHANNELS (so BEAUTY indexes both); `previous` is built here.
NORMAL_X = 3
MIN_COVERAGE_AGREEMENT = 0.98


def warp(image: torch.Tensor, flow: torch.Tensor, valid: torch.Tensor, fallback: torch.Tensor) -> torch.Tensor:
    """Backward warp, as src/inference/pack.ts `warpPrevious` does it: pixel (x, y) takes `image`
    bilinearly at (x + dx, y + dy), clamped to the frame; where the flow is not valid or lands more
    than half a pixel outside the frame, `fallback`.
    image/fallback [B,3,H,W], flow [B,2,H,W] px, valid [B,H,W]."""
    b, _, h, w = image.shape
    ys, xs = torch.meshgrid(torch.arange(h, dtype=torch.float32), torch.arange(w, dtype=torch.float32), indexing="ij")
    sx, sy = xs + flow[:, 0], ys + flow[:, 1]
    inside = (sx > -0.5) & (sx < w - 0.5) & (sy > -0.5) & (sy < h - 0.5)
    grid = torch.stack([sx / max(w - 1, 1) * 2 - 1, sy / max(h - 1, 1) * 2 - 1], -1)
    sampled = F.grid_sample(image, grid, mode="bilinear", padding_mode="border", align_corners=True)
    keep = (inside & (valid > 0))[:, None]
    return torch.where(keep, sampled, fallback)


def model_input(passes: torch.Tensor, previous: torch.Tensor) -> torch.Tensor:
    """[B,16 passes,H,W] + previous [B,3,H,W] → the model's 19 input channels (INPUT_CHANNELS)."""
    return torch.cat([passes, previous], 1)


def pad_to_multiple(x: torch.Tensor) -> tuple[torch.Tensor, int, int]:
    h, w = x.shape[-2:]
    ph, pw = (-h) % SIZE_MULTIPLE, (-w) % SIZE_MULTIPLE
    return (F.pad(x, (0, pw, 0, ph), mode="replicate") if ph or pw else x), h, w


def run(model: torch.nn.Module, x: torch.Tensor) -> torch.Tensor:
    padded, h, w = pad_to_multiple(x)
    return model(padded)[..., :h, :w]


def load(data: str):
    """Every sample with a reference. Training frames whose browser G-buffer and path-traced primary
    rays disagree on coverage (a broken frame on one side) are left out and listed."""
    samples = {"train": [], "holdout": []}
    excluded, all_parity = [], []
    for name in sorted(os.listdir(data)):
        d = os.path.join(data, name)
        if not os.path.exists(os.path.join(d, "reference.npy")):
            continue
        meta = json.load(open(os.path.join(d, "meta.json")))
        parity = json.load(open(os.path.join(d, "parity.json")))
        all_parity.append(parity)
        if meta["split"] == "train" and parity["coverageAgreement"] < MIN_COVERAGE_AGREEMENT:
            excluded.append(name)
            continue
        has_previous = os.path.exists(os.path.join(d, "previous-reference.npy"))
        if meta["split"] == "train" and not has_previous:
            continue
        t = lambda f: torch.from_numpy(np.load(os.path.join(d, f)).astype(np.float32))  # noqa: E731
        samples[meta["split"]].append({
            "name": name, "prompt": meta["prompt"],
            "passes": t("inputs.npy"), "flow": t("flow.npy"), "valid": t("valid.npy"),
            "previousPasses": t("previous-inputs.npy"),
            "reference": t("reference.npy"), "previousReference": t("previous-reference.npy") if has_previous else None, "ao": t("ao.npy"),
            "parity": parity,
        })
    samples["excluded"], samples["parity"] = excluded, all_parity
    return samples


def batch(samples, size: int, crop: int, generator: torch.Generator):
    idx = torch.randint(len(samples), (size,), generator=generator)
    xs, ys = [], []
    for i in idx.tolist():
        s = samples[i]
        passes, beauty = s["passes"][None], s["passes"][None, BEAUTY]
        previous = warp(s["previousReference"][None], s["flow"][None], s["valid"][None], beauty)
        if torch.rand(1, generator=generator).item() < 0.25:
            previous = beauty
        x, y = model_input(passes, previous)[0], s["reference"]
        h, w = x.shape[-2:]
        top = torch.randint(h - crop + 1, (1,), generator=generator).item()
        left = torch.randint(w - crop + 1, (1,), generator=generator).item()
        x, y = x[:, top:top + crop, left:left + crop], y[:, top:top + crop, left:left + crop]
        if torch.rand(1, generator=generator).item() < 0.5:
            x, y = x.flip(-1), y.flip(-1)
            x = x.clone()
            x[NORMAL_X] = -x[NORMAL_X]
        xs.append(x)
        ys.append(y)
    return torch.stack(xs), torch.stack(ys)


def psnr(a: torch.Tensor, b: torch.Tensor) -> float:
    mse = float(((a - b) ** 2).mean())
    return 10 * np.log10(1 / max(mse, 1e-12))


def evaluate(model: torch.nn.Module, holdout) -> dict:
    rows = []
    with torch.no_grad():
        for s in holdout:
            prev_beauty = s["previousPasses"][None, BEAUTY]
            first = run(model, model_input(s["previousPasses"][None], prev_beauty))
            beauty = s["passes"][None, BEAUTY]
            carried = warp(first, s["flow"][None], s["valid"][None], beauty)
            draft = run(model, model_input(s["passes"][None], carried))
            ref = s["reference"][None]
            mask = s["valid"][None, None] > 0
            def flicker(current, previous):
                warped = warp(previous, s["flow"][None], s["valid"][None], current)
                return float((((current - warped) ** 2) * mask).sum() / mask.sum().clamp_min(1) / 3)
            row = {"name": s["name"], "prompt": s["prompt"]}
            for key, image in (("raw", beauty), ("rawAo", s["ao"][None]), ("draft", draft)):
                row[f"{key}Psnr"] = psnr(image, ref)
                row[f"{key}Ssim"] = float(ssim(image.clamp(0, 1), ref, data_range=1.0))
            if s["previousReference"] is not None:
                row["draftFlicker"] = flicker(draft, first)
                row["rawFlicker"] = flicker(beauty, prev_beauty)
                row["referenceFlicker"] = flicker(ref, s["previousReference"][None])
            rows.append(row)
    return {"rows": rows}


def summary(rows) -> dict:
    def stats(key):
        v = np.array([r[key] for r in rows])
        return {"median": float(np.median(v)), "p10": float(np.percentile(v, 10)), "p90": float(np.percentile(v, 90)), "mean": float(v.mean())}
    out = {k: stats(k) for k in ("rawPsnr", "rawAoPsnr", "draftPsnr", "rawSsim", "rawAoSsim", "draftSsim")}
    best_baseline = np.maximum([r["rawPsnr"] for r in rows], [r["rawAoPsnr"] for r in rows])
    gain = np.array([r["draftPsnr"] for r in rows]) - best_baseline
    out["draftGainOverBestBaselineDb"] = {"median": float(np.median(gain)), "p10": float(np.percentile(gain, 10)), "scenesBetter": int((gain > 0).sum()), "scenes": len(rows)}
    timed = [r for r in rows if "draftFlicker" in r]
    if not timed:
        return out
    draft_f, ref_f, raw_f = (np.array([r[k] for r in timed]) for k in ("draftFlicker", "referenceFlicker", "rawFlicker"))
    # The reference's own frame-to-frame error includes its path-tracing noise; the raw render's is
    # noise-free, so both ratios are given.
    out["flickerRatio"] = {"scenes": len(timed), "draftToReferenceOfMeans": float(draft_f.mean() / max(ref_f.mean(), 1e-12)),
                           "draftToReferenceMedianPerScene": float(np.median(draft_f / np.maximum(ref_f, 1e-12))),
                           "rawToReferenceOfMeans": float(raw_f.mean() / max(ref_f.mean(), 1e-12)),
                           "draftToRawOfMeans": float(draft_f.mean() / max(raw_f.mean(), 1e-12))}
    return out


def sha256(path: str) -> str:
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


class Fp16(torch.nn.Module):
    """fp16 weights and arithmetic behind fp32 inputs and outputs."""

    def __init__(self, model: torch.nn.Module):
        super().__init__()
        self.model = model.half()

    def forward(self, gbuffer: torch.Tensor) -> torch.Tensor:
        return self.model(gbuffer.half()).float()


def export(model: torch.nn.Module, path: str, example: torch.Tensor) -> None:
    torch.onnx.export(
        model, (example,), path, input_names=["gbuffer"], output_names=["draft"], opset_version=17,
        dynamic_axes={"gbuffer": {2: "H", 3: "W"}, "draft": {2: "H", 3: "W"}}, dynamo=False,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data")
    parser.add_argument("--epochs", type=int, default=80)
    parser.add_argument("--steps-per-epoch", type=int, default=50)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--crop", type=int, default=64)
    parser.add_argument("--lr", type=float, default=2e-3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--load", action="store_true", help="skip training: evaluate and export train/draft.pt")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    started = time.time()
    samples = load(args.data)
    train, holdout = samples["train"], samples["holdout"]
    print(f"{len(train)} training samples ({len(samples['excluded'])} left out for parity), {len(holdout)} held out", flush=True)
    generator = torch.Generator().manual_seed(0)
    model = DraftUNet()
    if args.load:
        model.load_state_dict(torch.load(os.path.join(HERE, "draft.pt")))
        args.epochs = 0
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    total = max(args.epochs * args.steps_per_epoch, 1)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=args.lr, total_steps=total)
    for epoch in range(args.epochs):
        model.train()
        losses = []
        for _ in range(args.steps_per_epoch):
            x, y = batch(train, args.batch, args.crop, generator)
            loss = F.mse_loss(model(x), y)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            schedule.step()
            losses.append(loss.item())
        print(f"epoch {epoch + 1}/{args.epochs} loss {np.mean(losses):.5f} ({time.time() - started:.0f} s)", flush=True)
    model.eval()
    run_path = os.path.join(HERE, "draft.pt.json")
    if not args.load:
        torch.save(model.state_dict(), os.path.join(HERE, "draft.pt"))
        json.dump({"seconds": round(time.time() - started), "epochs": args.epochs, "stepsPerEpoch": args.steps_per_epoch,
                   "batch": args.batch, "crop": args.crop, "learningRate": args.lr}, open(run_path, "w"))
    training_run = json.load(open(run_path))
    result = evaluate(model, holdout)
    metrics = summary(result["rows"])
    print(json.dumps(metrics, indent=1), flush=True)

    os.makedirs(os.path.join(MODEL_DIR, "fixtures"), exist_ok=True)
    h, w = 288, 512
    fp32_path, fp16_path = os.path.join(MODEL_DIR, "draft.onnx"), os.path.join(MODEL_DIR, "draft.fp16.onnx")
    export(model, fp32_path, torch.zeros(1, len(INPUT_CHANNELS), h, w))
    export(_fp16_copy(model), fp16_path, torch.zeros(1, len(INPUT_CHANNELS), h, w))

    # Fixtures: two held-out frames, padded to the size multiple, and PyTorch's fp32 outputs.
    fixtures = []
    with torch.no_grad():
        for k, s in enumerate(holdout[:2]):
            x, _, _ = pad_to_multiple(model_input(s["passes"][None], s["passes"][None, BEAUTY]))
            y = model(x)
            np.save(os.path.join(MODEL_DIR, "fixtures", f"input-{k}.npy"), x.numpy().astype(np.float32))
            np.save(os.path.join(MODEL_DIR, "fixtures", f"output-{k}.npy"), y.numpy().astype(np.float32))
            fixtures.append({"input": f"fixtures/input-{k}.npy", "output": f"fixtures/output-{k}.npy", "shape": list(x.shape), "sample": s["name"]})

    parity = samples["parity"]
    manifest = {
        "format": "worlddraft-model", "version": 1, "name": "draft-unet",
        "description": "Neural deferred shader: WorldDraft's G-buffer in, a frame that approximates a path-traced reference out.",
        "file": "draft.onnx", "bytes": os.path.getsize(fp32_path), "sha256": sha256(fp32_path), "opset": 17,
        "sizeMultiple": SIZE_MULTIPLE,
        "inputs": [{"name": "gbuffer", "dtype": "float32", "layout": "NCHW", "shape": [1, len(INPUT_CHANNELS), "H", "W"], "channels": INPUT_CHANNELS,
                    "range": "see src/inference/passes.ts: albedo, direct, roughness, metalness, fluidMask, previous in 0..1; normal in -1..1; depth log-encoded 0..1"}],
        "outputs": [{"name": "draft", "dtype": "float32", "layout": "NCHW", "shape": [1, 3, "H", "W"], "colorSpace": "srgb", "range": [0, 1]}],
        "variants": [{"precision": "fp16", "file": "draft.fp16.onnx", "bytes": os.path.getsize(fp16_path), "sha256": sha256(fp16_path),
                      "note": "fp16 weights and arithmetic, fp32 inputs and outputs; for execution providers with fp16 support (WebGPU with shader-f16)"}],
        "cost": {"parameters": sum(p.numel() for p in model.parameters()), "gmacPer512x288": macs(model, 288, 512) / 1e9},
        "training": {
            "data": f"{len(train)} training and {len(holdout)} held-out frames of WorldDraft's own scenes (prompts from eval/prompts.json with a random shot framing, angle, subject and time; held-out prompts never trained on), G-buffers rendered by the app in headless Chromium (WebGPU on SwiftShader) at {holdout[0]['passes'].shape[2]}x{holdout[0]['passes'].shape[1]}",
            "reference": "models/draft/train/pathtrace.py: PyTorch path tracer over the same primitives and materials, sun with shadow rays, hemisphere sky, 3 bounces, GGX + Lambert, three.js ACES filmic tone mapping",
            "samplesPerPixel": {"train": sorted({s["parity"]["spp"] for s in train}), "holdout": sorted({s["parity"]["spp"] for s in holdout})},
            "hardware": "CPU (2 cores shared with other work, one thread), no GPU", **training_run, "loss": "L2 on sRGB",
            "reproduce": "see models/draft/README.md",
        },
        "parity": {
            "frames": len(parity),
            "trainingFramesLeftOut": samples["excluded"],
            "coverageAgreementMedian": float(np.median([p["coverageAgreement"] for p in parity])),
            "coverageAgreementMin": float(np.min([p["coverageAgreement"] for p in parity])),
            "depthRelErrorMedian": float(np.median([p["depthRelErrorMedian"] for p in parity])),
            "normalAngleDegMedian": float(np.median([p["normalAngleDegMedian"] for p in parity])),
            "normalAngleDegP95Median": float(np.median([p["normalAngleDegP95"] for p in parity])),
            "shadowAgreementMedian": float(np.median([p["shadowAgreement"] for p in parity])),
            "shadowAgreementP5": float(np.percentile([p["shadowAgreement"] for p in parity], 5)),
            "directAbsErrorMedian": float(np.median([p["directAbsErrorMean"] for p in parity])),
        },
        "metrics": {"heldOut": metrics, "perScene": "heldout.json"},
        "fixtures": fixtures,
    }
    with open(os.path.join(MODEL_DIR, "heldout.json"), "w") as f:
        json.dump(result["rows"], f, indent=1)
    with open(os.path.join(MODEL_DIR, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
    print(f"wrote {fp32_path} ({os.path.getsize(fp32_path)} bytes) and the manifest", flush=True)


def _fp16_copy(model: torch.nn.Module) -> torch.nn.Module:
    copy = DraftUNet()
    copy.load_state_dict(model.state_dict())
    return Fp16(copy.eval()).eval()


if __name__ == "__main__":
    main()
