/**
 * <wd-teaching-panel>: the physics teacher's tools. Pick a body; read its time, position, velocity,
 * maximum height and range (announced to screen readers while paused); plot its height, speed or
 * energies over time with uPlot (the analytic free-flight curve optionally drawn over the simulated
 * height); move sliders for gravity, restitution, friction, mass, launch speed and angle, each
 * re-simulating at once, from the start or, as a branch, only from the current moment ("what if the
 * restitution were 0.5 from here?", with the original kept to go back to); draw the body's trail, velocity, net force and a height ruler in the view;
 * time intervals with a stopwatch on simulation time; export the plotted data as CSV. Every control
 * is a native, labelled form element, so all of it works from the keyboard.
 */
import { html, css, unsafeCSS, type PropertyValues } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import uPlot from 'uplot';
import uPlotCss from 'uplot/dist/uPlot.min.css?inline';
import { DraftElement } from './draft-element.ts';
import { downloadFile } from './download.ts';
import type { PlotQuantity } from './controller.ts';
import { TEACHING_PARAMETERS, type TeachingParameter } from './teaching-parameters.ts';

const QUANTITIES: { value: PlotQuantity; label: string }[] = [
  { value: 'height', label: 'Height' },
  { value: 'speed', label: 'Speed' },
  { value: 'energy', label: 'Energy (kinetic, potential, total)' },
];
const SERIES_COLOURS = ['#1f5fbf', '#d1495b', '#2a9d5c'];
const OVERLAY_LABELS = { trail: 'trail', velocity: 'velocity', force: 'net force', ruler: 'height ruler' } as const;
const PLOT_HEIGHT_PX = 180;

@customElement('wd-teaching-panel')
export class TeachingPanel extends DraftElement {
  static override styles = [unsafeCSS(uPlotCss), css`
    :host { display: block; font-size: 13px; }
    h2 { font-size: 13px; text-transform: uppercase; letter-spacing: 0.06em; color: #4a5868; margin: 12px 0 6px; }
    label { display: block; margin: 4px 0; }
    select, button { font: inherit; padding: 4px 8px; border-radius: 6px; border: 1px solid #9aa6b2; background: white; }
    dl { display: grid; grid-template-columns: auto 1fr; gap: 2px 10px; margin: 0; font-variant-numeric: tabular-nums; }
    dt { color: #4a5868; } dd { margin: 0; }
    .slider { display: grid; grid-template-columns: 8.5em 1fr 5.5em; align-items: center; gap: 6px; }
    .slider output { text-align: right; font-variant-numeric: tabular-nums; }
    .plot { min-height: ${PLOT_HEIGHT_PX + 40}px; }
    .row { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; margin: 6px 0; }
  `];

  @state() private quantity: PlotQuantity = 'height';
  @state() private withAnalytic = true;
  /** Simulation time at which the stopwatch started, or null; `lapS` is the last measured interval. */
  @state() private stopwatchStartS: number | null = null;
  @state() private lapS: number | null = null;
  /** Sliders act from the current moment (a branch) instead of from the start. */
  @state() private fromHere = false;
  @query('.plot') private plotHost!: HTMLDivElement;
  private plot: uPlot | null = null;
  private plottedKey = '';

  override render() {
    const s = this.controller?.state;
    if (!s || s.bodies.length === 0) return html``;
    const r = s.readouts;
    const v3 = (v: [number, number, number], digits: number) => v.map((x) => x.toFixed(digits)).join(', ');
    return html`
      <label>Body
        <select aria-label="Body to measure" @change=${(e: Event) => this.controller?.selectBody((e.target as HTMLSelectElement).value)}>
          ${s.bodies.map((b) => html`<option value=${b.id} ?selected=${b.id === s.selectedBodyId}>${b.name}</option>`)}
        </select>
      </label>
      <h2>Readouts</h2>
      ${r ? html`<dl data-testid="readouts" aria-live=${s.playing ? 'off' : 'polite'}>
        <dt>time</dt><dd>${r.timeS.toFixed(3)} s</dd>
        <dt>position</dt><dd>(${v3(r.positionM, 3)}) m</dd>
        <dt>velocity</dt><dd>(${v3(r.velocityMps, 2)}) m/s</dd>
        <dt>speed</dt><dd>${r.speedMps.toFixed(2)} m/s</dd>
        <dt>max height</dt><dd>${r.maxHeightM.toFixed(3)} m</dd>
        <dt>range</dt><dd>${r.rangeM.toFixed(3)} m</dd>
      </dl>` : ''}
      <h2>Plot</h2>
      <div class="row">
        <select aria-label="Quantity to plot" @change=${(e: Event) => { this.quantity = (e.target as HTMLSelectElement).value as PlotQuantity; }}>
          ${QUANTITIES.map((q) => html`<option value=${q.value} ?selected=${q.value === this.quantity}>${q.label}</option>`)}
        </select>
        <label><input type="checkbox" .checked=${this.withAnalytic} ?disabled=${this.quantity !== 'height'}
          @change=${(e: Event) => { this.withAnalytic = (e.target as HTMLInputElement).checked; }} /> analytic curve</label>
        <button data-action="export-csv" @click=${this.downloadCsv}>Export CSV</button>
        <button data-action="export-plot" @click=${this.downloadPlot}>Plot PNG</button>
      </div>
      <div class="plot" role="img" aria-label="Plot of ${this.quantity} over time for the selected body"></div>
      <h2>Overlays</h2>
      <div class="row" role="group" aria-label="Overlays">
        ${(['trail', 'velocity', 'force', 'ruler'] as const).map((flag) => html`<label><input type="checkbox" .checked=${s.overlays[flag]}
          @change=${(e: Event) => this.controller?.setOverlays({ ...s.overlays, [flag]: (e.target as HTMLInputElement).checked })} /> ${OVERLAY_LABELS[flag]}</label>`)}
      </div>
      <h2>Stopwatch</h2>
      <div class="row">
        <button data-action="stopwatch" @click=${() => this.toggleStopwatch(s.timeS)}>${this.stopwatchStartS === null ? 'Start' : 'Stop'}</button>
        <output data-testid="stopwatch" aria-live="polite">${this.stopwatchText(s.timeS)}</output>
      </div>
      <h2>Parameters</h2>
      <div class="row">
        <label><input type="checkbox" .checked=${this.fromHere} @change=${(e: Event) => { this.fromHere = (e.target as HTMLInputElement).checked; }} />
          change from this moment (${s.timeS.toFixed(2)} s) on</label>
        ${s.branch ? html`<span data-testid="branch">branched at ${s.branch.fromT.toFixed(2)} s</span>
          <button data-action="back-to-original" @click=${() => this.controller?.backToOriginal()}>Back to original</button>` : ''}
      </div>
      ${(Object.keys(TEACHING_PARAMETERS) as TeachingParameter[]).map((key) => this.slider(key))}
    `;
  }

  private slider(key: TeachingParameter) {
    const spec = TEACHING_PARAMETERS[key];
    const value = this.controller?.state.parameters?.[key];
    const shown = value === undefined || Number.isNaN(value) ? '—' : `${value.toFixed(key === 'massKg' ? 3 : 2)}${spec.unit ? ` ${spec.unit}` : ''}`;
    return html`<div class="slider">
      <label for=${`p-${key}`}>${spec.label}</label>
      <input id=${`p-${key}`} type="range" min=${spec.min} max=${spec.max} step=${spec.step} .value=${String(Number.isNaN(value) ? spec.min : value ?? spec.min)}
        @change=${(e: Event) => this.controller?.setParameter(key, Number((e.target as HTMLInputElement).value), this.fromHere)} />
      <output for=${`p-${key}`}>${shown}</output>
    </div>`;
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    const c = this.controller;
    if (!c || !this.plotHost) return;
    const s = c.state;
    // Rebuild the chart only when what it shows changes; otherwise just move the time cursor.
    const key = `${s.sceneRevision}|${s.selectedBodyId}|${this.quantity}|${this.withAnalytic}`;
    if (key !== this.plottedKey) {
      this.plottedKey = key;
      this.drawPlot();
    }
    this.plot?.redraw(false, false);
  }

  private drawPlot(): void {
    this.plot?.destroy();
    this.plot = null;
    const data = this.controller?.plotData(this.quantity, this.withAnalytic);
    if (!data) return;
    const width = Math.max(this.plotHost.clientWidth, 240);
    const timeCursor = () => this.controller?.state.timeS ?? 0;
    this.plot = new uPlot({
      width,
      height: PLOT_HEIGHT_PX,
      scales: { x: { time: false } },
      axes: [{ label: 't (s)' }, { label: data.unit }],
      series: [{ label: 't (s)' }, ...data.series.map((series, i) => ({
        label: series.label, stroke: SERIES_COLOURS[i % SERIES_COLOURS.length], width: 2, ...(series.label.includes('analytic') ? { dash: [6, 4] } : {}),
      }))],
      hooks: {
        draw: [(u: uPlot) => {
          // The current playback time as a vertical line.
          const x = u.valToPos(timeCursor(), 'x', true);
          const ctx = u.ctx;
          ctx.save();
          ctx.strokeStyle = '#f28c28';
          ctx.lineWidth = 2;
          ctx.beginPath();
          ctx.moveTo(x, u.bbox.top);
          ctx.lineTo(x, u.bbox.top + u.bbox.height);
          ctx.stroke();
          ctx.restore();
        }],
      },
    }, [data.t, ...data.series.map((series) => series.values)] as uPlot.AlignedData, this.plotHost);
  }

  /** The stopwatch measures simulation time (it follows scrubbing and playback speed, not the wall clock). */
  private toggleStopwatch(timeS: number): void {
    if (this.stopwatchStartS === null) {
      this.stopwatchStartS = timeS;
      this.lapS = null;
    } else {
      this.lapS = timeS - this.stopwatchStartS;
      this.stopwatchStartS = null;
    }
  }

  private stopwatchText(timeS: number): string {
    if (this.stopwatchStartS !== null) return `running: ${(timeS - this.stopwatchStartS).toFixed(3)} s`;
    return this.lapS === null ? 'press Start, then Stop' : `Δt = ${this.lapS.toFixed(3)} s`;
  }

  /** The plot as drawn, PNG (uPlot draws on a canvas). */
  private downloadPlot(): void {
    const canvas = this.plot?.ctx.canvas;
    const body = this.controller?.state.selectedBodyId ?? 'body';
    canvas?.toBlob((blob) => { if (blob) downloadFile(blob, `worlddraft-${body}-${this.quantity}.png`); }, 'image/png');
  }

  private downloadCsv(): void {
    const csv = this.controller?.exportCsv();
    if (csv) downloadFile(new Blob([csv.text], { type: 'text/csv' }), csv.filename);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.plot?.destroy();
    this.plot = null;
  }
}
