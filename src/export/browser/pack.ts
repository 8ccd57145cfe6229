/**
 * The conditioning pack, browser side: drives the renderer frame by frame at the pack's exact size
 * and feeds export/pack.ts (DOM-free), which writes the zip.
 *
 *   for each pack frame i (t = i / fps):
 *     showTime + capture ─────────────────────► beauty RGBA ─┐
 *     SceneView.geometryAt(t) ─ depth, normals, ids, camera ─┼─► PackBuilder.addFrame(i)
 *     pass-math.computeFlow(frame i−1, frame i) ─────────────┴─► PackBuilder.addFlow(i−1)
 *   SceneView.tracks(times) ─► N×T×2 + visibility;  sound ─► WAV;  flow colours ─► flow_color.webm
 *
 * Flow runs between consecutive PACK frames (1/fps apart), so it is in pixels per pack frame, unlike
 * the viewport's pass view (one recorded simulation frame). An AbortSignal cancels between frames;
 * a cancelled pack discards everything (ExportCancelled, as the video export).
 */
import type { SceneView } from '../../render/scene-view.ts';
import type { SceneSpec } from '../../scene/spec.ts';
import type { SimTimeline } from '../../sim/timeline.ts';
import type { AudioCue } from '../../audio/cues.ts';
import { timelineEndS } from '../../sim/sample.ts';
import { ADE20K, computeFlow, idVisual, semanticImage, type GeometryFrame } from '../../render/pass-math.ts';
import { encodeWav } from '../../audio/wav.ts';
import { PackBuilder, validatePackSettings, type PackSettings } from '../pack.ts';
import { ExportCancelled, exportVideo } from './video.ts';

export interface PackExportOptions {
  settings: PackSettings;
  view: SceneView;
  spec: SceneSpec;
  timeline: SimTimeline;
  cues: AudioCue[];
  /** The sound of the clip (frames / fps seconds). */
  audio: AudioBuffer;
  /** Surface points per body for the tracks (default 64). */
  pointsPerBody?: number;
  /** Also write flow_color.webm (VP9) when the size is even (default true). */
  flowVideo?: boolean;
  signal?: AbortSignal;
  onProgress?(stepsDone: number, stepsTotal: number): void;
  about?: Record<string, unknown>;
}

const yieldToPage = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export async function exportPack(options: PackExportOptions): Promise<Uint8Array> {
  const settings = validatePackSettings(options.settings);
  const { width: w, height: h, fps, frames } = settings;
  const { view, spec, timeline, signal } = options;
  const builder = new PackBuilder(settings);
  const total = frames + 2; // the frames, then the tracks, then the sound and the zip's end
  const check = () => { if (signal?.aborted) { builder.discard(); throw new ExportCancelled(); } };
  const instances = view.instanceMap();
  const classOf = new Map(instances.map((i) => [i.id, i.category as keyof typeof ADE20K]));
  const background = spec.environment.setting === 'outdoor' ? 'sky' : 'wall';
  try {
    return await view.atExportSize(w, h, async () => {
      let previous: GeometryFrame | null = null;
      for (let i = 0; i < frames; i++) {
        check();
        const t = i / fps;
        view.showTime(t);
        const beauty = view.capture();
        const g = await view.geometryAt(t, [w, h]);
        if (previous) {
          const f = computeFlow(previous, g);
          builder.addFlow(i - 1, { flow: f.flow, valid: f.valid, occluded: f.occluded, disoccluded: f.disoccluded });
        }
        builder.addFrame(i, {
          rgba: beauty.data, depthM: g.depth, normals: g.normals, ids: g.ids,
          semanticRgba: semanticImage(g.ids, classOf, background), idsRgba: idVisual(g.ids), camera: g.camera,
        });
        previous = g;
        options.onProgress?.(i + 1, total);
        await yieldToPage();
      }
      check();
      const times = Array.from({ length: frames }, (_, i) => i / fps);
      const tracks = await view.tracks(times, options.pointsPerBody ?? 64, [w, h]);
      options.onProgress?.(frames + 1, total);
      check();

      const more: { path: string; bytes: Uint8Array }[] = [];
      if ((options.flowVideo ?? true) && w % 2 === 0 && h % 2 === 0 && frames > 1) {
        const video = await exportVideo({
          format: 'webm', fps, width: w, height: h, durationS: (frames - 1) / fps, signal,
          frameAt: (tS) => {
            const rgb = builder.flowPicture(Math.min(Math.round(tS * fps), frames - 2));
            const rgba = new Uint8ClampedArray(w * h * 4);
            for (let k = 0; k < w * h; k++) { rgba[4 * k] = rgb[3 * k]; rgba[4 * k + 1] = rgb[3 * k + 1]; rgba[4 * k + 2] = rgb[3 * k + 2]; rgba[4 * k + 3] = 255; }
            return new ImageData(rgba, w, h);
          },
        });
        more.push({ path: 'flow_color.webm', bytes: video });
      }
      check();
      const channels = Array.from({ length: options.audio.numberOfChannels }, (_, c) => options.audio.getChannelData(c));
      const zip = builder.finish({
        spec, timeline, cues: options.cues,
        wav: encodeWav(channels, options.audio.sampleRate),
        audio: { sampleRate: options.audio.sampleRate, channels: channels.length, bitDepth: 16 },
        tracks, instances, ade20k: ADE20K, simulationEndS: timelineEndS(timeline),
        about: { backend: view.backend, style: view.style, ...options.about },
      }, more);
      options.onProgress?.(total, total);
      return zip;
    });
  } catch (error) {
    builder.discard();
    throw error;
  }
}
