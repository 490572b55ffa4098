/**
 * The seam between the client's protocol logic and the wire. Two implementations:
 * `createXhrTransport` (browsers: the only API with upload progress) and
 * `createFetchTransport` (Node and custom fetches: a counted stream body, loaded on demand).
 */
export type TransportBody =
  | {
      type: 'multipart';
      /** Form field name (`image` in the upstream contract). */
      field: string;
      file: Blob | Uint8Array;
      size: number;
      filename: string;
      mimeType: string;
    }
  | { type: 'json'; text: string };

export interface TransportRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: TransportBody;
  signal: AbortSignal;
  /** Bytes of the request body handed to the network; the last call has loaded === total. */
  onUploadProgress?: (loaded: number, total: number) => void;
}

export interface TransportResponse {
  status: number;
  header(name: string): string | null;
  /** Reads the whole body, reporting bytes as they arrive (total when the server said). */
  read(onProgress?: (loaded: number, total: number | undefined) => void): Promise<Uint8Array>;
  /** Drops an unread body so the connection is freed. */
  discard(): void;
}

/** Resolves when the answer's headers arrive; rejects on network failure or abort. */
export type Transport = (request: TransportRequest) => Promise<TransportResponse>;
