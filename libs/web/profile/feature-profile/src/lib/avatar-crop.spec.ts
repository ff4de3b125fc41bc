import { clampCrop, cropRect, cropSide, initialCrop, MAX_ZOOM, panCrop, zoomCrop } from './avatar-crop';

describe('avatar crop math', () => {
  it('starts with the largest centred square', () => {
    expect(cropRect(400, 200, initialCrop(400, 200))).toEqual({ x: 100, y: 0, size: 200 });
    expect(cropRect(300, 600, initialCrop(300, 600))).toEqual({ x: 0, y: 150, size: 300 });
    expect(cropRect(50, 50, initialCrop(50, 50))).toEqual({ x: 0, y: 0, size: 50 });
  });

  it('zooming shrinks the square around the same centre', () => {
    const z = zoomCrop(400, 200, initialCrop(400, 200), 2);
    expect(cropRect(400, 200, z)).toEqual({ x: 150, y: 50, size: 100 });
  });

  it('clamps the zoom between 1 and the maximum, and ignores nonsense', () => {
    expect(zoomCrop(400, 200, initialCrop(400, 200), 0.2).zoom).toBe(1);
    expect(zoomCrop(400, 200, initialCrop(400, 200), 99).zoom).toBe(MAX_ZOOM);
    expect(zoomCrop(400, 200, initialCrop(400, 200), Number.NaN).zoom).toBe(1);
    expect(cropSide(400, 200, 99)).toBe(200 / MAX_ZOOM);
  });

  it('dragging moves the picture with the pointer (the crop the other way), scaled to image pixels', () => {
    const start = zoomCrop(400, 400, initialCrop(400, 400), 2); // side 200, centre 200,200
    // a 100-pixel preview shows 200 image pixels: 10 screen px to the right = 20 image px to the left
    const moved = panCrop(400, 400, start, 10, -5, 100);
    expect(moved).toEqual({ zoom: 2, centerX: 180, centerY: 210 });
  });

  it('never lets the square leave the picture', () => {
    const start = zoomCrop(400, 200, initialCrop(400, 200), 2);
    const far = panCrop(400, 200, start, 10_000, 10_000, 100);
    expect(cropRect(400, 200, far)).toEqual({ x: 0, y: 0, size: 100 });
    const other = panCrop(400, 200, start, -10_000, -10_000, 100);
    expect(cropRect(400, 200, other)).toEqual({ x: 300, y: 100, size: 100 });
    // zooming out at an edge pulls the square back inside
    expect(cropRect(400, 200, zoomCrop(400, 200, far, 1))).toEqual({ x: 0, y: 0, size: 200 });
    expect(clampCrop(400, 200, { zoom: 1, centerX: Number.NaN, centerY: 100 })).toEqual({ zoom: 1, centerX: 200, centerY: 100 });
  });
});
