/** Runs a validator's code (validators.generated.ts): assigns the validator to `exports[name]`. */
export type ValidatorFactory = (exports: Record<string, unknown>, module: { exports: Record<string, unknown> }, formats: unknown) => void;

/**
 * The validators' code as functions, where a build can write it as code: the published CLI's build does
 * (build-package.mjs), so that V8's code cache keeps it compiled. Empty here, since tsc cannot compile that code:
 * each validator is then made from its source when first used.
 */
export const VALIDATOR_FACTORIES: Readonly<Partial<Record<string, ValidatorFactory>>> = {};
