"""Reference path tracer for the draft model, in PyTorch, over WorldDraft's own primitives.

It renders the frame a browser described (src/render/draft-passes.ts `FrameDescription`: camera,
key light, hemisphere sky, backdrop, fog and every primitive with its pose and material) the way a
final shot would look: soft sky light with occlusion, contact shadows, bounce light between
surfaces and glossy reflections, none of which the raster view has.

    camera rays ─► nearest hit over every primitive (analytic: sphere, box, cylinder, capsule, cone,
                   convex hull as planes)
      primary hit ─► fog as three.js applies it (smoothstep of view depth), albedo from the browser's
                     own albedo pass so textures match the G-buffer pixel for pixel
      each bounce ─► next-event estimation towards the sun (shadow ray)
                  ─► one scattered ray: a one-sample mixture of cosine-weighted diffuse and GGX
                     visible-normal-free half-vector sampling, weighted by the mixture pdf
                  ─► a miss adds the hemisphere sky as radiance (sky / π above the horizon,
                     ground / π below), which is exactly what three's HemisphereLight gives an
                     unoccluded surface
    linear radiance ─► three's ACES filmic fit (Hill) ─► sRGB: what the raw view would show

Materials are three's metal/rough model: diffuse = albedo·(1 − metalness)/π, specular = GGX
(Walter et al. 2007) with α = roughness², Smith height-correlated visibility and Schlick's Fresnel
with F0 = mix(0.04, albedo, metalness). Units and conventions follow three.js (y up, camera looking
down −z, light intensities as irradiance).

The same module computes the primary-ray G-buffer (depth, view-space normals, instance ids) that the
parity check compares with the browser's passes.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass

import torch

EPS = 1e-4
FAR = 1e30


def _mat(col_major: list[float]) -> torch.Tensor:
    return torch.tensor(col_major, dtype=torch.float64).reshape(4, 4).T.float()


@dataclass
class Primitives:
    """One tensor group per analytic kind; every row has a material index into `materials`."""
    kind: str
    center: torch.Tensor      # [P, 3]
    rotation: torch.Tensor    # [P, 3, 3] world from local
    params: torch.Tensor      # [P, k] kind-specific
    material: torch.Tensor    # [P] long
    planes: torch.Tensor | None = None  # convex: [P, F, 4] (n, w), inside where n·x + w <= 0


def _convex_planes(points: list[list[float]]) -> torch.Tensor:
    from scipy.spatial import ConvexHull  # only convex catalog shapes need it
    hull = ConvexHull(points)
    return torch.tensor(hull.equations, dtype=torch.float32)


class Scene:
    def __init__(self, frame: dict):
        self.frame = frame
        cam = _mat(frame["camera"]["matrixWorld"])
        self.cam_rot = cam[:3, :3]
        self.cam_pos = cam[:3, 3]
        self.fov = math.radians(frame["camera"]["fovDeg"])
        self.aspect = frame["camera"]["aspect"]
        self.width, self.height = frame["width"], frame["height"]
        self.sun_dir = torch.tensor(frame["sun"]["direction"], dtype=torch.float32)
        self.sun_dir = self.sun_dir / self.sun_dir.norm()
        self.sun_irradiance = torch.tensor(frame["sun"]["irradiance"], dtype=torch.float32)
        self.sky_up = torch.tensor(frame["sky"]["up"], dtype=torch.float32) / math.pi
        self.sky_down = torch.tensor(frame["sky"]["down"], dtype=torch.float32) / math.pi
        self.background = torch.tensor(frame["background"], dtype=torch.float32)
        self.fog = frame.get("fog")
        self.exposure = frame.get("exposure", 1.0)

        albedo, rough, metal, ids = [], [], [], []
        groups: dict[str, list] = {"sphere": [], "box": [], "cylinder": [], "cone": [], "convex": []}

        def material(a, r, m, i):
            albedo.append(a); rough.append(r); metal.append(m); ids.append(i)
            return len(albedo) - 1

        for p in frame["primitives"]:
            m = _mat(p["matrixWorld"])
            rot, pos = m[:3, :3], m[:3, 3]
            k = material(p["albedo"], p["roughness"], p["metalness"], p["id"])
            s = p["shape"]
            t = s["type"]
            if t == "sphere":
                groups["sphere"].append((pos, rot, [s["radiusM"]], k, None))
            elif t == "box":
                groups["box"].append((pos, rot, [v / 2 for v in s["sizeM"]], k, None))
            elif t == "cylinder":
                groups["cylinder"].append((pos, rot, [s["radiusM"], s["heightM"] / 2, 0.0], k, None))
            elif t == "capsule":
                r, half = s["radiusM"], max(s["heightM"] / 2 - s["radiusM"], 0.0)
                groups["cylinder"].append((pos, rot, [r, half, 1.0], k, None))  # open tube
                for sign in (-1.0, 1.0):
                    groups["sphere"].append((pos + rot[:, 1] * sign * half, rot, [r], k, None))
            elif t == "cone":
                groups["cone"].append((pos, rot, [s["radiusM"], s["heightM"]], k, None))
            elif t == "convex":
                groups["convex"].append((pos, rot, [0.0], k, _convex_planes(s["pointsM"])))
            else:
                raise ValueError(f"unknown primitive {t}")
        for liquid in frame.get("liquids", []):
            c = liquid["centers"]
            k = material(liquid["albedo"], liquid["roughness"], 0.0, 0)
            for i in range(0, len(c), 3):
                groups["sphere"].append((torch.tensor(c[i:i + 3]), torch.eye(3), [liquid["radiusM"]], k, None))

        self.albedo = torch.tensor(albedo, dtype=torch.float32).reshape(-1, 3)
        self.roughness = torch.tensor(rough, dtype=torch.float32).clamp(0.045, 1.0)
        self.metalness = torch.tensor(metal, dtype=torch.float32)
        self.ids = torch.tensor(ids, dtype=torch.long)
        self.groups: list[Primitives] = []
        for kind, rows in groups.items():
            if not rows:
                continue
            width = max(len(r[2]) for r in rows)
            params = torch.tensor([r[2] + [0.0] * (width - len(r[2])) for r in rows], dtype=torch.float32)
            planes = None
            if kind == "convex":
                faces = max(r[4].shape[0] for r in rows)
                planes = torch.zeros(len(rows), faces, 4)
                planes[:, :, 3] = -1.0  # padding planes never cut
                for i, r in enumerate(rows):
                    planes[i, : r[4].shape[0]] = r[4]
            self.groups.append(Primitives(
                kind,
                torch.stack([torch.as_tensor(r[0], dtype=torch.float32) for r in rows]),
                torch.stack([torch.as_tensor(r[1], dtype=torch.float32) for r in rows]),
                params,
                torch.tensor([r[3] for r in rows], dtype=torch.long),
                planes,
            ))

    # ---- intersection ---------------------------------------------------------------------------

    def intersect(self, o: torch.Tensor, d: torch.Tensor, front_only: bool = False):
        """Nearest hit of rays o + t·d: (t [R], normal [R,3] world, material [R] or −1).

        `front_only` keeps only hits on outward-facing surfaces, as the raster view draws them: a
        camera inside a wall (between the near plane and the surface) sees through it. Bounce and
        shadow rays see every face, so light cannot leak through touching solids."""
        n_rays = o.shape[0]
        best_t = torch.full((n_rays,), FAR)
        best_n = torch.zeros(n_rays, 3)
        best_m = torch.full((n_rays,), -1, dtype=torch.long)
        for g in self.groups:
            # Rays in each primitive's local frame: [R, P, 3].
            rel = o[:, None, :] - g.center[None]
            ol = torch.einsum("rpi,pij->rpj", rel, g.rotation)
            dl = torch.einsum("ri,pij->rpj", d, g.rotation)
            t, nl = getattr(self, f"_hit_{g.kind}")(ol, dl, g)
            keep = t > EPS
            if front_only:
                keep &= (nl * dl).sum(-1) < 0
            t = torch.where(keep, t, torch.full_like(t, FAR))
            tmin, idx = t.min(dim=1)
            closer = tmin < best_t
            nsel = nl[torch.arange(n_rays), idx]
            nw = torch.einsum("rj,rij->ri", nsel, g.rotation[idx])
            best_t = torch.where(closer, tmin, best_t)
            best_n = torch.where(closer[:, None], nw, best_n)
            best_m = torch.where(closer, g.material[idx], best_m)
        best_n = best_n / best_n.norm(dim=1, keepdim=True).clamp_min(1e-12)
        return best_t, best_n, best_m

    @staticmethod
    def _nearest_root(a, b, c):
        disc = b * b - 4 * a * c
        ok = (disc >= 0) & (a.abs() > 1e-12)
        s = torch.sqrt(disc.clamp_min(0))
        a_safe = torch.where(a.abs() > 1e-12, a, torch.ones_like(a))
        t0 = (-b - s) / (2 * a_safe)
        t1 = (-b + s) / (2 * a_safe)
        lo, hi = torch.minimum(t0, t1), torch.maximum(t0, t1)
        return ok, lo, hi

    def _hit_sphere(self, ol, dl, g):
        r = g.params[None, :, 0]
        a = (dl * dl).sum(-1)
        b = 2 * (ol * dl).sum(-1)
        c = (ol * ol).sum(-1) - r * r
        ok, lo, hi = self._nearest_root(a, b, c)
        t = torch.where(lo > EPS, lo, hi)
        t = torch.where(ok, t, torch.full_like(t, -1.0))
        return t, ol + t[..., None] * dl

    def _hit_box(self, ol, dl, g):
        h = g.params[None, :, :3]
        inv = 1.0 / torch.where(dl.abs() < 1e-12, torch.full_like(dl, 1e-12), dl)
        t1, t2 = (-h - ol) * inv, (h - ol) * inv
        tn, tf = torch.minimum(t1, t2), torch.maximum(t1, t2)
        tnear, axis = tn.max(-1)
        tfar = tf.min(-1).values
        ok = tnear <= tfar
        t = torch.where(tnear > EPS, tnear, tfar)
        t = torch.where(ok, t, torch.full_like(t, -1.0))
        # Normal: the face of entry (or of exit for rays starting inside).
        p = ol + t[..., None] * dl
        rel = p / h
        face = rel.abs().argmax(-1)
        n = torch.zeros_like(ol)
        n.scatter_(-1, face[..., None], torch.sign(torch.gather(rel, -1, face[..., None])))
        del axis
        return t, n

    def _hit_cylinder(self, ol, dl, g):
        r, half = g.params[None, :, 0], g.params[None, :, 1]
        open_tube = g.params[None, :, 2] > 0.5
        a = dl[..., 0] ** 2 + dl[..., 2] ** 2
        b = 2 * (ol[..., 0] * dl[..., 0] + ol[..., 2] * dl[..., 2])
        c = ol[..., 0] ** 2 + ol[..., 2] ** 2 - r * r
        ok, lo, hi = self._nearest_root(a, b, c)
        cands, normals = [], []
        for ts in (lo, hi):
            y = ol[..., 1] + ts * dl[..., 1]
            good = ok & (y.abs() <= half) & (ts > EPS)
            cands.append(torch.where(good, ts, torch.full_like(ts, FAR)))
            p = ol + ts[..., None] * dl
            normals.append(torch.stack([p[..., 0], torch.zeros_like(ts), p[..., 2]], -1))
        dy = torch.where(dl[..., 1].abs() < 1e-12, torch.full_like(dl[..., 1], 1e-12), dl[..., 1])
        for sign in (-1.0, 1.0):
            ts = (sign * half - ol[..., 1]) / dy
            p = ol + ts[..., None] * dl
            good = (~open_tube) & (ts > EPS) & (p[..., 0] ** 2 + p[..., 2] ** 2 <= r * r)
            cands.append(torch.where(good, ts, torch.full_like(ts, FAR)))
            normals.append(torch.stack([torch.zeros_like(ts), torch.full_like(ts, sign), torch.zeros_like(ts)], -1))
        return self._pick(cands, normals)

    def _hit_cone(self, ol, dl, g):
        r, h = g.params[None, :, 0], g.params[None, :, 1]
        k2 = (r / h) ** 2
        a0 = h / 2 - ol[..., 1]
        a = dl[..., 0] ** 2 + dl[..., 2] ** 2 - k2 * dl[..., 1] ** 2
        b = 2 * (ol[..., 0] * dl[..., 0] + ol[..., 2] * dl[..., 2] + k2 * a0 * dl[..., 1])
        c = ol[..., 0] ** 2 + ol[..., 2] ** 2 - k2 * a0 ** 2
        ok, lo, hi = self._nearest_root(a, b, c)
        cands, normals = [], []
        for ts in (lo, hi):
            below_apex = a0 - ts * dl[..., 1]
            good = ok & (below_apex >= 0) & (below_apex <= h) & (ts > EPS)
            cands.append(torch.where(good, ts, torch.full_like(ts, FAR)))
            p = ol + ts[..., None] * dl
            normals.append(torch.stack([p[..., 0], k2 * (h / 2 - p[..., 1]), p[..., 2]], -1))
        dy = torch.where(dl[..., 1].abs() < 1e-12, torch.full_like(dl[..., 1], 1e-12), dl[..., 1])
        ts = (-h / 2 - ol[..., 1]) / dy
        p = ol + ts[..., None] * dl
        good = (ts > EPS) & (p[..., 0] ** 2 + p[..., 2] ** 2 <= r * r)
        cands.append(torch.where(good, ts, torch.full_like(ts, FAR)))
        normals.append(torch.stack([torch.zeros_like(ts), -torch.ones_like(ts), torch.zeros_like(ts)], -1))
        return self._pick(cands, normals)

    def _hit_convex(self, ol, dl, g):
        n, w = g.planes[None, :, :, :3], g.planes[None, :, :, 3]
        denom = (n * dl[:, :, None, :]).sum(-1)
        num = -((n * ol[:, :, None, :]).sum(-1) + w)
        safe = torch.where(denom.abs() < 1e-12, torch.full_like(denom, 1e-12), denom)
        t = num / safe
        entering = denom < -1e-12
        exiting = denom > 1e-12
        parallel_out = (~entering) & (~exiting) & (num < 0)
        t_enter, face = torch.where(entering, t, torch.full_like(t, -FAR)).max(-1)
        t_exit = torch.where(exiting, t, torch.full_like(t, FAR)).min(-1).values
        ok = (t_enter <= t_exit) & (~parallel_out.any(-1)) & (t_enter > EPS)
        normal = torch.gather(g.planes[None, :, :, :3].expand(ol.shape[0], -1, -1, -1), 2, face[..., None, None].expand(-1, -1, 1, 3))[:, :, 0]
        return torch.where(ok, t_enter, torch.full_like(t_enter, -1.0)), normal

    @staticmethod
    def _pick(cands, normals):
        t = torch.stack(cands, -1)
        best, i = t.min(-1)
        n = torch.gather(torch.stack(normals, -2), -2, i[..., None, None].expand(*i.shape, 1, 3))[..., 0, :]
        return torch.where(best < FAR, best, torch.full_like(best, -1.0)), n

    # ---- camera ---------------------------------------------------------------------------------

    def camera_rays(self, px: torch.Tensor, py: torch.Tensor):
        """Rays through continuous pixel coordinates (0..W, 0..H from the top left)."""
        tan = math.tan(self.fov / 2)
        x = (2 * px / self.width - 1) * tan * self.aspect
        y = (1 - 2 * py / self.height) * tan
        local = torch.stack([x, y, -torch.ones_like(x)], -1)
        d = local @ self.cam_rot.T
        d = d / d.norm(dim=-1, keepdim=True)
        return self.cam_pos.expand_as(d), d

    def primary_gbuffer(self):
        """Depth (m along the view axis, 0 = none), view-space normals and instance ids at pixel centres."""
        ys, xs = torch.meshgrid(torch.arange(self.height) + 0.5, torch.arange(self.width) + 0.5, indexing="ij")
        o, d = self.camera_rays(xs.reshape(-1), ys.reshape(-1))
        t, n, m = self.intersect(o, d, front_only=True)
        hit = m >= 0
        forward = -self.cam_rot[:, 2]
        depth = torch.where(hit, t * (d @ forward), torch.zeros_like(t))
        normal_view = torch.where(hit[:, None], n @ self.cam_rot, torch.zeros_like(n))
        ids = torch.where(hit, self.ids[m.clamp_min(0)], torch.zeros_like(m))
        shape = (self.height, self.width)
        return depth.reshape(shape), normal_view.reshape(*shape, 3), ids.reshape(shape)

    def primary_direct(self, albedo_image: torch.Tensor) -> torch.Tensor:
        """The key light's direct radiance with shadows at pixel centres, squashed x / (1 + x): the
        same quantity as the browser's `direct` pass, for the parity check. [3, H, W]"""
        ys, xs = torch.meshgrid(torch.arange(self.height) + 0.5, torch.arange(self.width) + 0.5, indexing="ij")
        o, d = self.camera_rays(xs.reshape(-1), ys.reshape(-1))
        t, n, m = self.intersect(o, d, front_only=True)
        hit = m >= 0
        mi = m.clamp_min(0)
        flat = albedo_image.reshape(3, -1).T
        base = torch.where(flat.sum(-1, keepdim=True) > 0, flat, self.albedo[mi])
        p, v = o + t[:, None] * d, -d
        n = torch.where((n * v).sum(-1, keepdim=True) < 0, -n, n)
        metal = self.metalness[mi]
        diffuse, f0 = base * (1 - metal[:, None]), 0.04 * (1 - metal[:, None]) + base * metal[:, None]
        alpha = self.roughness[mi] ** 2
        light = self.sun_dir.expand_as(n)
        cos = (n * light).sum(-1)
        origin = p + n * 1e-4 * (1 + p.abs().max(-1, keepdim=True).values)
        _, _, blocker = self.intersect(origin, light)
        lit = (blocker < 0) & (cos > 0) & hit
        radiance = self._brdf(n, v, light, diffuse, f0, alpha) * self.sun_irradiance * cos.clamp_min(0)[:, None] * lit[:, None]
        return (radiance / (1 + radiance)).T.reshape(3, self.height, self.width)

    # ---- shading --------------------------------------------------------------------------------

    def _sky(self, d):
        return torch.where(d[:, 1:2] > 0, self.sky_up.expand_as(d), self.sky_down.expand_as(d))

    def render(self, spp: int, generator: torch.Generator, albedo_image: torch.Tensor | None = None,
               bounces: int = 3, chunk: int = 1 << 15) -> torch.Tensor:
        """Linear radiance [3, H, W], `spp` jittered paths per pixel. `albedo_image` ([3,H,W], linear,
        the browser's albedo pass) replaces the flat material colour at the primary hit."""
        h, w = self.height, self.width
        pixel = torch.arange(h * w).repeat(spp)
        out = torch.zeros(h * w, 3)
        flat_albedo = None if albedo_image is None else albedo_image.reshape(3, -1).T
        for start in range(0, pixel.numel(), chunk):
            idx = pixel[start:start + chunk]
            jitter = torch.rand(idx.numel(), 2, generator=generator)
            px = (idx % w).float() + jitter[:, 0]
            py = (idx // w).float() + jitter[:, 1]
            o, d = self.camera_rays(px, py)
            radiance = self._trace(o, d, generator, bounces, None if flat_albedo is None else flat_albedo[idx])
            out.index_add_(0, idx, radiance)
        return (out / spp).T.reshape(3, h, w)

    def _trace(self, o, d, generator, bounces, primary_albedo):
        n_rays = o.shape[0]
        radiance = torch.zeros(n_rays, 3)
        throughput = torch.ones(n_rays, 3)
        alive = torch.ones(n_rays, dtype=torch.bool)
        forward = -self.cam_rot[:, 2]
        fog_factor = torch.zeros(n_rays)
        for bounce in range(bounces + 1):
            t, n, m = self.intersect(o, d, front_only=bounce == 0)
            hit = (m >= 0) & alive
            miss = (m < 0) & alive
            if bounce == 0:
                radiance = torch.where(miss[:, None], self.background.expand(n_rays, 3), radiance)
                if self.fog:
                    depth = t * (d @ forward)
                    lo, hi = self.fog["nearM"], self.fog["farM"]
                    x = ((depth - lo) / max(hi - lo, 1e-6)).clamp(0, 1)
                    fog_factor = torch.where(hit, x * x * (3 - 2 * x), fog_factor)
            else:
                radiance = radiance + torch.where(miss[:, None], throughput * self._sky(d), torch.zeros_like(radiance))
            alive = hit
            if not alive.any():
                break
            mi = m.clamp_min(0)
            base = self.albedo[mi]
            if bounce == 0 and primary_albedo is not None:
                base = torch.where((primary_albedo.sum(-1, keepdim=True) > 0), primary_albedo, base)
            rough = self.roughness[mi]
            metal = self.metalness[mi]
            p = o + t[:, None] * d
            v = -d
            n = torch.where(((n * v).sum(-1, keepdim=True) < 0), -n, n)
            diffuse = base * (1 - metal[:, None])
            f0 = 0.04 * (1 - metal[:, None]) + base * metal[:, None]
            alpha = rough * rough
            origin = p + n * 1e-4 * (1 + p.abs().max(-1, keepdim=True).values)

            # Next-event estimation: the sun, with a shadow ray.
            l_sun = self.sun_dir.expand(n_rays, 3)
            cos_l = (n * l_sun).sum(-1)
            lit = alive & (cos_l > 0)
            if lit.any():
                ts, _, ms = self.intersect(origin[lit], l_sun[lit])
                visible = torch.zeros(n_rays, dtype=torch.bool)
                visible[lit] = ms < 0
                f = self._brdf(n, v, l_sun, diffuse, f0, alpha)
                radiance = radiance + torch.where(
                    visible[:, None], throughput * f * self.sun_irradiance * cos_l.clamp_min(0)[:, None], torch.zeros_like(radiance))
            if bounce == bounces:
                break

            # Scatter: one sample of the diffuse/GGX mixture.
            u = torch.rand(n_rays, 3, generator=generator)
            spec_weight = self._luminance(self._fresnel(f0, (n * v).sum(-1).clamp(0, 1)))
            p_spec = (spec_weight / (spec_weight + self._luminance(diffuse) + 1e-6)).clamp(0.1, 0.9)
            choose_spec = u[:, 2] < p_spec
            l_diff = self._cosine_sample(n, u[:, 0], u[:, 1])
            hvec = self._ggx_half(n, alpha, u[:, 0], u[:, 1])
            l_spec = 2 * (v * hvec).sum(-1, keepdim=True) * hvec - v
            l = torch.where(choose_spec[:, None], l_spec, l_diff)
            cos = (n * l).sum(-1)
            valid = alive & (cos > 1e-6)
            hh = v + l
            hh = hh / hh.norm(dim=-1, keepdim=True).clamp_min(1e-12)
            nh = (n * hh).sum(-1).clamp(0, 1)
            vh = (v * hh).sum(-1).clamp_min(1e-6)
            pdf = (1 - p_spec) * cos.clamp_min(0) / math.pi + p_spec * self._ggx_d(nh, alpha) * nh / (4 * vh)
            f = self._brdf(n, v, l, diffuse, f0, alpha)
            weight = f * cos.clamp_min(0)[:, None] / pdf.clamp_min(1e-8)[:, None]
            throughput = torch.where(valid[:, None], throughput * weight, torch.zeros_like(throughput))
            alive = valid
            o, d = origin, l / l.norm(dim=-1, keepdim=True).clamp_min(1e-12)
        if self.fog:
            radiance = radiance * (1 - fog_factor[:, None]) + fog_factor[:, None] * torch.tensor(self.fog["color"])
        return radiance

    @staticmethod
    def _luminance(c):
        return c @ torch.tensor([0.2126, 0.7152, 0.0722])

    @staticmethod
    def _fresnel(f0, cos):
        return f0 + (1 - f0) * (1 - cos)[:, None] ** 5

    @staticmethod
    def _ggx_d(nh, alpha):
        a2 = alpha * alpha
        den = nh * nh * (a2 - 1) + 1
        return a2 / (math.pi * den * den).clamp_min(1e-12)

    def _brdf(self, n, v, l, diffuse, f0, alpha):
        h = v + l
        h = h / h.norm(dim=-1, keepdim=True).clamp_min(1e-12)
        nl = (n * l).sum(-1).clamp_min(1e-6)
        nv = (n * v).sum(-1).clamp_min(1e-6)
        nh = (n * h).sum(-1).clamp(0, 1)
        vh = (v * h).sum(-1).clamp(0, 1)
        a2 = alpha * alpha
        # Smith height-correlated visibility V = G / (4 n·l n·v), as three's BRDF_GGX.
        gv = nl * torch.sqrt(a2 + (1 - a2) * nv * nv)
        gl = nv * torch.sqrt(a2 + (1 - a2) * nl * nl)
        vis = 0.5 / (gv + gl).clamp_min(1e-12)
        spec = self._fresnel(f0, vh) * (self._ggx_d(nh, alpha) * vis)[:, None]
        return diffuse / math.pi + spec

    @staticmethod
    def _basis(n):
        sign = torch.where(n[:, 2] >= 0, 1.0, -1.0)
        a = -1 / (sign + n[:, 2])
        b = n[:, 0] * n[:, 1] * a
        t = torch.stack([1 + sign * n[:, 0] ** 2 * a, sign * b, -sign * n[:, 0]], -1)
        s = torch.stack([b, sign + n[:, 1] ** 2 * a, -n[:, 1]], -1)
        return t, s

    def _cosine_sample(self, n, u1, u2):
        r, phi = torch.sqrt(u1), 2 * math.pi * u2
        t, s = self._basis(n)
        z = torch.sqrt((1 - u1).clamp_min(0))
        return t * (r * torch.cos(phi))[:, None] + s * (r * torch.sin(phi))[:, None] + n * z[:, None]

    def _ggx_half(self, n, alpha, u1, u2):
        phi = 2 * math.pi * u2
        cos_theta = torch.sqrt((1 - u1) / (1 + (alpha * alpha - 1) * u1).clamp_min(1e-12))
        sin_theta = torch.sqrt((1 - cos_theta ** 2).clamp_min(0))
        t, s = self._basis(n)
        return t * (sin_theta * torch.cos(phi))[:, None] + s * (sin_theta * torch.sin(phi))[:, None] + n * cos_theta[:, None]


# ---- display transform (three.js ACESFilmicToneMapping, then sRGB) ---------------------------------

_ACES_IN = torch.tensor([[0.59719, 0.35458, 0.04823], [0.07600, 0.90834, 0.01566], [0.02840, 0.13383, 0.83777]])
_ACES_OUT = torch.tensor([[1.60475, -0.53108, -0.07367], [-0.10208, 1.10813, -0.00605], [-0.00327, -0.07276, 1.07602]])


def aces_filmic(linear: torch.Tensor, exposure: float = 1.0) -> torch.Tensor:
    """[3, ...] linear radiance → [3, ...] display-linear 0..1, as three.js's ACES filmic fit."""
    c = linear * exposure / 0.6
    c = torch.einsum("ij,j...->i...", _ACES_IN, c)
    a = c * (c + 0.0245786) - 0.000090537
    b = c * (0.983729 * c + 0.4329510) + 0.238081
    c = torch.einsum("ij,j...->i...", _ACES_OUT, a / b)
    return c.clamp(0, 1)


def srgb_encode(x: torch.Tensor) -> torch.Tensor:
    return torch.where(x <= 0.0031308, 12.92 * x, 1.055 * x.clamp_min(1e-12) ** (1 / 2.4) - 0.055)


def display(linear: torch.Tensor, exposure: float = 1.0) -> torch.Tensor:
    return srgb_encode(aces_filmic(linear, exposure))


def load_frame(path: str) -> dict:
    with open(path) as f:
        return json.load(f)
