/**
 * The conditioning pack: one zip that a conditioned video model (or its preprocessing) can ingest:
 * frames, depth (visualisation + 16-bit metric), normals, instance ids + ADE20K segmentation, forward
 * flow (.flo + colour wheel), point tracks (.npy), the sound (WAV), cue list, scene spec, timeline and
 * cameras as JSON, and a README.txt stating every convention. DOM-free: the browser part
 * (export/browser/pack.ts) renders the passes and feeds them in; the Node tests feed synthetic frames.
 *
 *   addFrame(i) ── frames/, depth_mm/, normals/, ids/, ids_color/, semantic/ ──┐
 *   addFlow(i)  ── flow/*.flo, flow_occluded/, flow_disoccluded/ ──────────────┤ fflate streaming Zip
 *   finish()    ── depth/ and flow_color/ (need the whole clip's range), npy, ─┘ (PNGs stored, the
 *                  JSON, WAV, README.txt, manifest.json                          rest deflated) ─► bytes
 *
 * Depth and flow pictures are normalised over the whole clip, so frames are kept between calls only as
 * 16-bit millimetres and flow quantised to 1/16 px (what the pictures need), never as floats.
 * Encoders: png.ts (PNG via fflate zlib), npy.ts (NumPy NEP 1), flo.ts (Middlebury .flo).
 */
import { Zip, ZipDeflate, ZipPassThrough, strToU8 } from 'fflate';
import { encodePng, rgbaToRgb } from './png.ts';
import { encodeNpy } from './npy.ts';
import { encodeFlo, flowColour } from './flo.ts';

export interface PackSettings {
  width: number;
  height: number;
  fps: number;
  frames: number;
}

/** Presets matching what popular conditioned video models ingest (width × height, frames, fps). */
export const PACK_PRESETS = {
  '16x512x512': { label: '16 frames, 512 × 512, 8 fps', width: 512, height: 512, fps: 8, frames: 16 },
  '49x720x480': { label: '49 frames, 720 × 480, 8 fps', width: 720, height: 480, fps: 8, frames: 49 },
  '81x832x480': { label: '81 frames, 832 × 480, 16 fps', width: 832, height: 480, fps: 16, frames: 81 },
} as const satisfies Record<string, PackSettings & { label: string }>;
export type PackPresetName = keyof typeof PACK_PRESETS;

export class PackSettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PackSettingsError';
  }
}

/** Checks a size, frame rate and frame count; throws one sentence naming the field and its range. */
export function validatePackSettings(s: PackSettings): PackSettings {
  const int = (name: string, v: number, min: number, max: number) => {
    if (!Number.isInteger(v) || v < min || v > max) throw new PackSettingsError(`${name} must be an integer from ${min} to ${max}, got ${v}`);
  };
  int('width', s.width, 4, 4096);
  int('height', s.height, 4, 4096);
  int('fps', s.fps, 1, 240);
  int('frames', s.frames, 2, 1000);
  return { width: s.width, height: s.height, fps: s.fps, frames: s.frames };
}

/**
 * A preset name ("16x512x512", "49x720x480", "81x832x480") or a custom "WIDTHxHEIGHT:FRAMES@FPS"
 * (e.g. "96x64:9@8") → settings.
 */
export function parsePackPreset(text: string): PackSettings {
  const preset = (PACK_PRESETS as Record<string, PackSettings>)[text.trim()];
  if (preset) return { width: preset.width, height: preset.height, fps: preset.fps, frames: preset.frames };
  const m = /^\s*(\d+)x(\d+):(\d+)@(\d+)\s*$/.exec(text);
  if (!m) throw new PackSettingsError(`unknown pack preset "${text}": use ${Object.keys(PACK_PRESETS).join(', ')} or WIDTHxHEIGHT:FRAMES@FPS such as 96x64:9@8`);
  return validatePackSettings({ width: Number(m[1]), height: Number(m[2]), frames: Number(m[3]), fps: Number(m[4]) });
}

/** A pinhole camera as plain numbers (the same fields as render/pass-math.ts PassCamera). */
export interface PackCamera {
  /** 16 numbers, column-major: world → view (OpenGL camera: x right, y up, looking down −z). */
  viewMatrix: number[];
  fovDeg: number;
  aspect: number;
}

/** One frame's pictures and passes, all width × height, row 0 at the top. */
export interface PackFrame {
  /** Beauty frame, RGBA. */
  rgba: ArrayLike<number>;
  /** Linear depth along the camera axis, metres; 0 where no surface. */
  depthM: Float32Array;
  /** View-space unit normals (x, y, z per pixel), OpenGL convention; (0, 0, 0) where no surface. */
  normals: Float32Array;
  /** Instance id per pixel, 0 = background. */
  ids: Uint16Array;
  /** ADE20K-palette RGBA. */
  semanticRgba: ArrayLike<number>;
  /** Id colours for the ids_color/ pictures, RGBA. */
  idsRgba: ArrayLike<number>;
  camera: PackCamera;
}

/** Forward flow from pack frame i to i + 1, px per pack frame, and its masks. */
export interface PackFlow {
  flow: Float32Array;
  valid: Uint8Array;
  occluded: Uint8Array;
  disoccluded: Uint8Array;
}

export interface PackInstance {
  id: number;
  ownerId: string;
  kind: string;
  isStatic: boolean;
  category: string;
  ade20kIndex: number;
}

export interface PackExtras {
  /** The SceneSpec (JSON-serialisable). */
  spec: unknown;
  /** The SimTimeline (JSON-serialisable). */
  timeline: unknown;
  cues: unknown;
  /** The sound track as a WAV file. */
  wav: Uint8Array;
  audio: { sampleRate: number; channels: number; bitDepth: number };
  tracks: { n: number; t: number; tracks: Float32Array; visible: Uint8Array; bodyIds: string[] };
  instances: PackInstance[];
  /** ADE20K palette entries used: class name → index and RGB. */
  ade20k: Record<string, { index: number; rgb: [number, number, number] }>;
  /** Where the simulation ends, seconds (later frames hold the final pose). */
  simulationEndS: number;
  /** Free-form facts for the manifest (renderer backend, style, prompt). */
  about?: Record<string, unknown>;
}

const FLOW_QUANTUM = 16; // flow kept for the colour pictures in 1/16 px
const FLOW_UNKNOWN_Q = -32768;
/** Fixed timestamp for every zip entry, so the same draft gives the same bytes. */
const ZIP_TIME = new Date(2000, 0, 1, 0, 0, 0);

export const pad = (i: number): string => String(i).padStart(5, '0');

export class PackBuilder {
  private readonly zip: Zip;
  private readonly chunks: Uint8Array[] = [];
  private readonly depthMm: Uint16Array[] = [];
  private readonly flowQ: Int16Array[] = [];
  private readonly cameras: PackCamera[] = [];
  private readonly files: string[] = [];
  private failed: Error | null = null;
  private maxFlowPx = 0;
  readonly settings: PackSettings;

  constructor(settings: PackSettings) {
    this.settings = validatePackSettings(settings);
    this.zip = new Zip((error, chunk) => {
      if (error) this.failed = error;
      else this.chunks.push(chunk);
    });
  }

  /** Adds one entry: PNGs are stored as they are (already deflated), everything else deflated. */
  add(path: string, bytes: Uint8Array, level: 0 | 1 | 6 = 6): void {
    if (this.failed) throw this.failed;
    const entry = level === 0 || path.endsWith('.png') ? new ZipPassThrough(path) : new ZipDeflate(path, { level });
    entry.mtime = ZIP_TIME;
    this.zip.add(entry);
    entry.push(bytes, true);
    this.files.push(path);
  }

  private png(path: string, width: number, height: number, channels: 1 | 3, bitDepth: 8 | 16, data: Uint8Array | Uint16Array): void {
    this.add(path, encodePng({ width, height, channels, bitDepth, data }));
  }

  addFrame(i: number, f: PackFrame): void {
    const { width: w, height: h } = this.settings;
    if (f.depthM.length !== w * h) throw new RangeError(`frame ${i}: expected ${w}×${h} passes`);
    const name = pad(i);
    const mm = new Uint16Array(w * h);
    for (let k = 0; k < mm.length; k++) mm[k] = f.depthM[k] > 0 ? Math.min(Math.round(f.depthM[k] * 1000), 65535) : 0;
    this.depthMm[i] = mm;
    this.cameras[i] = f.camera;
    this.png(`frames/${name}.png`, w, h, 3, 8, rgbaToRgb(f.rgba));
    this.png(`depth_mm/${name}.png`, w, h, 1, 16, mm);
    const normals = new Uint8Array(3 * w * h);
    for (let k = 0; k < w * h; k++) {
      const x = f.normals[3 * k], y = f.normals[3 * k + 1], z = f.normals[3 * k + 2];
      const empty = x === 0 && y === 0 && z === 0;
      normals[3 * k] = empty ? 0 : Math.round((x + 1) * 127.5);
      normals[3 * k + 1] = empty ? 0 : Math.round((y + 1) * 127.5);
      normals[3 * k + 2] = empty ? 0 : Math.round((z + 1) * 127.5);
    }
    this.png(`normals/${name}.png`, w, h, 3, 8, normals);
    this.png(`ids/${name}.png`, w, h, 1, 16, f.ids);
    this.png(`ids_color/${name}.png`, w, h, 3, 8, rgbaToRgb(f.idsRgba));
    this.png(`semantic/${name}.png`, w, h, 3, 8, rgbaToRgb(f.semanticRgba));
  }

  addFlow(i: number, f: PackFlow): void {
    const { width: w, height: h } = this.settings;
    const name = pad(i);
    this.add(`flow/${name}.flo`, encodeFlo(w, h, f.flow, f.valid), 1);
    const q = new Int16Array(2 * w * h);
    for (let k = 0; k < w * h; k++) {
      if (!f.valid[k]) { q[2 * k] = q[2 * k + 1] = FLOW_UNKNOWN_Q; continue; }
      const u = f.flow[2 * k], v = f.flow[2 * k + 1];
      this.maxFlowPx = Math.max(this.maxFlowPx, Math.hypot(u, v));
      q[2 * k] = Math.max(-32767, Math.min(32767, Math.round(u * FLOW_QUANTUM)));
      q[2 * k + 1] = Math.max(-32767, Math.min(32767, Math.round(v * FLOW_QUANTUM)));
    }
    this.flowQ[i] = q;
    const mask = (m: Uint8Array) => Uint8Array.from(m, (x) => (x ? 255 : 0));
    this.png(`flow_occluded/${name}.png`, w, h, 1, 8, mask(f.occluded));
    this.png(`flow_disoccluded/${name}.png`, w, h, 1, 8, mask(f.disoccluded));
  }

  /** Nearest and farthest surface over the clip, metres ([0, 1] with no surface). */
  depthRangeM(): [number, number] {
    let near = Infinity, far = 0;
    for (const f of this.depthMm) for (let k = 0; k < f.length; k++) if (f[k]) { near = Math.min(near, f[k]); far = Math.max(far, f[k]); }
    return Number.isFinite(near) ? [near / 1000, far / 1000] : [0, 1];
  }

  /** The largest flow magnitude over the clip, px per frame (the colour wheel's full saturation). */
  get flowMaxPx(): number { return this.maxFlowPx; }

  /** Depth picture of frame i: 255 at the clip's nearest surface, 25 at its farthest, 0 for no surface. */
  depthPicture(i: number): Uint8Array {
    const [near, far] = this.depthRangeM();
    const span = Math.max((far - near) * 1000, 1e-3);
    return Uint8Array.from(this.depthMm[i], (mm) => (mm ? Math.round(255 - (230 * (mm - near * 1000)) / span) : 0));
  }

  /** Middlebury colour picture of flow i (RGB), normalised by the clip's largest flow. */
  flowPicture(i: number): Uint8Array {
    const q = this.flowQ[i];
    const flow = new Float32Array(q.length), valid = new Uint8Array(q.length / 2);
    for (let k = 0; k < valid.length; k++) {
      if (q[2 * k] === FLOW_UNKNOWN_Q) continue;
      valid[k] = 1;
      flow[2 * k] = q[2 * k] / FLOW_QUANTUM;
      flow[2 * k + 1] = q[2 * k + 1] / FLOW_QUANTUM;
    }
    return flowColour(flow, valid, Math.max(this.maxFlowPx, 1e-3));
  }

  /** Writes the clip-normalised pictures, arrays, JSON and README, and returns the zip's bytes. */
  finish(extras: PackExtras, more: { path: string; bytes: Uint8Array }[] = []): Uint8Array {
    const { width: w, height: h, fps, frames } = this.settings;
    if (this.depthMm.length !== frames || this.depthMm.some((d) => !d)) throw new Error(`the pack needs ${frames} frames, got ${this.depthMm.filter(Boolean).length}`);
    for (let i = 0; i < frames; i++) this.png(`depth/${pad(i)}.png`, w, h, 1, 8, this.depthPicture(i));
    for (let i = 0; i < this.flowQ.length; i++) this.png(`flow_color/${pad(i)}.png`, w, h, 3, 8, this.flowPicture(i));
    const { n, t, tracks, visible, bodyIds } = extras.tracks;
    this.add('tracks.npy', encodeNpy(tracks, [n, t, 2]));
    this.add('tracks_visible.npy', encodeNpy(visible, [n, t], { bool: true }));
    this.add('tracks_bodies.json', strToU8(JSON.stringify(bodyIds)));
    this.add('audio.wav', extras.wav);
    this.add('cues.json', strToU8(JSON.stringify(extras.cues, null, 1)));
    this.add('scene.json', strToU8(JSON.stringify(extras.spec, null, 2)));
    this.add('timeline.json', strToU8(JSON.stringify(extras.timeline)));
    const used = new Set(extras.instances.map((i) => i.category));
    this.add('id_map.json', strToU8(JSON.stringify({
      background: 0,
      instances: extras.instances,
      ade20k: Object.fromEntries(Object.entries(extras.ade20k).filter(([name]) => used.has(name) || name === 'wall' || name === 'sky')),
    }, null, 2)));
    this.add('cameras.json', strToU8(JSON.stringify(this.cameraRecords(), null, 1)));
    for (const m of more) this.add(m.path, m.bytes);
    const [near, far] = this.depthRangeM();
    const manifest = {
      format: 'worlddraft-conditioning-pack', version: 1,
      width: w, height: h, fps, frames, durationS: frames / fps,
      times: Array.from({ length: frames }, (_, i) => i / fps),
      simulationEndS: extras.simulationEndS,
      depthRangeM: [near, far], flowMaxPx: this.maxFlowPx,
      tracks: { points: n, frames: t },
      audio: extras.audio,
      ...extras.about,
      files: [...this.files, 'README.txt', 'manifest.json'].sort(),
    };
    this.add('README.txt', strToU8(packReadme(this.settings, { near, far, flowMaxPx: this.maxFlowPx, tracks: n, simulationEndS: extras.simulationEndS, audio: extras.audio, extra: more.map((m) => m.path) })));
    this.add('manifest.json', strToU8(JSON.stringify(manifest, null, 2)));
    this.zip.end();
    if (this.failed) throw this.failed;
    const out = new Uint8Array(this.chunks.reduce((s, c) => s + c.length, 0));
    let offset = 0;
    for (const c of this.chunks) { out.set(c, offset); offset += c.length; }
    this.chunks.length = 0;
    return out;
  }

  /** Drops everything written so far (a cancelled export keeps nothing). */
  discard(): void {
    this.zip.terminate();
    this.chunks.length = 0;
    this.depthMm.length = 0;
    this.flowQ.length = 0;
  }

  /** Per frame: time, intrinsics in pixels, and world → camera in the OpenGL and OpenCV conventions (row-major 4×4). */
  private cameraRecords() {
    const { width: w, height: h, fps } = this.settings;
    return this.cameras.map((c, i) => {
      const m = c.viewMatrix; // column-major
      const gl = [0, 1, 2, 3].map((r) => [0, 1, 2, 3].map((col) => m[col * 4 + r]));
      const cv = gl.map((row, r) => (r === 1 || r === 2 ? row.map((v) => -v) : row));
      const tanY = Math.tan((c.fovDeg * Math.PI) / 360);
      const fy = h / (2 * tanY), fx = w / (2 * tanY * c.aspect);
      return { frame: i, timeS: i / fps, fovYDeg: c.fovDeg, fx, fy, cx: w / 2, cy: h / 2, worldToCameraOpenGL: gl, worldToCameraOpenCV: cv };
    });
  }
}

/** README.txt: every convention of the pack, in plain words. */
export function packReadme(s: PackSettings, info: { near: number; far: number; flowMaxPx: number; tracks: number; simulationEndS: number; audio: { sampleRate: number; channels: number; bitDepth: number }; extra: string[] }): string {
  const { width: w, height: h, fps, frames } = s;
  const last = pad(frames - 1), lastFlow = pad(frames - 2);
  return `WorldDraft conditioning pack
============================

${frames} frames, ${w} x ${h} pixels (width x height), ${fps} frames per second, ${(frames / fps).toFixed(4)} s.
Frame i shows simulation time t = i / ${fps} s (i = 0 .. ${frames - 1}); files are numbered 00000 .. ${last}.
${frames / fps > info.simulationEndS + 1e-9 ? `The simulation lasts ${info.simulationEndS.toFixed(3)} s: frames after that hold the final pose.\n` : ''}
Image conventions (every picture and array)
- Row 0 is the TOP of the image; x grows rightwards, y downwards. Pixel (x, y) covers [x, x+1) x [y, y+1);
  its centre is (x + 0.5, y + 0.5). Pixel coordinates (flow, tracks) use this continuous frame.
- PNGs are non-interlaced; 8-bit unless marked 16-bit; 16-bit samples are big-endian (as PNG requires;
  every PNG reader returns native integers: cv2.imread(path, cv2.IMREAD_UNCHANGED), PIL, imageio).

World and camera
- World: right-handed, y up, metres, seconds; the ground's top surface is y = 0 (scene.json, timeline.json).
- Camera (OpenGL convention): x right, y up, looking down -z. cameras.json gives, per frame, the vertical
  field of view, the pinhole intrinsics fx, fy, cx, cy in pixels, and the world-to-camera matrix as a
  row-major 4x4, both as worldToCameraOpenGL and as worldToCameraOpenCV (x right, y down, z forward:
  rows 2 and 3 negated, i.e. diag(1, -1, -1, 1) x M).

Files
- frames/NNNNN.png        the rendered frame, RGB 8-bit.
- depth/NNNNN.png         depth visualisation, grey 8-bit: NEAR IS BRIGHT. Linear in depth, normalised over
                          the whole clip: 255 at the nearest surface (${info.near.toFixed(3)} m), 25 at the farthest
                          (${info.far.toFixed(3)} m); 0 where there is no surface (background).
- depth_mm/NNNNN.png      metric depth, grey 16-bit PNG, unsigned MILLIMETRES (value / 1000 = metres), the
                          distance along the camera's viewing axis (z-depth, not the ray length); 0 = no surface;
                          65535 = 65.535 m or farther. Far is a larger value (metric, not inverse depth).
- normals/NNNNN.png       surface normals in VIEW (camera) space, OpenGL convention: +x right, +y up, +z towards
                          the camera. RGB = round((n + 1) / 2 * 255); a surface facing the camera is (128, 128, 255).
                          (0, 0, 0) where there is no surface. To convert to OpenCV / DirectX style (y down,
                          z away from the camera): negate y and z, n_cv = (x, -y, -z).
- ids/NNNNN.png           instance id per pixel, grey 16-bit: 0 = background, 1..N the moving bodies in
                          scene.json order, then the static pieces. id_map.json maps each id to its body or
                          item id, kind, static flag and ADE20K class.
- ids_color/NNNNN.png     the same ids as distinct colours (for looking at), RGB 8-bit.
- semantic/NNNNN.png      ADE20K semantic segmentation, RGB 8-bit in the ADE20K 150-class palette (the one
                          mmsegmentation and ControlNet's segmentation annotator use); id_map.json lists the
                          classes used, with their 0-based ADE20K index and colour. The background is "wall"
                          indoors and "sky" outdoors.
- flow/NNNNN.flo          forward optical flow from frame i to frame i + 1 (${frames - 1} files, 00000 .. ${lastFlow}),
                          Middlebury .flo: float32 tag 202021.25 ("PIEH"), int32 width, int32 height, then
                          (u, v) float32 pairs row by row from the top, little-endian. Units: PIXELS PER FRAME at
                          ${fps} fps; u rightwards, v downwards. The flow is exact (each surface point is moved
                          by its own body's motion and reprojected), not estimated. Pixels with no surface hold
                          the Middlebury unknown value 1e10 (treat |value| > 1e9 as unknown).
- flow_occluded/NNNNN.png     255 where frame i's surface point is hidden or off-screen in frame i + 1.
- flow_disoccluded/NNNNN.png  255 where a pixel of frame i + 1 has no visible source in frame i.
- flow_color/NNNNN.png    the flow in the Middlebury colour coding (Baker et al. 2011; same wheel as the
                          flow_vis package), normalised over the clip: full saturation at ${info.flowMaxPx.toFixed(3)} px/frame.
- tracks.npy              point tracks, NumPy .npy (NEP 1, version 1.0), float32, shape (N, T, 2) with
                          N = ${info.tracks} points on the bodies' surfaces and T = ${frames} frames: [n, t] = (x, y) pixel
                          position of point n in frame t (continuous pixel frame above), whether visible or not.
- tracks_visible.npy      bool, shape (N, T): true where the point is visible in that frame (not hidden by
                          another surface, not off-screen).
- tracks_bodies.json      the body id of each of the N points.
- audio.wav               the sound track, ${info.audio.channels} channel(s), ${info.audio.sampleRate} Hz, ${info.audio.bitDepth}-bit PCM, exactly
                          ${(frames / fps).toFixed(4)} s long and starting at frame 0.
- cues.json               the sound cue list (time in s, the bodies that met, impulse N s, gain dB, pitch Hz, ...).
- scene.json              the SceneSpec (it reproduces the same world in WorldDraft).
- timeline.json           the SimTimeline: recorded body positions (m) and quaternions [x, y, z, w], contacts.
- cameras.json            per-frame camera (see above).
- id_map.json             instance ids and ADE20K classes.
- manifest.json           size, frame rate, frame times, depth range, flow scale and the file list.
${info.extra.map((p) => `- ${p}\n`).join('')}
Written by WorldDraft; the .npy and .flo writers follow NumPy NEP 1 and the Middlebury flow format.
`;
}
