/**
 * <wd-transport>: playback controls. Play/pause, restart, a scrubber over the timeline, the time
 * readout, speed from 0.25× to 2×, one-frame steps back and forward, and sound on/off. Keyboard: the
 * arrow keys on the scrubber step one frame.
 */
import { html, css } from 'lit';
import { customElement } from 'lit/decorators.js';
import { DraftElement } from './draft-element.ts';
import { PLAYBACK_SPEEDS, parseSpeed } from './playback.ts';

@customElement('wd-transport')
export class Transport extends DraftElement {
  static override styles = css`
    :host { display: flex; align-items: center; gap: 10px; flex-wrap: wrap; }
    button, select { font: inherit; padding: 6px 10px; border-radius: 6px; border: 1px solid #9aa6b2; background: white; cursor: pointer; }
    input[type=range] { flex: 1; min-width: 160px; }
    output { font-variant-numeric: tabular-nums; min-width: 9ch; }
  `;

  override render() {
    const c = this.controller;
    if (!c) return html``;
    const s = c.state;
    return html`
      <button data-action="play" aria-label=${s.playing ? 'Pause' : 'Play'} @click=${() => (s.playing ? c.pause() : c.play())}>${s.playing ? 'Pause' : 'Play'}</button>
      <button data-action="restart" aria-label="Restart" @click=${() => c.restart()}>Restart</button>
      <button data-action="step-back" aria-label="Previous frame" @click=${() => c.stepFrame(-1)}>◀︎</button>
      <button data-action="step-forward" aria-label="Next frame" @click=${() => c.stepFrame(1)}>▶︎</button>
      <input type="range" aria-label="Time" min="0" max=${s.durationS} step=${1 / s.fps} .value=${String(s.timeS)}
        @input=${(e: Event) => c.seek(Number((e.target as HTMLInputElement).value))}
        @keydown=${this.onKey} />
      <output aria-live="off">${s.timeS.toFixed(2)} / ${s.durationS.toFixed(2)} s</output>
      <label>Speed
        <select aria-label="Speed" @change=${(e: Event) => { const v = parseSpeed((e.target as HTMLSelectElement).value); if (v !== null) c.setSpeed(v); }}>
          ${PLAYBACK_SPEEDS.map((v) => html`<option value=${v} ?selected=${v === s.speed}>${v}×</option>`)}
        </select>
      </label>
      <button data-action="sound" aria-pressed=${s.audio === 'on'} ?disabled=${s.audio === 'unavailable'}
        @click=${() => c.setMuted(s.audio === 'on')}>${audioLabel(s.audio)}</button>
    `;
  }

  private onKey(event: KeyboardEvent): void {
    const c = this.controller;
    if (!c || (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft')) return;
    event.preventDefault();
    c.stepFrame(event.key === 'ArrowRight' ? 1 : -1);
  }
}

function audioLabel(audio: string): string {
  switch (audio) {
    case 'on': return 'Sound on';
    case 'muted': return 'Sound off';
    case 'unavailable': return 'No sound';
    default: return 'Sound: click anywhere';
  }
}
