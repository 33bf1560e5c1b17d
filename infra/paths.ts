import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (the folder with package.json), wherever the CDK app or a test is started from. */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Entry file of a Lambda handler: `functions/handlers/${name}.handler.ts`. */
export const handlerEntry = (name: string) => join(PROJECT_ROOT, 'functions', 'handlers', `${name}.handler.ts`);
