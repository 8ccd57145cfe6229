"""The draft model: a small U-Net that shades WorldDraft's G-buffer into a path-traced-looking frame.

A neural deferred shader in the line of Deep Shading (Nalbach et al. 2017) with the encoder-decoder
shape of Open Image Denoise's U-Net, cut down to browser size:

    gbuffer [1,19,H,W] ─► enc0 (24 ch, 1/1) ──────────────────────────────┐
                            └─► avg-pool ─► enc1 (32 ch, 1/2) ─────────┐   │
                                             └─► avg-pool ─► enc2 (48 ch, 1/4)
                                                    └─► ×2 nearest ─► cat ─► dec1 (32 ch, 1/2)
                                                                         └─► ×2 ─► cat ─► dec0 (24 ch)
                                                                                           └─► 1×1 ─► + beauty ─► clamp ─► draft [1,3,H,W] sRGB

The network predicts a correction to the raw frame (`beauty`): what the raster view lacks is local
(occluded sky light, contact shadows, bounce light, reflections), so learning the difference is
easier than re-shading from scratch, and an untrained or confused model degrades to the raw view.
Each block is two 3×3 convolutions with ReLU. About 110k parameters (0.44 MB at fp32) and 6 GMAC
per 512×288 frame (`macs()` counts them). H and W must be multiples of 4.

Input channels, in order (src/inference/passes.ts has the encodings): albedo.rgb, normal.xyz,
depth, direct.rgb, roughness, metalness, fluidMask, beauty.rgb, previous.rgb.
"""
from __future__ import annotations

import torch
from torch import nn
import torch.nn.functional as F

INPUT_CHANNELS = [
    "albedo.r", "albedo.g", "albedo.b", "normal.x", "normal.y", "normal.z", "depth",
    "direct.r", "direct.g", "direct.b", "roughness", "metalness", "fluidMask",
    "beauty.r", "beauty.g", "beauty.b", "previous.r", "previous.g", "previous.b",
]
BEAUTY = slice(13, 16)
SIZE_MULTIPLE = 4
WIDTHS = (24, 32, 48)


def _block(c_in: int, c_out: int) -> nn.Sequential:
    return nn.Sequential(
        nn.Conv2d(c_in, c_out, 3, padding=1), nn.ReLU(inplace=True),
        nn.Conv2d(c_out, c_out, 3, padding=1), nn.ReLU(inplace=True),
    )


class DraftUNet(nn.Module):
    def __init__(self, widths: tuple[int, int, int] = WIDTHS):
        super().__init__()
        a, b, c = widths
        self.enc0 = _block(len(INPUT_CHANNELS), a)
        self.enc1 = _block(a, b)
        self.enc2 = _block(b, c)
        self.dec1 = _block(c + b, b)
        self.dec0 = _block(b + a, a)
        self.head = nn.Conv2d(a, 3, 1)
        # Start as the identity on the raw frame.
        nn.init.zeros_(self.head.weight)
        nn.init.zeros_(self.head.bias)

    def forward(self, gbuffer: torch.Tensor) -> torch.Tensor:
        e0 = self.enc0(gbuffer)
        e1 = self.enc1(F.avg_pool2d(e0, 2))
        e2 = self.enc2(F.avg_pool2d(e1, 2))
        d1 = self.dec1(torch.cat([F.interpolate(e2, scale_factor=2.0, mode="nearest"), e1], 1))
        d0 = self.dec0(torch.cat([F.interpolate(d1, scale_factor=2.0, mode="nearest"), e0], 1))
        return (gbuffer[:, BEAUTY] + self.head(d0)).clamp(0.0, 1.0)


def macs(model: nn.Module, height: int, width: int) -> int:
    """Multiply-accumulates of the convolutions for one height × width frame."""
    total = 0
    hooks = []

    def count(module: nn.Conv2d, _inputs, output):
        nonlocal total
        k = module.kernel_size[0] * module.kernel_size[1]
        total += output.shape[2] * output.shape[3] * module.out_channels * module.in_channels * k

    for m in model.modules():
        if isinstance(m, nn.Conv2d):
            hooks.append(m.register_forward_hook(count))
    with torch.no_grad():
        model(torch.zeros(1, len(INPUT_CHANNELS), height, width))
    for h in hooks:
        h.remove()
    return total
