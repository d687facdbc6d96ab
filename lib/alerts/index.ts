export { ALERT_KINDS, alertKey } from './types';
export type { AlertKind, AlertCondition, AlertState, AlertStatus, TransitionKind } from './types';
export { NotifySpec, AlertRulesSpec, thresholdsFrom } from './config';
export type { AlertThresholds } from './config';
export { fleetMismatchConditions } from './fleetMismatch';
export { instanceStaleConditions } from './instanceStale';
export { failureSpikeConditions, sumByCause } from './failureSpike';
export { probeFailingConditions } from './probeFailing';
export type { ProbeResult } from './probeFailing';
export { rotationIncompleteConditions } from './rotationIncomplete';
export { stepAlerts } from './step';
export type { StepResult } from './step';
export {
  alertmanagerBody,
  slackBody,
  webhookBody,
  signWebhook,
  alertLink,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
} from './messages';
export type { Notification } from './messages';
export { loadDestinations, destinationView, retryDelay } from './destinations';
export type { Destination } from './destinations';
export { DeliveryWorker } from './delivery';
export { AlertEngine } from './engine';
