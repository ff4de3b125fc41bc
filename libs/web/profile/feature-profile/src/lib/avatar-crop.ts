/**
 * The square crop of an avatar picture (SPEC B1), in the picture's own pixels. Pure math, so the
 * component only draws: `cropRect` is what ends up in the 50×50 PNG.
 */
export interface CropState {
  /** 1 = the largest square that fits; 4 = a quarter of that side. */
  zoom: number;
  /** Centre of the crop square in image pixels. */
  centerX: number;
  centerY: number;
}

export interface CropRect {
  x: number;
  y: number;
  size: number;
}

export const MIN_ZOOM = 1;
export const MAX_ZOOM = 4;

/** Side of the crop square in image pixels. */
export function cropSide(width: number, height: number, zoom: number): number {
  return Math.min(width, height) / clampZoom(zoom);
}

export function clampZoom(zoom: number): number {
  return Number.isFinite(zoom) ? Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, zoom)) : MIN_ZOOM;
}

/** The centred, largest square. */
export function initialCrop(width: number, height: number): CropState {
  return { zoom: 1, centerX: width / 2, centerY: height / 2 };
}

/** Keeps the square inside the picture. */
export function clampCrop(width: number, height: number, state: CropState): CropState {
  const zoom = clampZoom(state.zoom);
  const half = cropSide(width, height, zoom) / 2;
  const clamp = (v: number, max: number) => Math.min(max - half, Math.max(half, Number.isFinite(v) ? v : max / 2));
  return { zoom, centerX: clamp(state.centerX, width), centerY: clamp(state.centerY, height) };
}

export function cropRect(width: number, height: number, state: CropState): CropRect {
  const s = clampCrop(width, height, state);
  const size = cropSide(width, height, s.zoom);
  return { x: s.centerX - size / 2, y: s.centerY - size / 2, size };
}

/** Zooming keeps the same centre (then clamps). */
export function zoomCrop(width: number, height: number, state: CropState, zoom: number): CropState {
  return clampCrop(width, height, { ...state, zoom });
}

/**
 * Dragging the picture by (dx, dy) screen pixels in a preview `viewport` pixels wide moves the
 * crop the other way: the picture follows the pointer.
 */
export function panCrop(width: number, height: number, state: CropState, dx: number, dy: number, viewport: number): CropState {
  const perScreenPixel = cropSide(width, height, state.zoom) / viewport;
  return clampCrop(width, height, { ...state, centerX: state.centerX - dx * perScreenPixel, centerY: state.centerY - dy * perScreenPixel });
}
