import { ingestFingerprints } from '@/lib/ingest';
import { ingestRoute } from '@/lib/ingest/ingestRoute';

export const POST = ingestRoute(ingestFingerprints);
