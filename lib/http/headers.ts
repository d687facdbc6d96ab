/*
 * The header names authscope's own layers pass to each other, in one place. scripts/server.mjs
 * sets the peer from the socket (dropping any client-sent peer and principal), proxy.ts and the
 * machine path set the principal for the request log, proxy.ts sets the viewer for pages.
 */

/** The socket's peer address, as scripts/server.mjs saw it. */
export const PEER_HEADER = 'x-authscope-peer';
/** `viewer:name` or `ingest:name`, read by scripts/server.mjs for the request log line. */
export const PRINCIPAL_HEADER = 'x-authscope-principal';
/** `via:name` of the signed-in viewer, for pages and the actor of a silence. */
export const VIEWER_HEADER = 'x-authscope-viewer';
/** Appended by a trusted proxy (AUTHSCOPE_TRUSTED_PROXIES); ignored from anybody else. */
export const FORWARDED_FOR_HEADER = 'x-forwarded-for';
