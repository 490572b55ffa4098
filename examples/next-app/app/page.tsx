import { ProductImages } from './ProductImages';

// A server component rendering the client one: @cutout/react's entries are client
// components, safe to import and render on the server.
export default function Page() {
  return (
    <main>
      <h1>Product images</h1>
      <ProductImages />
    </main>
  );
}
