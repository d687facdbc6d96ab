/** A JSON answer that no cache keeps: reports, keys and failures are never cached. */
export function json(
  body: unknown,
  init: { status?: number; headers?: Record<string, string> } = {},
): Response {
  return Response.json(body, {
    status: init.status ?? 200,
    headers: { 'cache-control': 'no-store', ...init.headers },
  });
}
