export { incidentReport } from './report';
export type { IncidentReport } from './report';
export { incidentMarkdown } from './markdown';
export { IncidentQuery, loadIncident } from './load';
export { latestIncidentWindow } from './latest';
