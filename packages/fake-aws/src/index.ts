export type { FakeService, FakeWorld, Fault, FakeAwsOptions, RecordedCall, FakeAws } from './types.js';
export { worldFromSnapshotFiles, worldFromSnapshotFolder } from './world.js';
export { startFakeAws } from './server.js';
export { QUIRKS, QUIRK_NAMES, type Quirk } from './quirk-catalog.js';
export { DEFAULT_UNIMPLEMENTED, instanceStylePermissionSetArn } from './quirks.js';
