import { recordIngestRejection } from '../metrics/ingestRejections';
import { ApiError, errorResponse } from './errors';

type Handler<Args extends unknown[]> = (request: Request, ...args: Args) => Promise<Response>;

/** Wraps a route handler so every thrown error leaves through `errorResponse`. */
export function route<Args extends unknown[]>(handler: Handler<Args>): Handler<Args> {
  return async (request, ...args) => {
    try {
      return await handler(request, ...args);
    } catch (error) {
      recordIngestRejection(request.method, request.url, error instanceof ApiError ? error.code : 'internal');
      return errorResponse(error);
    }
  };
}
