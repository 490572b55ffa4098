'use client';
import { CompositePreview, CutoutDropzone, CutoutProvider } from '@cutout/react';
import '@cutout/react/styles.css';

// The root README's "In a React app": the dropzone shows the result once, through the preview.
export function ProductImages() {
  return (
    <CutoutProvider endpoint="/api/cutout">
      <CutoutDropzone
        renderResult={(cutout) => <CompositePreview src={cutout.objectUrl} alt="Product" />}
      />
    </CutoutProvider>
  );
}
