export { importGaad, decodePolicyDocument, type ImportGaadOptions } from './import/gaad.js';
