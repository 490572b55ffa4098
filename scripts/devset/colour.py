"""sRGB transfer functions (IEC 61966-2-1) on float arrays."""

import numpy as np


def to_linear(srgb):
    srgb = np.asarray(srgb, dtype=np.float32)
    return np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4).astype(
        np.float32)


def to_srgb(linear):
    lin = np.clip(np.asarray(linear, dtype=np.float32), 0, 1)
    return np.where(lin <= 0.0031308, lin * 12.92, 1.055 * lin ** (1 / 2.4) - 0.055).astype(
        np.float32)


def to_8bit(unit):
    return np.clip(np.round(unit * 255), 0, 255).astype(np.uint8)
