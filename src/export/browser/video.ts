/**
 * Video with sound: frames from the renderer and the offline-rendered sound track, encoded with
 * WebCodecs and muxed by mediabunny into WebM (VP9 + Opus) or MP4 (H.264 + Opus).
 *
 *   frameAt(t) ─ RGBA ─ VideoSample ─ VideoSampleSource (vp9 | avc) ─┐
 *   AudioBuffer ─────────────────────── AudioBufferSource (opus) ────┴─► Output ─► BufferTarget ─► bytes
 *
 * Browser-only (WebCodecs). Progress is reported per frame; an AbortSignal cancels the export, and a
 * cancelled export returns nothing: mediabunny's Output.cancel() discards the partial file.
 * `decodeFrameAt` reads a frame back out of such a file (thumbnails, and the tests' round trip).
 */
import {
  ALL_FORMATS, AudioBufferSource, BufferSource, BufferTarget, CanvasSink, Input, Mp4OutputFormat, Output, QUALITY_HIGH, QUALITY_MEDIUM,
  VideoSample, VideoSampleSource, WebMOutputFormat,
} from 'mediabunny';

export type VideoFormat = 'webm' | 'mp4';
export const VIDEO_FRAME_RATES = [24, 30, 60] as const;

export interface VideoExportOptions {
  format: VideoFormat;
  /** Frames per second: 24, 30 or 60. */
  fps: number;
  durationS: number;
  /** Even sizes: H.264 and VP9 want them. */
  width: number;
  height: number;
  /** The picture at time t (seconds), exactly width × height. */
  frameAt(tS: number): ImageData | Promise<ImageData>;
  /** The sound track; omitted, the file has no audio track. */
  audio?: AudioBuffer;
  onProgress?(framesDone: number, framesTotal: number): void;
  signal?: AbortSignal;
}

export class ExportCancelled extends Error {
  constructor() {
    super('The export was cancelled; nothing was written.');
    this.name = 'ExportCancelled';
  }
}

export async function exportVideo(options: VideoExportOptions): Promise<Uint8Array> {
  const { format, fps, width, height } = options;
  if (width % 2 || height % 2) throw new RangeError(`The video size must be even, got ${width}×${height}.`);
  const output = new Output({
    format: format === 'mp4' ? new Mp4OutputFormat({ fastStart: 'in-memory' }) : new WebMOutputFormat(),
    target: new BufferTarget(),
  });
  const video = new VideoSampleSource({ codec: format === 'mp4' ? 'avc' : 'vp9', bitrate: QUALITY_HIGH, keyFrameInterval: 2 });
  output.addVideoTrack(video, { frameRate: fps });
  const audio = options.audio ? new AudioBufferSource({ codec: 'opus', bitrate: QUALITY_MEDIUM }) : null;
  if (audio) output.addAudioTrack(audio);

  const frameCount = Math.max(1, Math.round(options.durationS * fps));
  try {
    await output.start();
    for (let i = 0; i < frameCount; i++) {
      if (options.signal?.aborted) throw new ExportCancelled();
      const image = await options.frameAt(i / fps);
      // The encoder reads width × height pixels from the start of the buffer, whatever its size.
      if (image.width !== width || image.height !== height) throw new Error(`frame ${i} came out ${image.width}×${image.height}, not the video's ${width}×${height}`);
      const sample = new VideoSample(image.data, { format: 'RGBA', codedWidth: width, codedHeight: height, timestamp: i / fps, duration: 1 / fps });
      await video.add(sample);
      sample.close();
      options.onProgress?.(i + 1, frameCount);
    }
    if (options.signal?.aborted) throw new ExportCancelled();
    if (audio && options.audio) await audio.add(options.audio);
    await output.finalize();
  } catch (error) {
    if (output.state !== 'finalized' && output.state !== 'canceled') await output.cancel();
    throw error;
  }
  return new Uint8Array(output.target.buffer!);
}

/** The decoded picture of an encoded video at time t, as RGBA pixels. */
export async function decodeFrameAt(bytes: Uint8Array, tS: number): Promise<ImageData> {
  const input = new Input({ source: new BufferSource(bytes), formats: ALL_FORMATS });
  try {
    const track = await input.getPrimaryVideoTrack();
    if (!track) throw new Error('the file has no video track');
    const wrapped = await new CanvasSink(track, { poolSize: 1 }).getCanvas(tS);
    if (!wrapped) throw new Error(`no frame at ${tS} s`);
    const canvas = wrapped.canvas;
    const context = (canvas as OffscreenCanvas).getContext('2d') as OffscreenCanvasRenderingContext2D;
    return context.getImageData(0, 0, canvas.width, canvas.height);
  } finally {
    input.dispose();
  }
}
