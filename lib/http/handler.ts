import { errorResponse } from './errors';

type Handler<Args extends unknown[]> = (request: Request, ...args: Args) => Promise<Response>;

/** Wraps a route handler so every thrown error leaves through `errorResponse`. */
export function route<Args extends unknown[]>(handler: Handler<Args>): Handler<Args> {
  return async (request, ...args) => {
    try {
      return await handler(request, ...args);
    } catch (error) {
      return errorResponse(error);
    }
  };
}
