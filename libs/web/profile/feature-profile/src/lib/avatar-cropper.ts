import { ChangeDetectionStrategy, Component, ElementRef, OnDestroy, effect, input, output, signal, viewChild } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { AVATAR_SIZE_PX } from '@parley/shared/contracts';
import { clampZoom, CropState, cropRect, initialCrop, MAX_ZOOM, MIN_ZOOM, panCrop, zoomCrop } from './avatar-crop';

const PREVIEW_PX = 200;
const KEY_STEP_PX = 10;

/**
 * Square crop of a chosen picture (drag or arrow keys to move, slider or wheel to zoom), drawn on
 * a canvas; "Use this picture" emits a 50×50 PNG as a data URL.
 */
@Component({
  selector: 'pl-avatar-cropper',
  imports: [MatButtonModule],
  template: `
    <div class="cropper" role="group" aria-label="Crop the picture">
      <canvas
        #preview
        class="preview"
        [width]="previewPx"
        [height]="previewPx"
        tabindex="0"
        role="img"
        aria-label="Crop preview. Drag or use the arrow keys to move the picture; plus and minus zoom."
        data-testid="avatar-crop-preview"
        (pointerdown)="onPointerDown($event)"
        (pointermove)="onPointerMove($event)"
        (pointerup)="dragging = null"
        (pointercancel)="dragging = null"
        (wheel)="onWheel($event)"
        (keydown)="onKeydown($event)"
      ></canvas>
      <label class="zoom">
        Zoom
        <input type="range" [min]="minZoom" [max]="maxZoom" step="0.05" [value]="crop().zoom" (input)="onZoomInput($event)" data-testid="avatar-zoom" />
      </label>
      @if (error()) {
        <p class="error" role="alert">{{ error() }}</p>
      }
      <div class="actions">
        <button mat-flat-button type="button" (click)="use()" [disabled]="!image()" data-testid="avatar-use">Use this picture</button>
        <button mat-button type="button" (click)="cancelled.emit()">Cancel</button>
      </div>
    </div>
  `,
  styles: `
    .cropper { display: flex; flex-direction: column; gap: 8px; align-items: flex-start; }
    .preview { width: 200px; height: 200px; border-radius: 8px; cursor: grab; touch-action: none; background: var(--mat-sys-surface-container); outline-offset: 2px; }
    .zoom { display: flex; gap: 8px; align-items: center; font: var(--mat-sys-body-medium); }
    .actions { display: flex; gap: 8px; }
    .error { color: var(--mat-sys-error); margin: 0; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AvatarCropper implements OnDestroy {
  readonly file = input.required<File>();
  readonly cropped = output<string>();
  readonly cancelled = output<void>();

  protected readonly previewPx = PREVIEW_PX;
  protected readonly minZoom = MIN_ZOOM;
  protected readonly maxZoom = MAX_ZOOM;
  protected readonly image = signal<HTMLImageElement | null>(null);
  protected readonly crop = signal<CropState>({ zoom: 1, centerX: 0, centerY: 0 });
  protected readonly error = signal('');
  protected dragging: { x: number; y: number } | null = null;
  private readonly canvas = viewChild.required<ElementRef<HTMLCanvasElement>>('preview');
  private objectUrl: string | null = null;

  constructor() {
    effect((onCleanup) => {
      const file = this.file();
      const url = URL.createObjectURL(file);
      this.objectUrl = url;
      const img = new Image();
      let cancelled = false;
      img.onload = () => {
        if (cancelled) return;
        this.crop.set(initialCrop(img.naturalWidth, img.naturalHeight));
        this.image.set(img);
      };
      img.onerror = () => !cancelled && this.error.set('This file cannot be read as a picture. Choose a PNG, JPEG or WebP image.');
      img.src = url;
      onCleanup(() => {
        cancelled = true;
        URL.revokeObjectURL(url);
      });
    });
    effect(() => this.draw(this.canvas().nativeElement, PREVIEW_PX));
  }

  ngOnDestroy(): void {
    if (this.objectUrl) URL.revokeObjectURL(this.objectUrl);
  }

  protected onPointerDown(event: PointerEvent): void {
    this.dragging = { x: event.clientX, y: event.clientY };
    (event.target as HTMLElement).setPointerCapture?.(event.pointerId);
  }

  protected onPointerMove(event: PointerEvent): void {
    if (!this.dragging) return;
    this.pan(event.clientX - this.dragging.x, event.clientY - this.dragging.y);
    this.dragging = { x: event.clientX, y: event.clientY };
  }

  protected onWheel(event: WheelEvent): void {
    event.preventDefault();
    this.zoom(this.crop().zoom * (event.deltaY < 0 ? 1.1 : 1 / 1.1));
  }

  protected onKeydown(event: KeyboardEvent): void {
    const moves: Record<string, [number, number]> = { ArrowLeft: [KEY_STEP_PX, 0], ArrowRight: [-KEY_STEP_PX, 0], ArrowUp: [0, KEY_STEP_PX], ArrowDown: [0, -KEY_STEP_PX] };
    if (moves[event.key]) {
      event.preventDefault();
      this.pan(...moves[event.key]);
    } else if (event.key === '+' || event.key === '=') {
      this.zoom(this.crop().zoom + 0.25);
    } else if (event.key === '-') {
      this.zoom(this.crop().zoom - 0.25);
    }
  }

  protected onZoomInput(event: Event): void {
    this.zoom(Number((event.target as HTMLInputElement).value));
  }

  protected use(): void {
    const canvas = document.createElement('canvas');
    canvas.width = AVATAR_SIZE_PX;
    canvas.height = AVATAR_SIZE_PX;
    if (!this.draw(canvas, AVATAR_SIZE_PX)) return;
    this.cropped.emit(canvas.toDataURL('image/png'));
  }

  private pan(dx: number, dy: number): void {
    const img = this.image();
    if (img) this.crop.set(panCrop(img.naturalWidth, img.naturalHeight, this.crop(), dx, dy, PREVIEW_PX));
  }

  private zoom(value: number): void {
    const img = this.image();
    if (img) this.crop.set(zoomCrop(img.naturalWidth, img.naturalHeight, this.crop(), clampZoom(value)));
  }

  private draw(canvas: HTMLCanvasElement, size: number): boolean {
    const img = this.image();
    const ctx = canvas.getContext('2d');
    if (!ctx) return false;
    ctx.clearRect(0, 0, size, size);
    if (!img) return false;
    const r = cropRect(img.naturalWidth, img.naturalHeight, this.crop());
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(img, r.x, r.y, r.size, r.size, 0, 0, size, size);
    return true;
  }
}
