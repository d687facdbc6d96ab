import { recordIngestRejection } from '../metrics/ingestRejections';
import { errorResponse, isAnswerable } from './errors';

type Handler<Args extends unknown[]> = (request: Request, ...args: Args) => Promise<Response>;

/** Wraps a route handler so every thrown error leaves through `errorResponse`. */
export function route<Args extends unknown[]>(handler: Handler<Args>): Handler<Args> {
  return async (request, ...args) => {
    try {
      return await handler(request, ...args);
    } catch (error) {
      // Request URLs are absolute here; the counter keys on the path.
      recordIngestRejection(
        request.method,
        new URL(request.url, 'http://localhost').pathname,
        isAnswerable(error) ? error.code : 'internal',
      );
      return errorResponse(error);
    }
  };
}
