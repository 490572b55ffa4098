"""Backdrops in linear light (float32, H x W x 3), made with numpy only.

Everything random draws from numpy's PCG64 seeded by the case, so a rebuild is byte-exact.
"""

import os

import numpy as np
from PIL import Image

from colour import to_linear

PHOTOS = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'photos')


def box_blur(img, radius, axis):
    """Mean over 2r+1 samples along `axis`, edges clamped (a running sum, exact in float64)."""
    if radius < 1:
        return img
    pad = [(0, 0)] * img.ndim
    pad[axis] = (radius + 1, radius)
    padded = np.pad(img.astype(np.float64), pad, mode='edge')
    csum = np.cumsum(padded, axis=axis)
    n = img.shape[axis]
    hi = np.take(csum, np.arange(2 * radius + 1, 2 * radius + 1 + n), axis=axis)
    lo = np.take(csum, np.arange(0, n), axis=axis)
    return ((hi - lo) / (2 * radius + 1)).astype(np.float32)


def gaussian_blur(img, sigma):
    """Three box passes per axis approximate a Gaussian of this sigma (pixels)."""
    if sigma <= 0.3:
        return img
    radius = max(1, int(round((np.sqrt(4 * sigma * sigma + 1) - 1) / 2)))
    out = img
    for axis in (0, 1):
        for _ in range(3):
            out = box_blur(out, radius, axis)
    return out


def _grid(h, w):
    y = (np.arange(h, dtype=np.float32) + 0.5)[:, None] / h
    x = (np.arange(w, dtype=np.float32) + 0.5)[None, :] / w
    return y, x


def _mottle(h, w, rng, scale, amount):
    """Low-frequency unevenness of a lit surface (paper pulp, uneven light)."""
    noise = rng.standard_normal((h, w), dtype=np.float32)
    blurred = gaussian_blur(noise, scale)
    blurred /= max(float(blurred.std()), 1e-6)
    return 1 + amount * blurred


def _light(h, w, strength):
    """The key light is upper left: a backdrop is brighter there, falling off to the corners."""
    y, x = _grid(h, w)
    r2 = ((x - 0.38) / 0.9) ** 2 + ((y - 0.45) / 0.8) ** 2
    return (1 - strength * r2).astype(np.float32)


def white(h, w, rng):
    # A studio white is exposed a little over, so the paper clips to 255 as on a real shoot.
    return np.full((h, w, 3), 1.04, np.float32)


def grey_sweep(h, w, rng):
    """A seamless paper sweep: the floor nearer the light, the wall above falling off."""
    y, x = _grid(h, w)
    horizon = 1 / (1 + np.exp(-(y - 0.42) / 0.09))
    level = 0.16 + 0.16 * horizon
    tone = level * _light(h, w, 0.35) * _mottle(h, w, rng, w / 18, 0.012)
    return np.repeat(tone[..., None], 3, axis=2) * np.float32([1.0, 1.0, 1.03])


def paper(h, w, rng, colour):
    """Coloured card: its colour, pulp mottling and a fine fibre grain, lit from the left."""
    base = to_linear(np.float32(colour) / 255)
    tone = _light(h, w, 0.22) * _mottle(h, w, rng, w / 30, 0.02)
    grain = 1 + 0.015 * gaussian_blur(rng.standard_normal((h, w), dtype=np.float32), 0.8)
    return (tone * grain)[..., None] * base[None, None, :]


def off_white(h, w, rng):
    base = to_linear(np.float32([243, 239, 230]) / 255)
    tone = _light(h, w, 0.12) * _mottle(h, w, rng, w / 24, 0.008)
    return tone[..., None] * base[None, None, :]


def photo(h, w, name, blur_sigma=0.0):
    """A committed crop of a Debian background photograph, scaled to cover the frame."""
    img = Image.open(os.path.join(PHOTOS, f'{name}.jpg')).convert('RGB')
    if img.size != (w, h):
        img = img.resize((w, h), Image.LANCZOS)
    lin = to_linear(np.asarray(img, dtype=np.float32) / 255)
    # Depth of field: the blurred variant is the same scene far out of focus.
    return gaussian_blur(lin, blur_sigma) if blur_sigma else lin
