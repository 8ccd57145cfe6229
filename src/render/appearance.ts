/**
 * How catalog objects look in the raw render: a base colour and, for balls, seam lines painted into a
 * small procedural texture so that spin and rolling are visible. Nothing is downloaded; every texture
 * is drawn here. The render issue replaces this with full procedural materials per style.
 */
import * as THREE from 'three/webgpu';
import { MATERIALS, type MaterialName } from '../scene/materials.ts';

export interface Look {
  colorHex: string;
  /** Seam or marking colour painted on spheres; none for plain objects. */
  seamHex?: string;
  roughness: number;
  metalness: number;
}

const LOOKS: Record<string, Partial<Look>> = {
  basketball: { colorHex: '#d5661f', seamHex: '#1b1410', roughness: 0.8 },
  'tennis-ball': { colorHex: '#cfe23c', seamHex: '#f4f4ee', roughness: 0.95 },
  'bowling-ball': { colorHex: '#283a78', seamHex: '#0c0c14', roughness: 0.25 },
  'golf-ball': { colorHex: '#f5f5ef', seamHex: '#d2d2cc', roughness: 0.5 },
  'billiard-ball': { colorHex: '#f3efe2', seamHex: '#b3202a', roughness: 0.15 },
  'ping-pong-ball': { colorHex: '#fb8b24', seamHex: '#ffffff', roughness: 0.4 },
  'soccer-ball': { colorHex: '#f7f7f7', seamHex: '#151515', roughness: 0.6 },
  marble: { colorHex: '#3d8fd1', seamHex: '#e8f4ff', roughness: 0.05 },
  crate: { colorHex: '#a57a45', roughness: 0.85 },
  domino: { colorHex: '#f2f0ea', roughness: 0.4 },
};

export function lookFor(kind: string, material: MaterialName): Look {
  const base: Look = {
    colorHex: MATERIALS[material].colorHex,
    roughness: 0.6,
    metalness: material === 'steel' ? 0.9 : 0,
  };
  return { ...base, ...LOOKS[kind.toLowerCase().replace(/[\s_]+/g, '-')] };
}

/** An equirectangular texture with an equator and two meridian seams, like a ball's panels. */
export function seamTexture(look: Look): THREE.Texture {
  const width = 256, height = 128;
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const g = canvas.getContext('2d')!;
  g.fillStyle = look.colorHex;
  g.fillRect(0, 0, width, height);
  g.strokeStyle = look.seamHex ?? look.colorHex;
  g.lineWidth = 4;
  g.beginPath();
  g.moveTo(0, height / 2); g.lineTo(width, height / 2);
  for (const x of [width / 4, (3 * width) / 4]) { g.moveTo(x, 0); g.lineTo(x, height); }
  g.stroke();
  g.beginPath();
  for (let x = 0; x <= width; x += 2) {
    const y = height / 2 + Math.sin((x / width) * Math.PI * 2) * height * 0.3;
    if (x === 0) g.moveTo(x, y); else g.lineTo(x, y);
  }
  g.stroke();
  const texture = new THREE.CanvasTexture(canvas);
  texture.colorSpace = THREE.SRGBColorSpace;
  return texture;
}

/** A two-tone checker for the ground, so that motion across it reads clearly. */
export function checkerTexture(colorHex: string, tiles: number): THREE.Texture {
  const size = 64;
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = size;
  const g = canvas.getContext('2d')!;
  const base = new THREE.Color(colorHex);
  g.fillStyle = `#${base.getHexString()}`;
  g.fillRect(0, 0, size, size);
  g.fillStyle = `#${base.clone().multiplyScalar(0.85).getHexString()}`;
  g.fillRect(0, 0, size / 2, size / 2);
  g.fillRect(size / 2, size / 2, size / 2, size / 2);
  const texture = new THREE.CanvasTexture(canvas);
  texture.colorSpace = THREE.SRGBColorSpace;
  texture.wrapS = texture.wrapT = THREE.RepeatWrapping;
  texture.repeat.set(tiles, tiles);
  texture.magFilter = THREE.NearestFilter;
  return texture;
}

/**
 * Wood: four planks per tile, each with its own tone, and long grain lines bent by a smooth
 * sinusoidal warp, drawn into a canvas (procedural, nothing downloaded). `seed` varies the figure.
 */
export function woodTexture(colorHex: string, seed = 1): THREE.Texture {
  const size = 128;
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = size;
  const g = canvas.getContext('2d')!;
  const image = g.createImageData(size, size);
  const base = new THREE.Color(colorHex);
  const dark = base.clone().multiplyScalar(0.78);
  const planks = 4;
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) {
    const u = x / size, v = y / size;
    const plank = Math.floor(u * planks);
    const tone = 0.92 + 0.16 * (((plank * 7 + seed * 3) % 5) / 4);
    const warp = Math.sin(v * Math.PI * 2 + plank * 1.7 + seed) * 0.04;
    const grain = Math.pow(Math.abs(Math.sin((u * planks - plank + warp) * Math.PI * 6)), 8);
    const seam = (u * planks) % 1 < 0.03 ? 0.6 : 1;
    const c = base.clone().lerp(dark, grain * 0.7).multiplyScalar(tone * seam);
    const k = 4 * (y * size + x);
    image.data[k] = Math.min(c.r * 255, 255); image.data[k + 1] = Math.min(c.g * 255, 255); image.data[k + 2] = Math.min(c.b * 255, 255); image.data[k + 3] = 255;
  }
  g.putImageData(image, 0, 0);
  const texture = new THREE.CanvasTexture(canvas);
  texture.colorSpace = THREE.SRGBColorSpace;
  texture.wrapS = texture.wrapT = THREE.RepeatWrapping;
  return texture;
}

/** Pool-ball colours by number (1–8 solids, 9–15 stripes of the same colours). */
const POOL_COLORS = ['#f2c500', '#1a3fa8', '#c8202a', '#4b2a8c', '#e86a10', '#1c7a3a', '#7a1c1c', '#111111'];

/**
 * A billiard ball's equirectangular texture: its colour (or a white ball with a coloured stripe for
 * 9–15) and the number in a white disc on two opposite sides; number 0 is the plain cue ball.
 */
export function billiardTexture(number: number): THREE.Texture {
  const width = 256, height = 128;
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const g = canvas.getContext('2d')!;
  g.fillStyle = '#f3efe2';
  g.fillRect(0, 0, width, height);
  if (number > 0) {
    const color = POOL_COLORS[(number - 1) % 8];
    g.fillStyle = color;
    if (number <= 8) g.fillRect(0, 0, width, height); else g.fillRect(0, height * 0.28, width, height * 0.44);
    for (const cx of [width / 4, (3 * width) / 4]) {
      g.fillStyle = '#f7f4ea';
      g.beginPath(); g.ellipse(cx, height / 2, 18, 22, 0, 0, Math.PI * 2); g.fill();
      g.fillStyle = '#111111';
      g.font = 'bold 22px sans-serif';
      g.textAlign = 'center'; g.textBaseline = 'middle';
      g.fillText(String(number), cx, height / 2 + 1);
    }
  }
  const texture = new THREE.CanvasTexture(canvas);
  texture.colorSpace = THREE.SRGBColorSpace;
  return texture;
}

/** A toon ramp of `steps` flat tones for MeshToonMaterial's gradient map. */
export function toonRamp(steps = 3): THREE.DataTexture {
  const data = new Uint8Array(steps * 4);
  for (let i = 0; i < steps; i++) {
    const v = Math.round(90 + (165 * i) / Math.max(steps - 1, 1));
    data.set([v, v, v, 255], i * 4);
  }
  const texture = new THREE.DataTexture(data, steps, 1, THREE.RGBAFormat);
  texture.minFilter = texture.magFilter = THREE.NearestFilter;
  texture.name = 'toon-ramp';
  texture.needsUpdate = true;
  return texture;
}
