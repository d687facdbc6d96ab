export { inspectToken } from './inspectToken';
export type { InspectionKeyring } from './inspectToken';
export type { InspectionReport, FleetVerdict } from './report';
export { InspectRequest, INSPECT_BODY_LIMIT } from './request';
export { incidentNote } from './incidentNote';
