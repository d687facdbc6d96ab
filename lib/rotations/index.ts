export { environmentRotations } from './view';
export {
  trackRotations,
  type KeyChange,
  type Laggard,
  type Rotation,
  type RotationKey,
  type RotationStatus,
  type TrackOptions,
} from './track';
