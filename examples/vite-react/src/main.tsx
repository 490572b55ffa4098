import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ProductImages } from './ProductImages';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <main>
      <h1>Product images</h1>
      <ProductImages />
    </main>
  </StrictMode>,
);
