// The wire types live with the failures domain; the browser imports them from here.
export type { FailureItem, FailureDetail, FailurePage, FailureStats, StatsDimension } from '../failures/types';
export type { FailureGroup, FailureGroupPage } from '../failures/groups';
