export type { FakeService, FakeWorld, Fault, FakeAwsOptions, RecordedCall, FakeAws } from './types.js';
export { worldFromSnapshotFiles, worldFromSnapshotFolder } from './world.js';
export { startFakeAws } from './server.js';
export { QUIRKS, QUIRK_NAMES, DEFAULT_UNIMPLEMENTED, instanceStylePermissionSetArn, type Quirk } from './quirks.js';
