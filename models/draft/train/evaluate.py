"""Measures the trained draft model (train/draft.pt) on another set of held-out frames, such as the
same scenes rendered at a higher resolution than the model was trained at, and prints the summary
that train.py writes into manifest.json (flicker only where previous-frame references exist).

    python models/draft/train/evaluate.py models/draft/.data-320 --out models/draft/scale-check.json
"""
from __future__ import annotations

import argparse
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(__file__))
from model import DraftUNet  # noqa: E402
from train import HERE, evaluate, load, summary  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data")
    parser.add_argument("--out", default=None)
    args = parser.parse_args()
    model = DraftUNet()
    model.load_state_dict(torch.load(os.path.join(HERE, "draft.pt")))
    model.eval()
    holdout = load(args.data)["holdout"]
    rows = evaluate(model, holdout)["rows"]
    result = {"frames": len(rows), "size": list(holdout[0]["passes"].shape[1:]), "summary": summary(rows), "perScene": rows}
    print(json.dumps(result["summary"], indent=1))
    if args.out:
        with open(args.out, "w") as f:
            json.dump(result, f, indent=1)


if __name__ == "__main__":
    main()
